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
  PyNameError,
  PySystemExit,
  raise,
} from "../objects/exception.ts";
import { asInt } from "../objects/int.ts";
import { str } from "../objects/ops.ts";
import { coroutineType, PyGenerator } from "../objects/generator.ts";
import { newBuiltinsDict } from "../builtins/module.ts";
import { VMState } from "./state.ts";
import { compileSource } from "./compile_bridge.ts";
import { Frame } from "./frame.ts";
import { prepareCode } from "./code_info.ts";
import { execute, restartPollCount, toPyException } from "./interpreter.ts";
import { importName, type SourceLoader } from "./import.ts";
import type { FileSystem } from "../modules/file.ts";
import type { ModuleInit } from "../modules/registry.ts";
import type { Hal, HalFactory } from "../../hal/hal.ts";
import { formatException } from "./traceback.ts";
import { driveFrame } from "./drive.ts";
import {
  countingSink,
  type Limits,
  makeLimitException,
  SANDBOX_LIMITS,
  type Usage,
} from "./limits.ts";
import {
  inputLine,
  openOutput,
  type OutputChannel,
  type OutputWriter,
  stdinSource,
} from "./host_io.ts";
import { toJS, toPython } from "../interop/convert.ts";
import { PyJsProxy } from "../interop/js_proxy.ts";
import type { PyProxy } from "../interop/py_proxy.ts";
import { callPython, withVM } from "../interop/calls.ts";
import { driveCoroutine } from "../interop/coroutine.ts";
import { PythonError, pythonErrorToJS } from "../interop/errors.ts";
import { jsModuleInit } from "../interop/js_module.ts";
import "../modules/sys.ts";
import "../modules/all.ts";

/** Where a VM's output goes: a callback per piece of text, or a byte stream (UTF-8). */
/**
 * Where a VM's output goes: a text callback (raw bytes from sys.stdout.buffer arrive decoded as
 * UTF-8), a WritableStream of bytes, or an OutputWriter that takes text and bytes apart.
 */
export type OutputTarget = ((text: string) => void) | WritableStream<Uint8Array> | OutputWriter;

/**
 * What a VM may reach outside itself. Everything is off unless granted; a
 * sandboxed VM (`sandbox: true`) ignores the top-level `fileSystem` and `loader`
 * options and takes these only.
 */
export interface Capabilities {
  /**
   * The `js` module: `true` gives Python `globalThis` (so whatever the host can
   * reach: fetch, timers...), an object gives that object as the namespace.
   */
  js?: boolean | object;
  /** What open() and os reach. In a sandbox, default: none (ENOENT on every path). */
  fileSystem?: FileSystem | null;
  /** Where `import` finds .py files. Default: built-in and registered modules only. */
  imports?: SourceLoader | null;
}

/** How to create a VM: its streams, what it may reach, its limits. Every field is optional. */
export interface VMOptions {
  /** Receives text written to sys.stdout (print): a callback or a byte stream. */
  stdout?: OutputTarget;
  /** Receives text written to sys.stderr; defaults to stdout. */
  stderr?: OutputTarget;
  /**
   * What sys.stdin and input() read: a byte stream, the whole input as a string, or a
   * StdinSource (e.g. the CLI's hostStdin); without one, stdin is at its end at once.
   */
  stdin?: StdinSource | ReadableStream<Uint8Array> | string | null;
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
  /** Modules for this VM's code to import, by name: an object of exports, or an init function. */
  modules?: Record<string, Record<string, unknown> | ModuleInit>;
  /** Values to place in `__main__` before any code runs (functions become callable). */
  globals?: Record<string, unknown>;
  /** Limits for every run of this VM; a run's own limits override them field by field. */
  limits?: Limits;
  /**
   * A sandbox: the default limits (SANDBOX_LIMITS) apply under `limits`, and
   * nothing outside is reachable except what `capabilities` grants.
   */
  sandbox?: boolean;
  /** What the VM may reach (see Capabilities). */
  capabilities?: Capabilities;
  /**
   * While Python computes, give the JS event loop a turn at least this often (ms), so the
   * host's other work goes on: an edge server's other requests, timers, I/O. 0: only when
   * Python waits. Default: 50 in a sandbox, 0 otherwise. Turns come in loops, at calls and
   * between asyncio steps; code inside a generator that a builtin drives (`sum(x for x in
   * ...)`) gives none until it returns, though its time limit still holds.
   */
  turnEveryMs?: number;
  /**
   * The board `machine` drives (a HAL adapter, or a factory called on first `import
   * machine`). Default: a fresh mock Raspberry Pi Pico on a virtual clock, wired as
   * hal/mock/demo.ts describes.
   */
  board?: Hal | HalFactory | null;
}

