/**
 * The command line: `deno run -A mod.ts [options] [file.py | -c code | -] [args]`,
 * following the unix port's contract (see ../shared/compat/README.md): output
 * and tracebacks as `micropython file.py` prints them, exit status 1 on an
 * uncaught exception, SystemExit's code otherwise. With no file, the REPL
 * (lib/repl/); `-` streams the program from stdin, running each statement as it
 * arrives; `--raw-stdio` makes stdin/stdout a board's serial line (raw REPL).
 */

import { VM, type VMOptions } from "./vm/vm.ts";
import { getLoader, searchDirs, type SourceLoader } from "./vm/import.ts";
import type { OutputWriter } from "./vm/host_io.ts";
import { toPyException } from "./vm/interpreter.ts";
import { PySystemExit } from "./objects/exception.ts";
import {
  type BoardFlags,
  type CliOptions,
  type CliProgram,
  INVALID_ARGS,
  parseCommandLine,
  USAGE,
} from "./cli_args.ts";
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
  const options = parseCommandLine(args);
  if (options === "help") {
    stdout.write(USAGE);
    stdout.flush();
    return 0;
  }
  if (options === null) {
    writeErr(INVALID_ARGS);
    return 1;
  }
  const attached = await attachBoard(options.board, writeErr);
  if (typeof attached === "number") return attached;
  try {
    return await runPrograms(options, attached, stdout, errorOutput);
  } finally {
    stdout.flush();
    await attached.finish();
    stderr.flush();
  }
}

/**
 * Runs what the command line asks for, in its order (MicroPython goes on after a failed -c,
 * stops at SystemExit), then the REPL when nothing ran or -i asks for it: on a terminal the
 * REPL proper, from a pipe stdin run as one more program.
 */
async function runPrograms(
  options: CliOptions,
  attached: AttachedBoard,
  stdout: BufferedWriter,
  stderr: OutputWriter,
): Promise<number> {
  const file = options.programs.find((p) => p.kind === "file");
  const scriptDir = file?.kind === "file" && file.path.lastIndexOf("/") >= 0
    ? file.path.slice(0, file.path.lastIndexOf("/"))
    : "";
  const vmOptions = {
    argv: options.argv,
    path: defaultPath(scriptDir),
    // No loader: imports read through the VM's VFS (the host file system at its root), so a file
    // system the program mounts (vfs.mount) is on sys.path too, as on MicroPython.
    fileSystem: hostFileSystem,
    board: attached.board,
  };
  const inspect = options.inspect || (Deno.env.get("MICROPYINSPECT") ?? "") !== "";
  const interactive = options.rawStdio || (Deno.stdin.isTerminal() && !options.dis &&
    !options.compileOnly && (inspect || options.programs.length === 0));
  if (interactive) {
    // The REPL of lib/repl/ (as a board on a pty with --raw-stdio); with -i the programs run
    // first in its VM, so their globals are there at the prompt.
    const { runTerminalRepl } = await import("./repl/terminal.ts");
    return await runTerminalRepl({
      board: options.rawStdio,
      vmOptions: { ...vmOptions, argv: options.rawStdio ? [""] : options.argv },
      optLevel: options.optLevel,
      before: options.rawStdio ? undefined : (vm) => runInVM(vm, options, () => {}),
    });
  }
  if (options.programs.length === 1 && options.programs[0].kind === "stream" && !options.dis) {
    return await runFromStream(vmOptions, options, stdout, stderr);
  }
  const vm = new VM({ ...vmOptions, stdout, stderr, stdin: hostStdin });
  vm.state.optLevel = options.optLevel;
  if (options.heapBytes !== null) vm.state.host.heapBytes = options.heapBytes;
  const outcome = await runInVM(vm, options, (text) => stdout.write(text));
  if (outcome.stop || !(inspect || options.programs.length === 0)) return outcome.exitCode;
  // Nothing ran, or -i, and stdin is not a terminal: it is read as one more program.
  const rest = await runOne(vm, options, { kind: "stream" }, (text) => stdout.write(text));
  return rest.exitCode;
}

interface Outcome {
  exitCode: number;
  /** SystemExit, or a file that could not be opened: nothing more runs. */
  stop: boolean;
}

/** The programs of the command line, in order, in `vm`. */
async function runInVM(
  vm: VM,
  options: CliOptions,
  print: (text: string) => void,
): Promise<Outcome> {
  let outcome: Outcome = { exitCode: 0, stop: false };
  for (const program of options.programs) {
    outcome = await runOne(vm, options, program, print);
    if (outcome.stop) break;
  }
  return outcome;
}

async function runOne(
  vm: VM,
  options: CliOptions,
  program: CliProgram,
  print: (text: string) => void,
): Promise<Outcome> {
  let source: string;
  let filename = "<stdin>";
  if (program.kind === "command") source = program.source;
  else if (program.kind === "stream") source = await new Response(Deno.stdin.readable).text();
  else if (program.kind === "file") {
    filename = program.path;
    try {
      source = Deno.readTextFileSync(filename);
    } catch {
      vm.state.stderr.write(
        `micropython: can't open file '${filename}': [Errno 2] No such file or directory\n`,
      );
      return { exitCode: 2, stop: true };
    }
  } else {
    const found = findModuleFile(vm, program.name);
    if (found === null) {
      vm.state.stderr.write(`ImportError: no module named '${program.name}'\n`);
      return { exitCode: 1, stop: true };
    }
    filename = found.path;
    source = found.source;
  }
  if (options.dis || options.compileOnly) {
    try {
      const code = vm.compile(source, filename);
      if (options.dis) print(disassemble(code) + "\n");
      return { exitCode: 0, stop: false };
    } catch (e) {
      return { exitCode: vm.reportUncaught(vm.withActive(() => toPyException(e))), stop: true };
    }
  }
  const result = await vm.runMain(source, filename);
  const exit = result.exception !== null && result.exception.type.isSubclassOf(PySystemExit);
  return { exitCode: result.exitCode, stop: exit };
}

/** `-m name`: `name.py`, or a package's `__main__.py`, in a folder of sys.path (read as import reads). */
function findModuleFile(vm: VM, name: string): { path: string; source: string } | null {
  const loader = getLoader(vm.state);
  if (loader === null) return null;
  const relative = name.replaceAll(".", "/");
  for (const dir of searchDirs(vm.state, null) ?? []) {
    const base = dir === "" ? relative : `${dir.replace(/\/$/, "")}/${relative}`;
    for (const path of [`${base}.py`, `${base}/__main__.py`]) {
      const source = loader.readText(path);
      if (source !== null) return { path, source };
    }
  }
  return null;
}

/** `-`: each statement runs as soon as it has arrived; its output shows when the VM waits. */
async function runFromStream(
  vmOptions: Omit<VMOptions, "stdout" | "stderr">,
  options: CliOptions,
  stdout: BufferedWriter,
  stderr: OutputWriter,
): Promise<number> {
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
    ...vmOptions,
    stdout: {
      write(t) {
        stdout.write(t);
        flushSoon();
      },
      writeBytes: (data) => stdout.writeBytes(data),
    },
    stderr,
  });
  vm.state.optLevel = options.optLevel;
  const result = await vm.runStream(Deno.stdin.readable, "<stdin>");
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
