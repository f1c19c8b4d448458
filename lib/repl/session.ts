/**
 * A REPL session over any pair of byte streams (a terminal, a pty, a socket, a
 * test), behaving as MicroPython's on a board's serial port:
 *
 * - friendly mode: the banner, `>>> ` and `... ` prompts, auto-indent, a blank
 *   line ending a compound statement, results printed as repr and kept in `_`,
 *   the line editor's keys and history, Tab completion; Ctrl-A raw mode,
 *   Ctrl-B banner, Ctrl-C cancels the line (or interrupts running code with
 *   KeyboardInterrupt), Ctrl-D on an empty line ends the session (or soft-resets,
 *   for a session that plays a board), Ctrl-E paste mode;
 * - paste mode: lines echoed after `=== `, no auto-indent, Ctrl-D runs them all,
 *   Ctrl-C cancels;
 * - raw mode and raw-paste mode: see raw_repl.ts.
 *
 * A soft reset makes a fresh VM (globals and modules gone) and prints
 * MicroPython's `MPY: soft reboot`; a session playing a board then runs its
 * boot.py and main.py, as it does when it starts (boot_scripts.ts).
 */

import { VM } from "../vm/vm.ts";
import type { CodeObject } from "../compiler/bytecode.ts";
import type { OutputWriter } from "../vm/host_io.ts";
import {
  PyBaseException,
  PyKeyboardInterrupt,
  PySystemExit,
  raiseOSError,
} from "../objects/exception.ts";
import { ERRNO } from "../modules/errno_table.ts";
import { asInt } from "../objects/int.ts";
import { toPyException } from "../vm/interpreter.ts";
import { formatException } from "../vm/traceback.ts";
import { ByteInput, END_OF_INPUT } from "./byte_input.ts";
import { ReplOutput } from "./output.ts";
import { History } from "./history.ts";
import { CTRL_A, CTRL_B, CTRL_C, CTRL_D, CTRL_E, LineEditor } from "./line_editor.ts";
import { completeFor } from "./completion.ts";
import { autoIndent, needsMoreInput } from "./continuation.ts";
import { compileInteractive } from "./compile_input.ts";
import { rawRepl } from "./raw_repl.ts";
import { bannerText } from "./banner.ts";
import { runBootScripts } from "./boot_scripts.ts";
import type { StdinSource } from "../modules/stdin.ts";

export interface ReplOptions {
  input: ReadableStream<Uint8Array>;
  output: WritableStream<Uint8Array>;
  /** Makes the VM (again after a soft reset); it must send its output to `io`. */
  createVM?: (io: ReplIo) => VM;
  /**
   * Play a board: Ctrl-D at the friendly prompt and SystemExit soft-reset instead of
   * ending the session (what `--raw-stdio` wants for host tools).
   */
  board?: boolean;
  /** Raw-paste window increment in bytes (MicroPython's is 128, half its 256-byte buffer). */
  rawPasteWindow?: number;
  /** Milliseconds between event-loop turns while code runs (how Ctrl-C gets in). */
  interruptLatency?: number;
  /** Overrides the banner's first line (tests). */
  banner?: string;
  /**
   * Plain lines for input that is not a terminal (a pipe): no banner, no echo, no
   * auto-indent or completion, output with bare `\n`; prompts and results as usual.
   */
  lineMode?: boolean;
  /**
   * Runs in the first VM before the banner (-i: the programs of the command line); `stop`
   * (their SystemExit) ends the session with `exitCode` instead of going on to the prompt.
   */
  before?: (vm: VM) => Promise<{ exitCode: number; stop: boolean }>;
}

/** The session's side of a VM's I/O: its output, and sys.stdin read from the session's input. */
export interface ReplIo {
  stdout: OutputWriter;
  stderr: (text: string) => void;
  stdin: StdinSource;
}

/** How a piece of code ended ("failed": with an exception, reported), and what comes next. */
export type RunOutcome = { kind: "done" } | { kind: "failed" } | { kind: "exit"; code: number };