/** Options for one run (exec, eval, call). */
export interface RunOptions {
  /** The filename tracebacks show (default "<string>"). */
  filename?: string;
  /** Limits for this run, overriding the VM's field by field. */
  limits?: Limits;
  /** Aborting stops the run at its next check, with an error Python cannot catch. */
  signal?: AbortSignal;
}

/** The outcome of running a main program: an exit code plus the exception, if any. */
export interface RunResult {
  /** 0, 1 for an uncaught exception, or SystemExit's code. */
  exitCode: number;
  /** @ignore The uncaught exception (internal representation). */
  exception: PyBaseException | null;
}

/**
 * A Python virtual machine: its own builtins, modules and `__main__`, isolated
 * from every other VM in the process. Runs are Promise-based; a Python
 * exception reaches JS as a `PythonError`, a sandbox limit hit as a
 * `LimitError`, and the VM stays usable after either.
 *
 * ```ts
 * import { VM } from "./mod.ts";
 * await using vm = new VM({ sandbox: true, stdout: (t) => console.log(t.trimEnd()) });
 * vm.setGlobal("greet", (name: string) => `hello ${name}`);
 * await vm.exec("print(greet('upy'))");
 * const square = await vm.eval("lambda x: x * x");
 * console.log(await vm.call(square, 7)); // 49
 * ```
 */
export class VM implements AsyncDisposable {
  /** @ignore The runtime state the interpreter works on (internal). */
  readonly state: VMState;
  /** @ignore The `__main__` module (internal; replaced by reset()). */
  main: PyModule;
  private readonly options: VMOptions;
  private readonly limits: Limits;
  private readonly modules: Map<string, ModuleInit>;
  private readonly outputs: OutputChannel[];
  /** VMOptions.turnEveryMs, in force for every run. */
  private readonly turnEveryMs: number;
  /** Whether Python code here meets JS values, and so the builtin name JSError. */
  private bridged = false;
  private runDepth = 0;
  private runStart = 0;
  private closed = false;
  private lastUsage: Usage = { instructions: 0, timeMs: 0, memoryBytes: 0, outputChars: 0 };

  /** Creates a VM; nothing runs until exec, eval or call. */
  constructor(options: VMOptions = {}) {
    this.options = options;
    this.limits = options.sandbox
      ? { ...SANDBOX_LIMITS, ...options.limits }
      : { ...options.limits };
    this.turnEveryMs = Math.max(0, options.turnEveryMs ?? (options.sandbox ? 50 : 0));
    const stdout = openOutput(options.stdout);
    const stderr = options.stderr === undefined ? stdout : openOutput(options.stderr);
    this.outputs = stderr === stdout ? [stdout] : [stdout, stderr];
    this.state = new VMState(newBuiltinsDict(), new PyDict(), stdout, stderr);
    this.state.stdout = countingSink(this.state, stdout);
    this.state.stderr = stderr === stdout ? this.state.stdout : countingSink(this.state, stderr);
    this.state.reportScheduledError = (exc) => this.state.stderr.write(formatException(exc));
    const capabilities = options.capabilities ?? {};
    const host = this.state.host;
    host.python = this;
    host.board = options.board ?? null;
    if (options.sandbox) {
      host.loader = capabilities.imports ?? null;
      host.fileSystem = capabilities.fileSystem ?? null;
    } else {
      host.loader = capabilities.imports ?? options.loader ?? null;
      host.fileSystem = capabilities.fileSystem ?? options.fileSystem ?? null;
    }
    host.stdin = stdinSource(options.stdin ?? null);
    if (options.readLine) host.readLine = options.readLine;
    else if (host.stdin !== null) host.readLine = inputLine;
    this.modules = new Map();
    host.modules = this.modules;
    this.bridged = options.modules !== undefined || options.globals !== undefined ||
      Boolean(capabilities.js);
    if (capabilities.js) {
      const namespace = capabilities.js === true ? globalThis : capabilities.js;
      this.modules.set("js", jsModuleInit(namespace));
    }
    for (const [name, definition] of Object.entries(options.modules ?? {})) {
      this.registerModule(name, definition);
    }
    const depth = options.recursionLimit ?? this.limits.recursionDepth;
    if (depth !== undefined) this.state.limits.recursionLimit = depth;
    this.main = this.setUp();
  }

