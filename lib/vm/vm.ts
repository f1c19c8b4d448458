/**
 * The VM as embedders see it: create one with options, compile and run code
 * synchronously or through the async driver (which lets natives return
 * Promises: the dispatch loop parks the frame chain and resumes it when the
 * promise settles, so the event loop is never blocked).
 */

import type { StdinSource } from "../modules/stdin.ts";
import type { PyValue } from "../objects/base.ts";
import { CodeObject } from "../compiler/bytecode.ts";
import { PyDict } from "../objects/dict.ts";
import { PyList } from "../objects/list.ts";
import { PyModule } from "../objects/module.ts";
import {
  PyBaseException,
  PyJSError,
  PyKeyboardInterrupt,
  PySystemExit,
} from "../objects/exception.ts";
import { asInt } from "../objects/int.ts";
import { str } from "../objects/ops.ts";
import { newBuiltinsDict } from "../builtins/module.ts";
import { activeVM, type OutputSink, setActiveVM, VMState } from "./state.ts";
import { compileSource } from "./compile_bridge.ts";
import { Frame } from "./frame.ts";
import { prepareCode } from "./code_info.ts";
import { execute, HOST_TURN, SUSPENDED, toPyException } from "./interpreter.ts";
import { importName, type SourceLoader } from "./import.ts";
import type { FileSystem } from "../modules/file.ts";
import type { Hal, HalFactory } from "../../hal/hal.ts";
import { formatException } from "./traceback.ts";
import { runStream } from "./run_stream.ts";
import "../modules/sys.ts";
import "../modules/all.ts";

export interface VMOptions {
  /** Receives text written to sys.stdout (print). */
  stdout?: (text: string) => void;
  /** Receives text written to sys.stderr and tracebacks. */
  stderr?: (text: string) => void;
  /** sys.argv */
  argv?: string[];
  /** sys.path; defaults to [""]. */
  path?: string[];
  /** Where imports read .py files from; null: only built-in modules. */
  loader?: SourceLoader | null;
  /** Python call depth limit (default 1000). */
  recursionLimit?: number;
  /** Reads one line for input(); null at end of input. */
  readLine?: () => string | null;
  /** What open() opens; without one, open() fails with ENOENT (a sandbox default). */
  fileSystem?: FileSystem | null;
  /**
   * The board `machine` drives (a HAL adapter, or a factory called on first `import
   * machine`). Default: a fresh mock Raspberry Pi Pico on a virtual clock, wired as
   * hal/mock/demo.ts describes.
   */
  board?: Hal | HalFactory | null;
  /** Where sys.stdin reads from (e.g. hostStdin); without one, stdin is empty. */
  stdin?: StdinSource | null;
}

/** The outcome of running a main program: an exit code plus the exception, if any. */
export interface RunResult {
  exitCode: number;
  exception: PyBaseException | null;
}

export class VM {
  readonly state: VMState;
  readonly main: PyModule;

  constructor(options: VMOptions = {}) {
    const stdout: OutputSink = { write: options.stdout ?? (() => {}) };
    const stderr: OutputSink = { write: options.stderr ?? options.stdout ?? (() => {}) };
    this.state = new VMState(newBuiltinsDict(), new PyDict(), stdout, stderr);
    this.state.host.loader = options.loader ?? null;
    if (options.readLine) this.state.host.readLine = options.readLine;
    this.state.host.fileSystem = options.fileSystem ?? null;
    this.state.host.board = options.board ?? null;
    this.state.host.stdin = options.stdin ?? null;
    if (options.recursionLimit !== undefined) {
      this.state.limits.recursionLimit = options.recursionLimit;
    }
    this.main = new PyModule("__main__");
    this.withActive(() => {
      const sys = importName("sys", null, 0, this.main.dict) as PyModule;
      sys.dict.setStr("argv", new PyList(options.argv ?? []));
      sys.dict.setStr("path", new PyList(options.path ?? [""]));
      this.state.modules.setStr("__main__", this.main);
    });
  }

  /** Runs `fn` with this VM active, restoring whichever VM was active before. */
  withActive<T>(fn: () => T): T {
    const previous = activeVMOrNull();
    setActiveVM(this.state);
    try {
      return fn();
    } finally {
      setActiveVM(previous);
    }
  }

  compile(
    source: string,
    filename = "<string>",
    mode: "exec" | "eval" | "single" = "exec",
  ): CodeObject {
    return this.withActive(() => compileSource(source, filename, mode));
  }