export class ReplSession {
  readonly input: ByteInput;
  readonly out: ReplOutput;
  vm!: VM;
  readonly history = new History();
  /** Lines typed for input(), kept apart from the REPL's own. */
  private readonly inputHistory = new History();
  readonly board: boolean;
  readonly rawPasteWindow: number;
  readonly lineMode: boolean;
  private ranBefore = false;
  private readonly options: ReplOptions;
  /** Where the VM's stderr goes: the terminal, or raw mode's error section. */
  errorSink: ((text: string) => void) | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: ReplOptions) {
    this.options = options;
    this.input = new ByteInput(options.input);
    this.out = new ReplOutput(options.output);
    this.input.beforeWait = () => this.out.flush();
    this.board = options.board ?? false;
    this.rawPasteWindow = options.rawPasteWindow ?? 128;
    this.lineMode = options.lineMode ?? false;
    this.makeVM();
  }

  private makeVM(): void {
    const io: ReplIo = {
      stdout: {
        write: (text: string) => {
          this.programOutput(text);
          this.flushSoon();
        },
        // sys.stdout.buffer.write: the bytes as they are, no CR added.
        writeBytes: (data: Uint8Array) => {
          this.out.writeBytes(data);
          this.flushSoon();
        },
      },
      stderr: (text: string) => {
        if (this.errorSink !== null) this.errorSink(text);
        else this.programOutput(text);
        this.flushSoon();
      },
      // As on a board, a running program reads the same line the REPL does (a Ctrl-C still
      // interrupts it).
      stdin: { read: () => this.readProgramInput(), readSync: () => this.readProgramInputNow() },
    };
    this.vm = this.options.createVM ? this.options.createVM(io) : new VM(io);
    this.vm.state.host.readLine = () => this.readInputLine();
  }

  /** What the VM prints: `\n` as `\r\n` for a terminal, as is in line mode. */
  private programOutput(text: string): void {
    if (this.lineMode) this.out.write(text);
    else this.out.writeCooked(text);
  }

  /** Output written while code runs shows on the next event-loop turn. */
  private flushSoon(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.out.flush();
    }, 0);
  }

  banner(): string {
    return bannerText(this.options.banner);
  }

  /** Fresh globals and modules, as after a board's soft reset. */
  softReset(): void {
    this.out.write("MPY: soft reboot\r\n");
    this.makeVM();
  }

  /** Runs compiled code with Ctrl-C interrupting it; reports uncaught exceptions. */
  async run(code: CodeObject): Promise<RunOutcome> {
    const state = this.vm.state;
    state.yieldInterval = this.options.interruptLatency ?? 20;
    state.nextYieldAt = Date.now() + state.yieldInterval;
    this.input.onInterrupt = () => {
      state.interruptRequested = true;
      // A stdin read under way ends in the KeyboardInterrupt: what follows is not for it.
      this.input.dropWaiter();
      state.wakeSuspended?.();
    };
    await this.out.flush();
    try {
      await this.vm.run(code);
      return { kind: "done" };
    } catch (e) {
      return this.reportException(e);
    } finally {
      this.input.onInterrupt = null;
      state.yieldInterval = 0;
      state.interruptRequested = false;
      if (this.flushTimer !== null) {
        clearTimeout(this.flushTimer);
        this.flushTimer = null;
      }
    }
  }

  /** Prints an uncaught exception (a compile error included) the way the REPL does. */
  reportException(e: unknown): RunOutcome {
    const exc: PyBaseException = this.vm.withActive(() => toPyException(e));
    if (exc.type.isSubclassOf(PySystemExit)) {
      const arg = exc.args.length > 0 ? exc.args[0] : null;
      const n = arg === null ? 0 : asInt(arg);
      return { kind: "exit", code: n === undefined ? 1 : Number(n) & 0xff };
    }
    const text = this.vm.withActive(() => formatException(exc));
    if (this.errorSink !== null) this.errorSink(text);
    else this.programOutput(text);
    return { kind: "failed" };
  }

  /** Friendly mode until the session ends; returns the exit code. */
  async friendly(): Promise<number> {
    if (this.options.before !== undefined && !this.ranBefore) {
      this.ranBefore = true;
      const outcome = await this.options.before(this.vm);
      if (outcome.stop) {
        await this.out.flush();
        return outcome.exitCode;
      }
    }
    await runBootScripts(this, "friendly"); // a board coming up
    if (!this.lineMode) this.out.write(this.banner());
    const editor = this.lineMode
      ? new LineEditor(() => {}, this.history, null)
      : new LineEditor((t) => this.out.write(t), this.history, completeFor(() => this.vm));
    for (;;) {
      this.out.write(">>> ");
      editor.start(">>> ");
      const first = await this.readLine(editor);
      if (first.kind === "end") {
        if (this.lineMode) this.out.write("\n");
        await this.out.flush();
        return 0;
      }
      if (first.kind === "command") {
        const next = await this.friendlyCommand(first.key);
        if (next === "continue") continue;
        if (typeof next === "number") return next;
        continue;
      }
      let source = first.text;
      if (source.trim().length === 0) continue;
      let cancelled = false;
      editor.pasteDetected = false;
      while (needsMoreInput(source)) {
        const indent = editor.pasteDetected || this.lineMode ? "" : autoIndent(source);
        this.out.write("... ");
        editor.start("... ", indent);
        const more = await this.readLine(editor);
        if (more.kind === "end") {
          // Piped input may end inside a block: it still runs.
          if (this.lineMode) await this.execute(source, false);
          if (this.lineMode) this.out.write("\n");
          await this.out.flush();
          return 0;
        }
        if (more.kind === "command") {
          if (more.key === CTRL_C) {
            this.out.write("\r\n");
            cancelled = true;
            break;
          }
          if (more.key === CTRL_D) {
            this.out.write("\r\n");
            break;
          }
          continue;
        }
        source += "\n" + more.text;
      }
      if (cancelled) continue;
      const outcome = await this.execute(source, false);
      if (outcome.kind === "exit") {
        if (!this.board) return outcome.code;
        this.softReset();
        await runBootScripts(this, "friendly");
        this.out.write(this.banner());
      }
    }
  }

  /** A line from the editor, a control command, or the end of input. */
  async readLine(
    editor: LineEditor,
  ): Promise<{ kind: "line"; text: string } | { kind: "command"; key: number } | { kind: "end" }> {
    for (;;) {
      const byte = await this.input.next();
      if (byte === END_OF_INPUT) {
        // A last line without its Enter (piped input) still counts.
        if (this.lineMode && editor.text.length > 0) return { kind: "line", text: editor.text };
        return { kind: "end" };
      }
      const result = editor.key(byte);
      if (result.kind === "more") continue;
      return result;
    }
  }

  /**
   * sys.stdin's bytes, one at a time: what the program does not ask for stays for the REPL
   * (the next raw-mode program, say), as in a board's receive buffer.
   */
  private async readProgramInput(): Promise<Uint8Array | null> {
    const byte = await this.input.next();
    return byte === END_OF_INPUT ? null : new Uint8Array([byte]);
  }

  /**
   * The same where the VM cannot wait (`for line in sys.stdin`): what has arrived, then
   * OSError EAGAIN rather than blocking the event loop that brings the rest.
   */
  private readProgramInputNow(): Uint8Array | null {
    const byte = this.input.nextIfQueued();
    if (byte === null) raiseOSError(ERRNO.EAGAIN);
    return byte === END_OF_INPUT ? null : new Uint8Array([byte]);
  }

  /**
   * A line for input() while code runs: edited and echoed like REPL input; Ctrl-C
   * raises KeyboardInterrupt, Ctrl-D on an empty line or the end of input EOFError.
   */
  private async readInputLine(): Promise<string | null> {
    const interrupt = this.input.onInterrupt;
    this.input.onInterrupt = null;
    const editor = new LineEditor((t) => this.out.write(t), this.inputHistory, null);
    editor.start("");
    try {
      for (;;) {
        const result = await this.readLine(editor);
        if (result.kind === "end") return null;
        if (result.kind === "line") return result.text;
        if (result.key === CTRL_C) throw new PyBaseException(PyKeyboardInterrupt, []);
        if (result.key === CTRL_D) return null;
      }
    } finally {
      this.input.onInterrupt = interrupt;
    }
  }

  /** Ctrl-A..Ctrl-E typed on an empty friendly line. */
  private async friendlyCommand(key: number): Promise<"continue" | number> {
    switch (key) {
      case CTRL_A: {
        this.out.write("\r\n");
        const after = await rawRepl(this);
        if (after === "end") return 0;
        this.out.write("\r\n" + this.banner());
        return "continue";
      }
      case CTRL_B:
        this.out.write("\r\n" + this.banner());
        return "continue";
      case CTRL_C:
        this.out.write("\r\n");
        return "continue";
      case CTRL_D:
        this.out.write("\r\n");
        if (!this.board) {
          await this.out.flush();
          return 0;
        }
        this.softReset();
        await runBootScripts(this, "friendly");
        this.out.write(this.banner());
        return "continue";
      case CTRL_E: {
        const outcome = await this.pasteMode();
        if (outcome === "end") return 0;
        if (outcome.kind === "exit") {
          if (!this.board) return outcome.code;
          this.softReset();
          await runBootScripts(this, "friendly");
          this.out.write(this.banner());
        }
        return "continue";
      }
    }
    return "continue";
  }

  /** Ctrl-E: lines are taken as typed until Ctrl-D runs them or Ctrl-C drops them. */
  private async pasteMode(): Promise<RunOutcome | "end"> {
    this.out.write("\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ");
    const bytes: number[] = [];
    const echo = new TextDecoder();
    let afterCR = false;
    for (;;) {
      const byte = await this.input.next();
      if (byte === END_OF_INPUT) return "end";
      if (byte === CTRL_C) {
        this.out.write("\r\n");
        return { kind: "done" };
      }
      if (byte === CTRL_D) {
        this.out.write("\r\n");
        break;
      }
      if (byte === 10 && afterCR) {
        afterCR = false;
        continue;
      }
      afterCR = byte === 13;
      if (byte === 13 || byte === 10) {
        bytes.push(10);
        this.out.write("\r\n=== ");
        continue;
      }
      bytes.push(byte);
      this.out.write(echo.decode(new Uint8Array([byte]), { stream: true }));
    }
    const source = new TextDecoder().decode(new Uint8Array(bytes));
    return await this.execute(source, true);
  }

  /** Compiles and runs REPL input (a statement, or several from paste mode). */
  async execute(source: string, several: boolean): Promise<RunOutcome> {
    let code: CodeObject;
    try {
      code = this.vm.withActive(() => compileInteractive(this.vm, source, several));
    } catch (e) {
      return this.reportException(e);
    }
    return await this.run(code);
  }
}

/** Runs a REPL session to its end; the exit code is SystemExit's, else 0. */
export async function runRepl(options: ReplOptions): Promise<number> {
  const session = new ReplSession(options);
  let code = 0;
  try {
    code = await session.friendly();
  } finally {
    await session.out.close();
    session.input.cancel();
  }
  return code;
}