  /** Fresh sys, sys.modules and __main__ (the constructor and reset share it). */
  private setUp(): PyModule {
    const main = new PyModule("__main__");
    this.withActive(() => {
      const sys = importName("sys", null, 0, main.dict) as PyModule;
      sys.dict.setStr("argv", new PyList(this.options.argv ?? []));
      sys.dict.setStr("path", new PyList(this.options.path ?? [""]));
      this.state.modules.setStr("__main__", main);
      if (this.bridged) this.state.builtins.setStr("JSError", PyJSError);
      for (const [name, value] of Object.entries(this.options.globals ?? {})) {
        main.dict.setStr(name, toPython(value));
      }
    });
    return main;
  }

  /**
   * Makes `exports` importable by this VM's code as module `name`: an object
   * whose properties become the module's attributes (functions are callable,
   * bound to the object), or an init function that fills the PyModule.
   *
   * ```ts
   * vm.registerModule("host", { version: "1.0", now: () => Date.now() });
   * await vm.exec("import host\nprint(host.version, host.now() > 0)");
   * ```
   */
  registerModule(name: string, exports: Record<string, unknown> | ModuleInit): void {
    this.bridge();
    if (typeof exports === "function") {
      this.modules.set(name, exports as ModuleInit);
      return;
    }
    if (typeof exports !== "object" || exports === null) {
      throw new TypeError(`registerModule: exports of '${name}' must be an object or a function`);
    }
    this.modules.set(name, (module) => {
      for (const [key, value] of Object.entries(exports)) {
        module.dict.setStr(
          key,
          typeof value === "function" ? new PyJsProxy(value, exports) : toPython(value),
        );
      }
    });
  }

  /** Gives Python the builtin JSError once the VM starts exchanging values with JS. */
  private bridge(): void {
    if (this.bridged) return;
    this.bridged = true;
    this.state.builtins.setStr("JSError", PyJSError);
  }

  /** @ignore Runs `fn` with this VM active, restoring whichever VM was active before. */
  withActive<T>(fn: () => T): T {
    return withVM(this.state, fn);
  }

  /**
   * Compiles source into a CodeObject, to run later (and again) with exec.
   * Throws CompileError for a syntax error.
   */
  compile(
    source: string,
    filename = "<string>",
    mode: "exec" | "eval" | "single" = "exec",
  ): CodeObject {
    return this.withActive(() => compileSource(source, filename, mode));
  }

  /**
   * Runs a program (source or a compiled CodeObject) in `__main__`.
   * Rejects with PythonError for an uncaught exception, LimitError for a limit hit.
   *
   * ```ts
   * const vm = new VM({ stdout: (t) => console.log(t) });
   * await vm.exec("for i in range(3): print(i)");
   * ```
   */
  async exec(program: string | CodeObject, options: RunOptions = {}): Promise<void> {
    await this.runAsync(async () => {
      const code = typeof program === "string"
        ? this.compile(program, options.filename ?? "<string>", "exec")
        : checkCode(program);
      await this.run(code);
    }, options);
  }

  /**
   * Evaluates one expression in `__main__` and resolves with its value in JS
   * (a coroutine's result when the expression gives one).
   *
   * ```ts
   * const vm = new VM();
   * console.log(await vm.eval("[x * x for x in range(4)]")); // [0, 1, 4, 9]
   * ```
   */
  async eval(expression: string, options: RunOptions = {}): Promise<unknown> {
    return await this.runAsync(async () => {
      const code = this.compile(expression, options.filename ?? "<string>", "eval");
      let value = await this.run(code);
      if (value instanceof PyGenerator && value.type === coroutineType) {
        value = await driveCoroutine(this.state, value);
      }
      return this.withActive(() => toJS(value));
    }, options);
  }

  /**
   * Calls a Python callable, named by its global name in `__main__` or given as
   * a PyProxy, with JS arguments; resolves with the JS result (an `async def`
   * is awaited).
   *
   * ```ts
   * const vm = new VM();
   * await vm.exec("def add(a, b):\n    return a + b");
   * console.log(await vm.call("add", 2, 3)); // 5
   * ```
   */
  async call(fn: string | PyProxy, ...args: unknown[]): Promise<unknown> {
    return await this.runAsync(async () => {
      const callee = this.withActive(() => {
        if (typeof fn !== "string") return toPython(fn);
        const found = this.main.dict.getStr(fn);
        if (found === undefined) raise(PyNameError, `name '${fn}' isn't defined`);
        return found;
      });
      const pyArgs = this.withActive(() => args.map((a) => toPython(a)));
      const result = await callPython(this.state, callee, pyArgs);
      return this.withActive(() => toJS(result));
    });
  }

