/**
 * The command line: `deno run -A mod.ts [options] [file.py | -c code | -] [args]`,
 * following the unix port's contract (see ../shared/compat/README.md): output
 * and tracebacks as `micropython file.py` prints them, exit status 1 on an
 * uncaught exception, SystemExit's code otherwise. With no file, the REPL
 * (lib/repl/); `-` streams the program from stdin, running each statement as it
 * arrives; `--raw-stdio` makes stdin/stdout a board's serial line (raw REPL).
 */

import { VM } from "./vm/vm.ts";
import type { SourceLoader } from "./vm/import.ts";
import { hostFileSystem, hostStdin } from "./host_fs.ts";
import { disassemble } from "./compiler/disassemble.ts";
import type { Hal, HalFactory } from "../hal/hal.ts";
import { createBoard, knownBoard } from "../hal/boards.ts";
import { MockPico } from "../hal/mock/pico.ts";
import type { RemoteHal } from "../hal/remote/machine_adapter.ts";
import { isBoardLinkTarget } from "../hal/remote/link_target.ts";

/** Writes text and bytes to a Deno file synchronously, in order, buffering small writes. */
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

  /** sys.stdout.buffer.write: the bytes as they are, after the text before them. */
  writeBytes(data: Uint8Array): void {
    this.flush();
    this.writeAll(data);
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    const data = this.encoder.encode(this.chunks.join(""));
    this.chunks = [];
    this.size = 0;
    this.writeAll(data);
  }

  private writeAll(data: Uint8Array): void {
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
  const errorOutput = {
    write: writeErr,
    writeBytes(data: Uint8Array) {
      stdout.flush();
      stderr.writeBytes(data);
    },
  };
  let dis = false;
  let rawStdio = false;
  const board: BoardFlags = { target: "mock", virtualClock: false, trace: null, timeline: false };
  let i = 0;
  for (; i < args.length; i++) {
    if (args[i] === "--dis") dis = true;
    else if (args[i] === "--raw-stdio") rawStdio = true;
    else if (args[i] === "--board" && i + 1 < args.length) board.target = args[++i];
    else if (args[i] === "--trace" && i + 1 < args.length) board.trace = args[++i];
    else if (args[i] === "--virtual-clock") board.virtualClock = true;
    else if (args[i] === "--timeline") board.timeline = true;
    else break;
  }
  const rest = args.slice(i);
  const attached = await attachBoard(board, writeErr);
  if (typeof attached === "number") return attached;
  if (rawStdio || rest.length === 0) {
    // The REPL of lib/repl/: on a terminal, plain lines from a pipe, or as a board on a
    // pty (--raw-stdio). Each soft reset makes a new VM on the same board.
    const { runTerminalRepl } = await import("./repl/terminal.ts");
    const code = await runTerminalRepl({
      board: rawStdio,
      vmOptions: {
        argv: [""],
        path: defaultPath(""),
        loader: hostLoader,
        fileSystem: hostFileSystem,
        board: attached.board,
      },
    });
    await attached.finish();
    return code;
  }
  let source: string;
  let filename: string;
  let argv: string[];
  let scriptDir = "";
  if (rest[0] === "-c") {
    source = rest[1] ?? "";
    filename = "<stdin>";
    argv = ["-c", ...rest.slice(2)];
  } else if (rest[0] === "-" && !dis) {
    // The program streams in: each statement runs as soon as it has arrived, and
    // its output shows once the VM waits for more input (a flush on the next turn).
    let flushScheduled = false;
    const flushSoon = () => {
      if (flushScheduled) return;
      flushScheduled = true;
      setTimeout(() => {
        flushScheduled = false;
        stdout.flush();
      }, 0);
    };
    const vm = new VM({
      stdout: {
        write(t) {
          stdout.write(t);
          flushSoon();
        },
        writeBytes: (data) => stdout.writeBytes(data),
      },
      stderr: errorOutput,
      argv: ["", ...rest.slice(1)],
      path: defaultPath(""),
      loader: hostLoader,
      fileSystem: hostFileSystem,
      board: attached.board,
    });
    const result = await vm.runStream(Deno.stdin.readable, "<stdin>");
    stdout.flush();
    await attached.finish();
    stderr.flush();
    return result.exitCode;
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
      await attached.finish();
      return 2;
    }
    const slash = filename.lastIndexOf("/");
    scriptDir = slash >= 0 ? filename.slice(0, slash) : "";
  }
  const vm = new VM({
    stdout,
    stderr: errorOutput,
    argv,
    path: defaultPath(scriptDir),
    loader: hostLoader,
    fileSystem: hostFileSystem,
    board: attached.board,
    stdin: hostStdin,
  });
  if (dis) {
    try {
      stdout.write(disassemble(vm.compile(source, filename)) + "\n");
    } catch (e) {
      writeErr(String(e) + "\n");
      return 1;
    }
    stdout.flush();
    await attached.finish();
    return 0;
  }
  const result = await vm.runMain(source, filename);
  stdout.flush();
  await attached.finish();
  stderr.flush();
  return result.exitCode;
}

/** The board `machine` drives for this run, and how to let it go at the end. */
interface AttachedBoard {
  board: Hal | HalFactory;
  finish(): Promise<void>;
}

/**
 * A real board on the link (`--board /dev/ttyACM0`, `host:port`) is connected before anything
 * runs, so a missing or busy port is reported as such rather than as an OSError inside the
 * script; any other name is one of hal/boards.ts's simulated boards. A number is the exit status
 * of a failure already reported.
 */
async function attachBoard(
  flags: BoardFlags,
  writeErr: (t: string) => void,
): Promise<AttachedBoard | number> {
  let remote: RemoteHal | null = null;
  if (isBoardLinkTarget(flags.target)) {
    try {
      const { openRemoteHal } = await import("../hal/remote/machine_adapter.ts");
      remote = await openRemoteHal(flags.target);
    } catch (e) {
      writeErr(`micropython: ${(e as Error).message}\n`);
      return 1;
    }
  } else if (!knownBoard(flags.target)) {
    writeErr(`micropython: unknown board '${flags.target}' (try --board mock)\n`);
    return 2;
  }
  const boardLink = openBoard(flags, writeErr);
  return {
    board: remote ?? boardLink.factory,
    async finish() {
      boardLink.finish();
      // Writes still queued for the board go out before the link closes.
      await remote?.close().catch((e) => writeErr(`micropython: ${(e as Error).message}\n`));
    },
  };
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
