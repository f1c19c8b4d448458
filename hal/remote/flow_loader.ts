/**
 * Flow control for boards without raw-paste. Plain raw mode has none: the host sends the whole
 * program and the board's UART ring buffer (a few dozen bytes) must absorb it while the REPL
 * stores it. When the board pauses to grow that buffer (a garbage collection on a 16 KB heap)
 * and the bytes keep coming faster than a real UART would bring them (QEMU's emulated UART, a
 * USB bridge at a high baud rate), bytes are dropped silently and the program that runs is not
 * the one sent: usually a SyntaxError, sometimes a different, valid program.
 *
 * So longer programs travel through a small loader that is defined on the board once per raw
 * session: `_upy_x(n)` asks for the next piece with `\x01`, reads exactly that many bytes from
 * the console, and after `n` bytes prints `\x02` and runs the text with `exec` in the module's
 * globals (so it behaves like code typed at the raw REPL). The host only sends a piece after the
 * request for it, so nothing is ever sent that the board is not waiting for.
 *
 * Only text the console passes unchanged goes this way: printable ASCII, tab and newline (a
 * Ctrl-C in the data would interrupt the loader; multi-byte characters would be split between
 * reads). Other programs are sent directly, in paced chunks.
 *
 * A traceback from the loaded code names the loader's frames and `<string>`; those are rewritten
 * so that the user sees what plain raw mode would have shown.
 */

/** Bytes per request; well under the smallest UART ring buffer seen on MicroPython ports. */
export const LOADER_PIECE = 32;

/** Programs at most this long are sent directly (too short to overrun the board's buffer). */
export const LOADER_MIN_PROGRAM = 96;

/** The loader's definition: reads `sys.stdin.buffer` where the port has it, else the micro:bit's
 * uart (whose 16 KB heap also wants the pieces joined only once). */
export const LOADER_SOURCE = `def _upy_x(n):
 try:
  import sys;r=sys.stdin.buffer.read
 except AttributeError:
  import microbit;u=microbit.uart
  def r(k):
   while not u.any():pass
   return u.read(k)
 p=[]
 while n>0:
  k=min(n,${LOADER_PIECE});n-=k;print('\\x01',end='')
  while k>0:
   d=r(k);p.append(d);k-=len(d)
 print('\\x02',end='');p=p[0][:0].join(p);exec(p,globals())
`;

/**
 * The program that defines the loader on the board. It is sent directly, so bytes may be lost
 * on the way too, and a lost run can leave a loader that is still valid Python but does
 * something else (losing `[0][:0].join` turns the join into a call of the list). So the source
 * travels as a string whose length and sum of code points the board checks before `exec`
 * defines the loader: a damaged string prints a complaint, a damaged check fails to compile or
 * names something undefined, and any output at all means "send it again".
 */
export const LOADER_DEFINITION = (() => {
  let sum = 0;
  for (let i = 0; i < LOADER_SOURCE.length; i++) sum += LOADER_SOURCE.charCodeAt(i);
  // JSON's string syntax is Python's for ASCII text.
  // The string goes again at once (a name of the program's own must not be taken, and on a
  // 16 KB heap 336 bytes kept for nothing are felt).
  return `_upy_s=${JSON.stringify(LOADER_SOURCE)}\n` +
    `if len(_upy_s)==${LOADER_SOURCE.length} and sum(map(ord,_upy_s))==${sum}:exec(_upy_s)\n` +
    `else:print('damaged')\n` +
    `del _upy_s\n`;
})();

/** The call that loads and runs a program of `length` bytes. */
export function loaderCall(length: number): string {
  return `_upy_x(${length})`;
}

/** True when `program` can pass through the loader unchanged. */
export function loaderCanCarry(program: Uint8Array): boolean {
  if (program.length < LOADER_MIN_PROGRAM) return false;
  for (const byte of program) {
    if (byte === 0x09 || byte === 0x0a) continue;
    if (byte < 0x20 || byte > 0x7e) return false;
  }
  return true;
}

/**
 * Removes the loader's own frames from a traceback of loaded code and names the code `<stdin>`,
 * as plain raw mode would. Lines that are not the loader's are kept as they are.
 */
export function cleanLoaderTraceback(text: string): string {
  const lines = text.split("\r\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (
      /^ {2}File "<(stdin|string)>", line \d+, in (<module>|_upy_x)$/.test(line) &&
      isLoaderFrame(lines, i)
    ) {
      continue;
    }
    out.push(line.replace(/^( {2}File )"<string>"/, '$1"<stdin>"'));
  }
  return out.join("\r\n");
}

/** The `<module>` frame of the `_upy_x(n)` call and the `_upy_x` frame itself (in `<string>`:
 * LOADER_DEFINITION defines it with `exec`). */
function isLoaderFrame(lines: readonly string[], index: number): boolean {
  if (lines[index].endsWith("in _upy_x")) return true;
  return lines[index + 1]?.endsWith("in _upy_x") === true;
}