  /** A global of `__main__`, converted to JS; undefined when it is not set. */
  getGlobal(name: string): unknown {
    return this.runSync(() => {
      const value = this.main.dict.getStr(name);
      return value === undefined ? undefined : toJS(value);
    });
  }

  /** Sets a global of `__main__` from a JS value (a function becomes callable from Python). */
  setGlobal(name: string, value: unknown): void {
    this.bridge();
    this.runSync(() => this.main.dict.setStr(name, toPython(value)));
  }

  /** Removes a global of `__main__`; whether it was set. */
  deleteGlobal(name: string): boolean {
    return this.runSync(() => this.main.dict.delete(name) !== undefined);
  }

  /** The names of `__main__`'s globals. */
  globalNames(): string[] {
    return [...this.main.dict.entries()].map(([key]) => String(key));
  }

  /** What the last run (exec, eval, call) spent; also after it failed on a limit. */
  get usage(): Usage {
    return { ...this.lastUsage };
  }

  /**
   * Forgets everything Python did: fresh builtins, sys.modules and `__main__`,
   * as when the VM was created. Options, registered modules and limits stay.
   */
  reset(): void {
    if (this.runDepth > 0) throw new Error("reset: a run is still in progress");
    const state = this.state;
    state.builtins = newBuiltinsDict();
    state.modules = new PyDict();
    state.builtinModules = new Map();
    state.handled = null;
    state.depth = 0;
    state.pendingAbort = null;
    state.scheduled = [];
    state.inScheduled = false;
    state.scheduledPutOff = 0;
    state.pendingPromise = null;
    state.interruptRequested = false;
    state.frame = null;
    this.main = this.setUp();
  }

  /** Flushes and releases the output streams; the VM refuses work afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const output of this.outputs) await output.close();
  }

  /** `await using vm = new VM(...)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Runs async work as one run: limits applied (the VM's, overridden by
   * `options.limits`), usage recorded, exceptions turned into PythonError.
   * Runs that overlap in time (one awaiting JS while another starts) share the
   * first one's budget.
   * @ignore
   */
  async runAsync<T>(body: () => Promise<T>, options: RunOptions = {}): Promise<T> {
    const outermost = this.enter(options);
    const stopOnAbort = options.signal === undefined ? null : this.watchSignal(options.signal);
    try {
      if (options.signal?.aborted) throw makeLimitException(this.state, "aborted");
      return await body();
    } catch (e) {
      throw this.toJSError(e);
    } finally {
      stopOnAbort?.();
      this.leave(outermost);
    }
  }

  /** @ignore Synchronous work under the same rules as runAsync (Python must not await JS in it). */
  runSync<T>(body: () => T, options: RunOptions = {}): T {
    const outermost = this.enter(options);
    try {
      return this.withActive(body);
    } catch (e) {
      throw this.toJSError(e);
    } finally {
      this.leave(outermost);
    }
  }

  /** Starts a run (limits, counters) unless one is going on; whether this is the outermost. */
  private enter(options: RunOptions): boolean {
    if (this.closed) throw new Error("this VM is closed");
    if (this.runDepth++ > 0) return false;
    const limits = options.limits === undefined
      ? this.limits
      : { ...this.limits, ...options.limits };
    const state = this.state;
    state.pendingAbort = null;
    state.interruptRequested = false;
    state.ticksUsed = 0;
    state.limits.instructionBudget = limits.instructions ?? Infinity;
    this.runStart = Date.now();
    state.limits.deadline = limits.timeoutMs === undefined
      ? Infinity
      : this.runStart + limits.timeoutMs;
    if (limits.recursionDepth !== undefined) state.limits.recursionLimit = limits.recursionDepth;
    restartPollCount();
    if (this.turnEveryMs > 0) {
      state.yieldInterval = this.turnEveryMs;
      state.nextYieldAt = this.runStart + this.turnEveryMs;
    }
    const accounting = state.accounting;
    accounting.memoryUsed = 0;
    accounting.memoryCap = limits.memoryBytes ?? Infinity;
    accounting.outputUsed = 0;
    accounting.outputCap = limits.outputChars ?? Infinity;
    return true;
  }

