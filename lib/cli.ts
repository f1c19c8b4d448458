/**
 * The command line: `deno run -A mod.ts [options] [file.py | -c code | -] [args]`,
 * following the unix port's contract (see ../shared/compat/README.md): output
 * and tracebacks as `micropython file.py` prints them, exit status 1 on an
 * uncaught exception, SystemExit's code otherwise.
 */

import { VM } from "./vm/vm.ts";
import type { SourceLoader } from "./vm/import.ts";
import { hostFileSystem, hostStdin } from "./host_fs.ts";
import { stdinReadLine } from "./modules/stdin.ts";
import { disassemble } from "./compiler/disassemble.ts";
import type { Hal } from "../hal/hal.ts";
import { createBoard, knownBoard } from "../hal/boards.ts";
import { MockPico } from "../hal/mock/pico.ts";
import { isBoardLinkTarget, openRemoteHal, type RemoteHal } from "../hal/remote/machine_adapter.ts";

/** Writes text to a Deno file synchronously, buffering small writes. */
class BufferedWriter {
  private chunks: string[] = [];
  private size = 0;
  private encoder = new TextEncoder();
  constructor(private file: { writeSync(p: Uint8Array): number }) {}

  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size > 16384) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    let data = this.encoder.encode(this.chunks.join(""));
    this.chunks = [];
    this.size = 0;
    while (data.length > 0) {
      const n = this.file.writeSync(data);
      data = data.subarray(n);
    }
  }
}

export { hostFileSystem };

export const hostLoader: SourceLoader = {
  readText(path: string): string | null {
    try {
      return Deno.readTextFileSync(path);
    } catch {
      return null;
    }
  },
  isDirectory(path: string): boolean {
    try {
      return Deno.statSync(path).isDirectory;
    } catch {
      return false;
    }
  },
};

function defaultPath(scriptDir: string): string[] {
  const env = Deno.env.get("MICROPYPATH");
  const rest = env !== undefined
    ? env.split(":")
    : [".frozen", (Deno.env.get("HOME") ?? "~") + "/.micropython/lib", "/usr/lib/micropython"];
  return [scriptDir, ...rest];
}

export async function main(args: string[]): Promise<number> {
  const stdout = new BufferedWriter(Deno.stdout);
  const stderr = new BufferedWriter(Deno.stderr);
  const writeErr = (text: string) => {
    stdout.flush();
    stderr.write(text);
    stderr.flush();
  };
  let dis = false;
  const board: BoardFlags = { target: "mock", virtualClock: false, trace: null, timeline: false };
  let i = 0;
  for (; i < args.length; i++) {
    if (args[i] === "--dis") dis = true;
    else if (args[i] === "--board" && i + 1 < args.length) board.target = args[++i];
    else if (args[i] === "--trace" && i + 1 < args.length) board.trace = args[++i];
    else if (args[i] === "--virtual-clock") board.virtualClock = true;
    else if (args[i] === "--timeline") board.timeline = true;
    else break;
  }
  const rest = args.slice(i);
  let source: string;
  let filename: string;
  let argv: string[];
  let scriptDir = "";
  if (rest.length === 0) {
    return await simplePrompt(stdout, writeErr);
  } else if (rest[0] === "-c") {
    source = rest[1] ?? "";
    filename = "<stdin>";
    argv = ["-c", ...rest.slice(2)];
  } else if (rest[0] === "-") {
    source = await new Response(Deno.stdin.readable).text();
    filename = "<stdin>";
    argv = ["", ...rest.slice(1)];
  } else {
    filename = rest[0];
    argv = rest;
    try {
      source = Deno.readTextFileSync(filename);
    } catch {
      writeErr(`micropython: can't open file '${filename}': [Errno 2] No such file or directory\n`);
      return 2;
    }
    const slash = filename.lastIndexOf("/");
    scriptDir = slash >= 0 ? filename.slice(0, slash) : "";
  }
  // A real board on the link (`--board /dev/ttyACM0`, `host:port`): connect before running, so
  // a missing or busy port is reported as such rather than as an OSError inside the script.
  let remote: RemoteHal | null = null;
  if (isBoardLinkTarget(board.target)) {
    try {
      remote = await openRemoteHal(board.target);
    } catch (e) {
      writeErr(`micropython: ${(e as Error).message}\n`);
      return 1;
    }
  }
  if (remote === null && !knownBoard(board.target)) {
    writeErr(`micropython: unknown board '${board.target}' (try --board mock)\n`);
    return 2;
  }
  const boardLink = openBoard(board, writeErr);
  const vm = new VM({
    stdout: (t) => stdout.write(t),
    stderr: writeErr,
    argv,
    path: defaultPath(scriptDir),
    loader: hostLoader,
    fileSystem: hostFileSystem,
    board: remote ?? boardLink.factory,
    stdin: hostStdin,
    readLine: stdinReadLine,
  });
  if (dis) {
    try {
      stdout.write(disassemble(vm.compile(source, filename)) + "\n");
    } catch (e) {
      writeErr(String(e) + "\n");
      return 1;
    }
    stdout.flush();
    return 0;
  }
  const result = await vm.runMain(source, filename);
  stdout.flush();
  boardLink.finish();
  // Writes still queued for the board go out before the link closes.
  await remote?.close().catch((e) => writeErr(`micropython: ${(e as Error).message}\n`));
  stderr.flush();
  return result.exitCode;
}

interface BoardFlags {
  /** `--board NAME`: which HAL adapter machine uses (hal/boards.ts); "mock" by default. */
  target: string;
  /** `--virtual-clock`: board time moves only with the program (mock). */
  virtualClock: boolean;
  /** `--trace FILE.vcd`: the mock's pin and bus trace as a VCD file, written at exit. */
  trace: string | null;
  /** `--timeline`: the trace as text on stderr at exit. */
  timeline: boolean;
}

/** The board is made on first `import machine`; at exit its trace goes where the flags say. */
function openBoard(flags: BoardFlags, writeErr: (t: string) => void) {
  let made: Hal | null = null;
  const factory = () => (made = createBoard(flags.target, { virtualClock: flags.virtualClock }));
  const finish = () => {
    if (!(made instanceof MockPico)) return;
    if (flags.trace !== null) Deno.writeTextFileSync(flags.trace, made.vcd());
    if (flags.timeline) writeErr(made.timeline(200));
  };
  return { factory, finish };
}

/** No file given: a plain line-by-line prompt (the full REPL lives in lib/repl/). */
async function simplePrompt(
  stdout: BufferedWriter,
  writeErr: (t: string) => void,
): Promise<number> {
  const vm = new VM({
    stdout: (t) => stdout.write(t),
    stderr: writeErr,
    loader: hostLoader,
    path: defaultPath(""),
  });
  const decoder = new TextDecoder();
  const reader = Deno.stdin.readable.getReader();
  let pending = "";
  let block = "";
  stdout.write(">>> ");
  stdout.flush();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (block !== "" && line.trim() !== "") {
        block += line + "\n";
      } else if (block === "" && line.trimEnd().endsWith(":")) {
        block = line + "\n";
      } else {
        const text = block !== "" ? block : line;
        block = "";
        if (text.trim() !== "") {
          try {
            await vm.run(vm.compile(text, "<stdin>", "single"));
          } catch (e) {
            const code = vm.reportUncaught(vm.withActive(() => toPy(e)));
            if (code !== 1) return code;
          }
        }
      }
      stdout.write(block !== "" ? "... " : ">>> ");
      stdout.flush();
    }
  }
  stdout.write("\n");
  stdout.flush();
  return 0;
}

import { toPyException as toPy } from "./vm/interpreter.ts";
