/**
 * Test helpers: drive a REPL session over in-memory streams with keystrokes and
 * collect what it writes; and the same keystrokes through MicroPython's own
 * REPL (the WebAssembly port's replInit/replProcessChar) for comparison.
 */

import { runRepl } from "../../lib/repl/session.ts";
import { loadMicroPython } from "micropython-wasm";

export const REFERENCE_BANNER = "MicroPython v1.27.0 on 2025-12-10; JS with Emscripten";

/**
 * Feeds `keys` byte by byte (each in its own chunk), then closes the input. The output is
 * decoded as UTF-8, or with `bytes` one character per byte (protocol bytes above 0x7f).
 */
export async function driveUpy(
  keys: string | Uint8Array,
  options: {
    banner?: string;
    board?: boolean;
    rawPasteWindow?: number;
    lineMode?: boolean;
    bytes?: boolean;
  } = {},
): Promise<string> {
  const bytes = typeof keys === "string" ? new TextEncoder().encode(keys) : keys;
  let i = 0;
  const input = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < bytes.length) controller.enqueue(bytes.slice(i, ++i));
      else controller.close();
    },
  });
  const chunks: Uint8Array[] = [];
  const output = new WritableStream<Uint8Array>({ write: (c) => void chunks.push(c) });
  await runRepl({ input, output, ...options });
  const all = concat(chunks);
  return options.bytes ? String.fromCharCode(...all) : new TextDecoder().decode(all);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

/** MicroPython's REPL output for the same keys, banner included. */
export async function driveReference(keys: string): Promise<string> {
  let out = "";
  const decoder = new TextDecoder();
  const mp = await loadMicroPython({
    stdout: (b: string | Uint8Array) => (out += typeof b === "string" ? b : decoder.decode(b)),
    linebuffer: false,
  });
  (mp as any).replInit();
  for (const ch of new TextEncoder().encode(keys)) (mp as any).replProcessChar(ch);
  // replInit starts with a blank line that a board's banner does not have.
  return out.startsWith("\r\n") ? out.slice(2) : out;
}

/**
 * The wasm port writes program output with bare `\n` where a board (and upy)
 * sends `\r\n`; compare with line ends made alike.
 */
export function sameLineEnds(text: string): string {
  return text.replace(/\r\n/g, "\n");
}