  /** Ends a run: records usage and lifts the limits until the next one. */
  private leave(outermost: boolean): void {
    this.runDepth--;
    if (!outermost) return;
    const state = this.state;
    this.lastUsage = {
      instructions: state.ticksUsed * 1000,
      timeMs: Date.now() - this.runStart,
      memoryBytes: state.accounting.memoryUsed,
      outputChars: state.accounting.outputUsed,
    };
    // Between runs nothing is limited, but nothing is charged either: work outside
    // runs is the host's own (converting values, reporting a traceback).
    state.limits.instructionBudget = Infinity;
    state.limits.deadline = Infinity;
    state.accounting.memoryCap = Infinity;
    state.accounting.outputCap = Infinity;
    state.pendingAbort = null;
    state.depth = 0;
  }

  /** Aborts the run at its next check when `signal` fires; returns the unsubscriber. */
  private watchSignal(signal: AbortSignal): () => void {
    const state = this.state;
    const abort = () => void makeLimitException(state, "aborted");
    signal.addEventListener("abort", abort, { once: true });
    return () => signal.removeEventListener("abort", abort);
  }

  /** What a run's failure is for the host: PythonError, or the JS error itself. */
  private toJSError(e: unknown): unknown {
    if (e instanceof PythonError) return e;
    let exc: PyBaseException;
    try {
      exc = this.withActive(() => toPyException(e));
    } catch {
      return e;
    }
    return pythonErrorToJS(exc);
  }

  /** @ignore Runs code to completion in `globals` (default: __main__); Promises are not awaited. */
  runSyncCode(code: CodeObject, globals: PyDict = this.main.dict): PyValue {
    return this.withActive(() => {
      const frame = new Frame(code, null, globals, globals, prepareCode(code).consts);
      frame.isEntry = true;
      return execute(frame, false);
    });
  }

  /**
   * Low level: runs code through the async driver and returns the raw Python
   * value; exceptions are thrown as Python exception objects. The limits in
   * `vm.state.limits` apply as they are (exec/eval/call set them per run).
   * @ignore
   */
  async run(code: CodeObject, globals: PyDict = this.main.dict): Promise<PyValue> {
    const frame = new Frame(code, null, globals, globals, prepareCode(code).consts);
    frame.isEntry = true;
    if (this.runDepth === 0) restartPollCount();
    return await driveFrame(this.state, frame);
  }

  /** @ignore Low level: compiles and runs source as a module body in __main__ (see run). */
  async runSource(source: string, filename = "<string>"): Promise<PyValue> {
    return await this.run(this.compile(source, filename, "exec"));
  }

  /**
   * Runs a main program the way `micropython file.py` does: an uncaught exception
   * prints its traceback to stderr and gives exit code 1; SystemExit gives its code.
   * @ignore
   */
  async runMain(source: string, filename: string): Promise<RunResult> {
    this.main.dict.setStr("__file__", filename);
    let result: RunResult = { exitCode: 0, exception: null };
    try {
      await this.runSource(source, filename);
    } catch (e) {
      const exc = this.withActive(() => toPyException(e));
      result = { exitCode: this.reportUncaught(exc), exception: exc };
    }
    return await this.runExitFunc(result);
  }

  /**
   * Calls the atexit handlers (last registered first), then the sys.atexit function,
   * after the main program, whichever way it ended. A handler that raises is
   * reported like an uncaught exception and the others still run.
   */
  private async runExitFunc(result: RunResult): Promise<RunResult> {
    const handlers = this.state.exitHandlers;
    this.state.exitHandlers = [];
    const fn = this.state.exitFunc;
    this.state.exitFunc = null;
    const calls = handlers.reverse();
    if (fn !== null) calls.push({ fn, args: [], kwnames: null });
    for (const call of calls) {
      try {
        await callPython(this.state, call.fn, call.args, call.kwnames);
      } catch (e) {
        const exc = this.withActive(() => toPyException(e));
        result = { exitCode: this.reportUncaught(exc), exception: exc };
      }
    }
    return result;
  }

  /**
   * Runs a program as it streams in (text or UTF-8 bytes): each top-level
   * statement runs as soon as it is complete (see run_stream.ts).
   */
  async runStream(
    source: ReadableStream<string> | ReadableStream<Uint8Array>,
    filename = "<stdin>",
  ): Promise<RunResult> {
    // Loaded on first use: most VMs never stream, and every start pays for what it imports.
    const { runStream } = await import("./run_stream.ts");
    return await runStream(this, source, { filename });
  }

  /** @ignore Prints an uncaught exception as MicroPython does and returns the exit code. */
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

/** A CodeObject from the host, checked so a wrong value fails clearly. */
function checkCode(code: unknown): CodeObject {
  if (!(code instanceof CodeObject)) {
    throw new TypeError("exec: expected source text or a CodeObject from vm.compile()");
  }
  return code;
}

export { driveFrame };
export type { OutputWriter };