  /** Runs code to completion in `globals` (default: __main__); Promises are not awaited. */
  runSync(code: CodeObject, globals: PyDict = this.main.dict): PyValue {
    return this.withActive(() => {
      const frame = new Frame(code, null, globals, globals, prepareCode(code).consts);
      frame.isEntry = true;
      return execute(frame, false);
    });
  }

  /** Runs code through the async driver: natives may return Promises. */
  async run(code: CodeObject, globals: PyDict = this.main.dict): Promise<PyValue> {
    const frame = new Frame(code, null, globals, globals, prepareCode(code).consts);
    frame.isEntry = true;
    return await driveFrame(this.state, frame);
  }

  /** Compiles and runs source as a module body in __main__. */
  async runSource(source: string, filename = "<string>"): Promise<PyValue> {
    return await this.run(this.compile(source, filename, "exec"));
  }

  /**
   * Runs a main program the way `micropython file.py` does: an uncaught exception
   * prints its traceback to stderr and gives exit code 1; SystemExit gives its code.
   */
  async runMain(source: string, filename: string): Promise<RunResult> {
    this.main.dict.setStr("__file__", filename);
    try {
      await this.runSource(source, filename);
      return { exitCode: 0, exception: null };
    } catch (e) {
      const exc = this.withActive(() => toPyException(e));
      return { exitCode: this.reportUncaught(exc), exception: exc };
    }
  }

  /**
   * Runs a program as it streams in (text or UTF-8 bytes): each top-level
   * statement runs as soon as it is complete (see run_stream.ts).
   */
  async runStream(
    source: ReadableStream<string> | ReadableStream<Uint8Array>,
    filename = "<stdin>",
  ): Promise<RunResult> {
    return await runStream(this, source, { filename });
  }

  /** Prints an uncaught exception as MicroPython does and returns the exit code. */
  reportUncaught(exc: PyBaseException): number {
    return this.withActive(() => {
      if (exc.type.isSubclassOf(PySystemExit)) {
        const code = exc.args.length > 0 ? exc.args[0] : null;
        if (code === null) return 0;
        const n = asInt(code);
        if (n !== undefined) return Number(n) & 0xff;
        this.state.stderr.write(str(code) + "\n");
        return 1;
      }
      this.state.stderr.write(formatException(exc));
      return 1;
    });
  }
}

function activeVMOrNull(): VMState | null {
  try {
    return activeVM() ?? null;
  } catch {
    return null;
  }
}

/** A rejected Promise's reason as a Python exception: JSError unless it is already Python's. */
function jsErrorToPython(error: unknown): PyBaseException {
  try {
    return toPyException(error);
  } catch {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new PyBaseException(PyJSError, [message]);
  }
}

/**
 * Awaits `promise` unless the host interrupts first (an interactive host, one
 * that set yieldInterval, calls state.wakeSuspended on Ctrl-C): then the wait
 * ends in KeyboardInterrupt, as a board's `time.sleep(10)` stops at Ctrl-C.
 */
function interruptibly(state: VMState, promise: Promise<PyValue>): Promise<PyValue> {
  return new Promise<PyValue>((resolve, reject) => {
    state.wakeSuspended = () => {
      state.interruptRequested = false;
      reject(new PyBaseException(PyKeyboardInterrupt, []));
    };
    promise.then(resolve, reject);
  }).finally(() => (state.wakeSuspended = null));
}

/** The async driver: runs a frame chain, awaiting any Promise a native returns. */
export async function driveFrame(state: VMState, frame: Frame): Promise<PyValue> {
  const previous = activeVMOrNull();
  setActiveVM(state);
  try {
    let result = execute(frame, true);
    while (result === SUSPENDED) {
      const promise = state.pendingPromise!;
      const inner = state.host.suspendedFrame as Frame;
      state.pendingPromise = null;
      let value: PyValue = null;
      let error: unknown = undefined;
      try {
        value = state.yieldInterval > 0 ? await interruptibly(state, promise) : await promise;
      } catch (e) {
        error = e;
      }
      setActiveVM(state);
      if (error !== undefined) {
        inner.throwOnResume = error instanceof PyBaseException ? error : jsErrorToPython(error);
      } else if (value !== (HOST_TURN as unknown)) {
        inner.stack[inner.sp++] = value === undefined ? null : value;
      }
      result = execute(inner, true);
    }
    return result;
  } finally {
    setActiveVM(previous);
  }
}
