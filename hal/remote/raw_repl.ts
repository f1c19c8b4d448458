/**
 * MicroPython's raw REPL, client side: the machine-to-machine protocol every board speaks.
 *
 *   enter      host `\r\x03\x03` (stop whatever runs, clear a half-typed line), `\r\x01`;
 *              board `raw REPL; CTRL-B to exit\r\n>`
 *   execute    host code, `\x04`; board `OK`, stdout, `\x04`, traceback, `\x04`, `>`
 *   raw-paste  host `\x05A\x01`; board `R\x01` + window size (u16 LE) when it has raw-paste,
 *              `R\x00` when it knows the command but lacks it, or (older firmware, which reads
 *              the bytes as code and then sees Ctrl-A) the banner again. In raw-paste the host
 *              sends at most one window of code at a time and gets `\x01` per freed window, ends
 *              with `\x04`, and the board acknowledges with `\x04` (or sends `\x04` early to stop
 *              the host, e.g. on a syntax error) before the output section as above.
 *   soft reset `\x04` on an empty raw line; board `OK\r\n…soft reboot\r\n` then the banner.
 *   leave      `\x02` (Ctrl-B): back to the friendly REPL.
 *
 * Robustness: entering retries with escalating nudges and then proves it is in step with the
 * board by running a nonce program and waiting for exactly its output, so garbage on the line,
 * a program still printing, or a half-finished earlier session (even a stuck raw-paste) cannot
 * desynchronise later replies. After any failure that is not a clean Python exception the state
 * drops to "unknown" and the next operation resynchronises first.
 *
 * Without raw-paste, plain raw mode keeps the whole program in the board's RAM before compiling
 * (and keeps that buffer until raw mode is left), so long programs are sent as consecutive
 * groups of top-level statements (see split_source.ts) in chunks with small pauses, which is
 * what lets a 16 KB-RAM board run a multi-kilobyte script.
 *
 * Every wait has a deadline; operations are serialised by an internal queue; `interrupt()` jumps
 * the queue on purpose (it is how a running program is stopped).
 */

import { PortVanishedError, type Transport } from "../transport.ts";
import {
  BoardAbortError,
  BoardError,
  BoardExceptionError,
  BoardProtocolError,
  BoardTimeoutError,
} from "./errors.ts";
import { concat, Inbox, InboxTimeoutError } from "./inbox.ts";
import { splitTopLevel } from "./split_source.ts";
import {
  cleanLoaderTraceback,
  LOADER_DEFINITION,
  LOADER_PIECE,
  loaderCall,
  loaderCanCarry,
} from "./flow_loader.ts";

export interface RawReplOptions {
  /** Bytes per write in plain raw mode (no flow control there). Default 32. */
  chunkSize?: number;
  /** Pause between those writes, for boards with small UART buffers. Default 2 ms. */
  chunkDelayMs?: number;
  /** Programs longer than this are split into statement groups in plain raw mode. Default 512. */
  splitBytes?: number;
  /** Use raw-paste when the board offers it. Default true. */
  rawPaste?: boolean;
  /** Without raw-paste, send longer programs through the flow-controlled loader
   * (flow_loader.ts). Default true. */
  flowControl?: boolean;
  /** Wait per attempt for the raw REPL banner. Default 1500 ms. */
  enterTimeoutMs?: number;
  /** Attempts at entering raw mode before giving up. Default 4. */
  enterAttempts?: number;
  /** Wait for the board to acknowledge code (`OK`) or a flow-control window. Default 5000 ms. */
  ackTimeoutMs?: number;
  /** After a timeout or abort, how long the board gets to stop after Ctrl-C. Default 2000 ms. */
  interruptGraceMs?: number;
  /** Wait for the board to come back from a soft reset. Default 10000 ms. */
  resetTimeoutMs?: number;
}

export interface ExecOptions {
  /** Receives stdout bytes as the board sends them. When given, the result's stdout is empty. */
  onStdout?: (bytes: Uint8Array) => void;
  /** Stop the program (Ctrl-C) and fail with BoardTimeoutError after this long. Default: none. */
  timeoutMs?: number;
  /** Stop the program (Ctrl-C) and fail with BoardAbortError when aborted. */
  signal?: AbortSignal;
  /** Never split the program into statement groups (it must fit the board's RAM whole). */
  noSplit?: boolean;
}

export interface ExecResult {
  stdout: Uint8Array;
  /** The traceback text, empty when the code finished cleanly. */
  stderr: Uint8Array;
}

export interface PassthroughOptions {
  /** Keystrokes for the board (a terminal's stdin). */
  input: ReadableStream<Uint8Array>;
  /** Everything the board prints. */
  output: (bytes: Uint8Array) => void | Promise<void>;
  /** The byte that ends the session; default 0x1d (Ctrl-]). */
  escape?: number;
  signal?: AbortSignal;
}

export type ReplState = "unknown" | "friendly" | "raw" | "closed";

const BANNER = bytes("raw REPL; CTRL-B to exit\r\n");
const EOT = bytes("\x04");
const SOFT_REBOOT = bytes("soft reboot\r\n");

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function latin1(data: Uint8Array): string {
  let text = "";
  for (const byte of data) text += String.fromCharCode(byte);
  return text;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class RawRepl {
  readonly transport: Transport;
  /** Whether the board offers raw-paste; undefined until the first execution finds out. */
  rawPasteSupported: boolean | undefined = undefined;
  /** Window size the board announced for raw-paste. */
  rawPasteWindow = 0;
  #state: ReplState = "unknown";
  readonly #inbox: Inbox;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #options: Required<RawReplOptions>;
  #queue: Promise<unknown> = Promise.resolve();
  #syncCounter = Math.floor(Math.random() * 1_000_000);
  /** Programs sent again because the board did not receive them whole (see #sendProgram). */
  resends = 0;
  /** Raw-paste window grants (`\x01`) received so far: how often the board's flow control
   * let more of a program through. */
  rawPasteGrants = 0;
  /** Soft reboots a program caused (SystemExit in raw mode), noticed after its reply. */
  softReboots = 0;
  /** While a raw-paste transfer is under way: whether interrupt() sent a Ctrl-C into it. */
  #pasteInterrupt: "idle" | "sending" | "interrupted" = "idle";
  /** Whether this raw session has the flow-control loader defined (see flow_loader.ts). */
  #loaderReady = false;

  constructor(transport: Transport, options: RawReplOptions = {}) {
    this.transport = transport;
    const name = transport.description ?? "board";
    this.#inbox = new Inbox(transport.readable, () => new PortVanishedError(name));
    this.#writer = transport.writable.getWriter();
    // The writer's closed promise rejects when the link dies; that is reported through the
    // inbox and the failing write, so the rejection itself is not an unhandled one.
    this.#writer.closed.catch(() => {});
    this.#options = {
      chunkSize: options.chunkSize ?? 32,
      chunkDelayMs: options.chunkDelayMs ?? 2,
      splitBytes: options.splitBytes ?? 512,
      rawPaste: options.rawPaste ?? true,
      flowControl: options.flowControl ?? true,
      enterTimeoutMs: options.enterTimeoutMs ?? 1500,
      enterAttempts: options.enterAttempts ?? 4,
      ackTimeoutMs: options.ackTimeoutMs ?? 5000,
      interruptGraceMs: options.interruptGraceMs ?? 2000,
      resetTimeoutMs: options.resetTimeoutMs ?? 10000,
    };
  }

  get state(): ReplState {
    return this.#state;
  }

  /** The link's terminal error once it has died (vanished port), else null. */
  get linkFailure(): Error | null {
    return this.#inbox.failure;
  }

  /** Runs `task` after every earlier operation has finished. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => {
      if (this.#state === "closed") throw new BoardError("the board connection is closed");
      return task();
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Enters raw mode (resynchronising from any state). */
  enter(): Promise<void> {
    return this.exclusive(() => this.#enter());
  }

  /** Runs `code` and returns its stdout and traceback text without judging them. */
  execRaw(code: string | Uint8Array, options: ExecOptions = {}): Promise<ExecResult> {
    return this.exclusive(async () => {
      const result = await this.#execute(code, options);
      if (!PARSER_OUT_OF_MEMORY.test(latin1(result.stderr))) return result;
      // A board with a few KB of heap (the micro:bit has 16) can be too fragmented to parse
      // even a short program. The parser failed before anything ran, so collecting and
      // sending it again is safe.
      await this.#execute("import gc\ngc.collect()", options);
      return await this.#execute(code, options);
    });
  }

  /** Runs `code`; a Python exception on the board becomes a `BoardExceptionError`. */
  async exec(code: string | Uint8Array, options: ExecOptions = {}): Promise<string> {
    const chunks: Uint8Array[] = [];
    const onStdout = options.onStdout ?? ((part: Uint8Array) => chunks.push(part));
    const result = await this.execRaw(code, { ...options, onStdout });
    const stdout = decodeOutput(concat(chunks));
    if (result.stderr.length > 0) {
      throw new BoardExceptionError(decodeOutput(result.stderr), stdout);
    }
    return stdout;
  }

  /**
   * Sends Ctrl-C now, ahead of queued work: stops a running program with KeyboardInterrupt, or
   * a raw-paste transfer under way (the rest of the program is then not sent).
   */
  async interrupt(): Promise<void> {
    if (this.#pasteInterrupt === "sending") this.#pasteInterrupt = "interrupted";
    await this.#write(bytes("\x03"));
  }

  /**
   * Writes bytes straight to the line, outside the protocol (diagnostics, tests that disturb
   * the link on purpose). Whatever the board makes of them, the next operation resynchronises.
   */
  writeRaw(data: Uint8Array): Promise<void> {
    return this.exclusive(async () => {
      this.#state = "unknown";
      await this.#write(data);
    });
  }

  /** Soft reset: fresh interpreter heap, still in raw mode afterwards. */
  softReset(): Promise<void> {
    return this.exclusive(async () => {
      await this.#ensureRaw();
      this.#state = "unknown";
      this.#loaderReady = false;
      await this.#write(EOT);
      const deadline = performance.now() + this.#options.resetTimeoutMs;
      await this.#expect(SOFT_REBOOT, deadline, "the soft reboot message");
      await this.#expect(BANNER, deadline, "the raw REPL banner after soft reboot");
      await this.#expectPrompt(deadline);
      this.#state = "raw";
    });
  }

  /**
   * Sends `code` (which must end the board's life as it is, e.g. `machine.reset()`), waits for
   * the `OK` and returns without waiting for output; the state becomes unknown.
   */
  fireAndForget(code: string): Promise<void> {
    return this.exclusive(async () => {
      await this.#ensureRaw();
      await this.#sendProgram(bytes(code));
      this.#state = "unknown";
    });
  }

  /** Leaves raw mode for the friendly REPL. */
  leave(): Promise<void> {
    return this.exclusive(async () => {
      if (this.#state === "raw") await this.#write(bytes("\r\x02"));
      this.#state = "friendly";
    });
  }

  /**
   * Friendly-REPL passthrough: leaves raw mode and connects the user's keystrokes and the board's
   * output until the escape byte (Ctrl-] by default), the input ends, the signal aborts or the
   * link dies (which rejects). The next operation re-enters raw mode.
   */
  passthrough(options: PassthroughOptions): Promise<void> {
    return this.exclusive(async () => {
      const escape = options.escape ?? 0x1d;
      if (this.#state === "raw") await this.#write(bytes("\r\x02"));
      this.#state = "unknown";
      let outputChain: Promise<unknown> = Promise.resolve();
      this.#inbox.setTap((chunk) => {
        outputChain = outputChain.then(() => options.output(chunk)).catch(() => {});
      });
      const reader = options.input.getReader();
      let stopReading: () => void = () => {};
      const stopped = new Promise<"stop">((resolve) => (stopReading = () => resolve("stop")));
      const onAbort = () => stopReading();
      options.signal?.addEventListener("abort", onAbort, { once: true });
      const linkDeath = this.#inbox.ended.then(() => "dead" as const);
      try {
        for (;;) {
          const next = await Promise.race([reader.read(), stopped, linkDeath]);
          if (next === "stop") break;
          if (next === "dead") throw this.#inbox.failure;
          if (next.done) break;
          const at = next.value.indexOf(escape);
          const keys = at >= 0 ? next.value.subarray(0, at) : next.value;
          if (keys.length > 0) await this.#write(keys);
          if (at >= 0) break;
        }
      } finally {
        options.signal?.removeEventListener("abort", onAbort);
        reader.releaseLock();
        this.#inbox.setTap(null);
        await outputChain;
      }
    });
  }

  /** Leaves raw mode (politely, if the link still works) and closes the transport. */
  async close(): Promise<void> {
    if (this.#state === "closed") return;
    const wasRaw = this.#state === "raw";
    this.#state = "closed";
    if (wasRaw && this.#inbox.failure === null) {
      try {
        await withTimeout(this.#writer.write(bytes("\r\x02")), 500);
      } catch {
        // the link is already gone; closing is all that is left
      }
    }
    try {
      this.#writer.releaseLock();
    } catch {
      // a write is stuck on a dead link; closing the transport ends it
    }
    await this.#inbox.stop();
    await this.transport.close();
  }

  // ---------------------------------------------------------------------------------------------

  async #ensureRaw(): Promise<void> {
    if (this.#state !== "raw") await this.#enter();
  }

  async #write(data: Uint8Array): Promise<void> {
    if (this.#inbox.failure !== null) throw this.#inbox.failure;
    try {
      await this.#writer.write(data);
    } catch (error) {
      throw this.#inbox.failure ?? error;
    }
  }

  /** Waits for `marker`; converts an inbox timeout into a BoardTimeoutError naming `what`. */
  async #expect(marker: Uint8Array, deadline: number, what: string): Promise<Uint8Array> {
    const started = performance.now();
    try {
      return await this.#inbox.readUntil(marker, { deadline });
    } catch (error) {
      throw timeoutError(error, what, deadline - started);
    }
  }

  async #expectPrompt(deadline: number): Promise<void> {
    const prompt = await this.#readExactly(1, deadline, "the raw REPL prompt");
    if (prompt[0] !== 0x3e) {
      throw new BoardProtocolError(
        `expected the raw REPL prompt '>', got ${JSON.stringify(latin1(prompt))}`,
      );
    }
  }

  /**
   * The prompt after a program's reply, or first the board's soft reboot: SystemExit in raw mode
   * (`sys.exit()`, `machine.soft_reset()`) soft-resets a board once the reply is sent, and it
   * comes back in raw mode with the banner. Everything the board held is gone then.
   */
  async #expectPromptOrReboot(deadline: number): Promise<void> {
    const first = await this.#readExactly(1, deadline, "the raw REPL prompt");
    if (first[0] === 0x3e) return;
    // Anything else must be the reboot's line (`MPY: soft reboot`), at once.
    const lineDeadline = Math.min(deadline, performance.now() + this.#options.ackTimeoutMs);
    const line = latin1(first) +
      latin1(await this.#expect(bytes("\n"), lineDeadline, "the raw REPL prompt")) + "\n";
    if (!line.endsWith(latin1(SOFT_REBOOT))) {
      throw new BoardProtocolError(
        `expected the raw REPL prompt '>', got ${JSON.stringify(line)}`,
      );
    }
    this.#loaderReady = false;
    this.softReboots++;
    // boot.py runs before the banner, and may print.
    await this.#expect(BANNER, deadline, "the raw REPL banner after soft reboot");
    await this.#expectPrompt(deadline);
  }

  async #readExactly(count: number, deadline: number, what: string): Promise<Uint8Array> {
    const started = performance.now();
    try {
      return await this.#inbox.readExactly(count, { deadline });
    } catch (error) {
      throw timeoutError(error, what, deadline - started);
    }
  }

  async #enter(): Promise<void> {
    const options = this.#options;
    this.#state = "unknown";
    this.#loaderReady = false;
    let lastError: unknown = null;
    for (let attempt = 0; attempt < options.enterAttempts; attempt++) {
      if (this.#inbox.failure !== null) throw this.#inbox.failure;
      // Escalate: first a plain interrupt; then also leave raw mode (a wedged raw line); then
      // also finish a stuck raw-paste or paste-mode buffer with Ctrl-D (which may soft-reset a
      // friendly REPL: acceptable when nothing else got through).
      if (attempt >= 2) await this.#write(bytes("\x04"));
      if (attempt >= 1) await this.#write(bytes("\r\x02"));
      await this.#write(bytes("\r\x03\x03"));
      await this.#inbox.drain(30, performance.now() + 300);
      await this.#write(bytes("\r\x01"));
      const deadline = performance.now() + options.enterTimeoutMs * (attempt + 1);
      try {
        await this.#inbox.readUntil(BANNER, { deadline });
        await this.#synchronise(deadline + options.ackTimeoutMs);
        this.#state = "raw";
        return;
      } catch (error) {
        if (!(error instanceof InboxTimeoutError) && !(error instanceof BoardProtocolError)) {
          throw error;
        }
        lastError = error;
      }
    }
    const received = lastError instanceof InboxTimeoutError ? latin1(lastError.received) : "";
    throw new BoardTimeoutError(
      `the raw REPL after ${options.enterAttempts} attempts (is MicroPython running, and is no ` +
        `program ignoring Ctrl-C?)`,
      options.enterTimeoutMs * options.enterAttempts,
      received,
    );
  }

  /**
   * Proves we are in step: runs a program whose output (a fresh number, built at run time so it
   * never appears in the code itself) can only come from this very request.
   */
  async #synchronise(deadline: number): Promise<void> {
    // Several banners may be on their way (from our retries or from garbage): let them land.
    await this.#inbox.drain(20, Math.min(deadline, performance.now() + 500));
    const nonce = ++this.#syncCounter;
    await this.#write(bytes(`print('upy','sync',${nonce}*7)\x04`));
    await this.#inbox.readUntil(bytes(`upy sync ${nonce * 7}\r\n\x04\x04>`), { deadline });
    this.#inbox.discard();
  }

  async #execute(code: string | Uint8Array, options: ExecOptions): Promise<ExecResult> {
    await this.#ensureRaw();
    const source = typeof code === "string" ? bytes(code) : code;
    // A bare Ctrl-D on an empty raw line means "soft reset", not "run nothing".
    const program = source.length === 0 ? bytes("\n") : source;
    // A program that goes out in one write has nothing to flow-control: plain raw mode takes it
    // in one round trip where raw-paste needs two (its handshake first).
    const oneWrite = this.rawPasteSupported === true && program.length <= this.#options.chunkSize;
    if (this.#options.rawPaste && this.rawPasteSupported !== false && !oneWrite) {
      const started = await this.#tryRawPaste(program, options);
      if (started !== null) return started;
    }
    if (options.noSplit || program.length <= this.#options.splitBytes) {
      return await this.#executePlain(program, options);
    }
    // Long program, no raw-paste: run it as consecutive statement groups, stopping at the first
    // error; stdout is collected across the groups.
    const groups = splitTopLevel(new TextDecoder().decode(program), this.#options.splitBytes);
    const stdoutParts: Uint8Array[] = [];
    const onStdout = options.onStdout ?? ((part: Uint8Array) => stdoutParts.push(part));
    for (const group of groups) {
      const result = await this.#executePlain(bytes(group), { ...options, onStdout });
      if (result.stderr.length > 0) return { stdout: concat(stdoutParts), stderr: result.stderr };
    }
    return { stdout: concat(stdoutParts), stderr: new Uint8Array(0) };
  }

  async #executePlain(program: Uint8Array, options: ExecOptions): Promise<ExecResult> {
    if (this.#options.flowControl && loaderCanCarry(program)) {
      const loaded = await this.#executeLoaded(program, options);
      if (loaded !== null) return loaded;
    }
    return await this.#executeDirect(program, options);
  }

  /** Plain raw mode: the program in paced chunks, then Ctrl-D. */
  async #executeDirect(program: Uint8Array, options: ExecOptions): Promise<ExecResult> {
    await this.#sendProgram(program);
    return await this.#follow(options);
  }

  /**
   * Sends a program and its Ctrl-D and waits for `OK`. When a byte of it was lost on the way
   * (see flow_loader.ts) the board may still be waiting for the end of the program and never say
   * `OK`; as nothing has run then, raw mode is entered afresh and the program sent again.
   */
  async #sendProgram(program: Uint8Array): Promise<void> {
    const attempts = 3;
    for (let attempt = 1;; attempt++) {
      this.#state = "unknown";
      // Paced even when short: a board whose interpreter is slow to empty its receive buffer
      // (a loaded host running QEMU, a busy flash) drops what overflows.
      const { chunkDelayMs, chunkSize } = this.#options;
      for (let offset = 0; offset < program.length; offset += chunkSize) {
        await this.#write(program.subarray(offset, offset + chunkSize));
        if (offset + chunkSize < program.length && chunkDelayMs > 0) await sleep(chunkDelayMs);
      }
      await this.#write(EOT);
      const waitMs = attempt < attempts
        ? Math.min(this.#options.ackTimeoutMs, 500)
        : this.#options.ackTimeoutMs;
      let ack: Uint8Array;
      try {
        ack = await this.#readExactly(2, performance.now() + waitMs, "OK");
      } catch (error) {
        if (!(error instanceof BoardTimeoutError) || attempt >= attempts) throw error;
        this.resends++;
        await this.#enter(); // resynchronise: whatever the board holds is discarded
        continue;
      }
      if (ack[0] !== 0x4f || ack[1] !== 0x4b) {
        throw new BoardProtocolError(
          `expected OK after the program, got ${JSON.stringify(latin1(ack))}`,
        );
      }
      return;
    }
  }

  /**
   * Runs `program` through the flow-controlled loader, defining it first when needed. Returns
   * null when the loader cannot be defined on this board (the caller then sends directly).
   */
  async #executeLoaded(program: Uint8Array, options: ExecOptions): Promise<ExecResult | null> {
    let loaderFailures = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!this.#loaderReady) {
        // The definition is short and sent slowly; a byte lost on the way shows up as output
        // here (LOADER_DEFINITION checks itself), and it is sent again. It holds the loader's
        // source twice while it compiles it, which a fragmented 16 KB heap may not have room
        // for until a collection.
        await this.#executeDirect(bytes("import gc\ngc.collect()"), {});
        const defined = await this.#executeDirect(bytes(LOADER_DEFINITION), {});
        if (defined.stderr.length > 0 || defined.stdout.length > 0) continue;
        this.#loaderReady = true;
      }
      const result = await this.#sendThroughLoader(program, options);
      if (result === "retry") continue;
      if (result instanceof BoardProtocolError) {
        // Nothing of the program has run, so it can go again: on a 16 KB heap the pieces may
        // not have found room (MemoryError) until a collection.
        if (++loaderFailures > LOADER_RETRIES) throw result;
        this.#loaderReady = false; // defined again too, in case the failure was its own
        await this.#executeDirect(bytes("import gc\ngc.collect()"), {});
        continue;
      }
      if (result !== null) return result;
      this.#loaderReady = false; // the loader went missing (a soft reset inside user code)
    }
    return null;
  }

  /** One loader run; null when the board answered that `_upy_x` does not exist, "retry" when a
   * piece went missing on the way, the error when the loader failed before the program ran. */
  async #sendThroughLoader(
    program: Uint8Array,
    options: ExecOptions,
  ): Promise<ExecResult | null | "retry" | BoardProtocolError> {
    const ackDeadline = () => performance.now() + this.#options.ackTimeoutMs;
    await this.#sendProgram(bytes(loaderCall(program.length)));
    for (let offset = 0; offset <= program.length;) {
      let request: Uint8Array;
      try {
        const deadline = performance.now() + Math.min(this.#options.ackTimeoutMs, 2000);
        request = await this.#readExactly(1, deadline, "the loader's request for more");
      } catch (error) {
        if (!(error instanceof BoardTimeoutError)) throw error;
        // A piece lost a byte and the loader waits for it: nothing has run yet. Stop the loader
        // and let the caller send the whole program again.
        await this.#write(bytes("\x03"));
        await this.#inbox.drain(50, performance.now() + 1000);
        this.resends++;
        await this.#enter();
        return "retry";
      }
      if (request[0] === 0x02 && offset === program.length) break;
      if (request[0] === 0x04) {
        // The loader itself failed before running anything: read its traceback and prompt.
        const stderr = await this.#expect(EOT, ackDeadline(), "the loader's traceback");
        await this.#expectPrompt(ackDeadline());
        this.#state = "raw";
        if (/NameError[^\r]*_upy_x/.test(latin1(stderr))) return null;
        return new BoardProtocolError(
          `the flow-control loader failed: ${decodeOutput(stderr).trim()}`,
        );
      }
      if (request[0] !== 0x01 || offset === program.length) {
        throw new BoardProtocolError(`unexpected byte ${request[0]} from the flow-control loader`);
      }
      const end = Math.min(offset + LOADER_PIECE, program.length);
      await this.#write(program.subarray(offset, end));
      offset = end;
    }
    const result = await this.#follow(options);
    if (result.stderr.length === 0) return result;
    return {
      stdout: result.stdout,
      stderr: bytes(cleanLoaderTraceback(new TextDecoder().decode(result.stderr))),
    };
  }

  /** Whether interrupt() has sent a Ctrl-C into the raw-paste transfer under way. */
  #pasteInterrupted(): boolean {
    return this.#pasteInterrupt === "interrupted";
  }

  /** Returns null when the board has no raw-paste (and remembers that). */
  async #tryRawPaste(program: Uint8Array, options: ExecOptions): Promise<ExecResult | null> {
    const ackDeadline = () => performance.now() + this.#options.ackTimeoutMs;
    this.#state = "unknown";
    await this.#write(bytes("\x05A\x01"));
    const reply = await this.#readExactly(2, ackDeadline(), "the raw-paste reply");
    if (reply[0] === 0x52 && reply[1] === 0x00) { // "R\x00": known command, not supported
      this.rawPasteSupported = false;
      this.#state = "raw";
      return null;
    }
    if (reply[0] === 0x72 && reply[1] === 0x61) { // "ra": older firmware re-printed the banner
      await this.#expect(bytes("w REPL; CTRL-B to exit\r\n"), ackDeadline(), "the raw REPL banner");
      await this.#expectPrompt(ackDeadline());
      this.rawPasteSupported = false;
      this.#state = "raw";
      return null;
    }
    if (reply[0] !== 0x52 || reply[1] !== 0x01) {
      throw new BoardProtocolError(`unexpected raw-paste reply ${JSON.stringify(latin1(reply))}`);
    }
    this.rawPasteSupported = true;
    const header = await this.#readExactly(2, ackDeadline(), "the raw-paste window size");
    const window = header[0] | (header[1] << 8);
    this.rawPasteWindow = window;
    let remaining = window;
    let offset = 0;
    let stoppedEarly = false;
    this.#pasteInterrupt = "sending";
    try {
      sending: while (offset < program.length || this.#pasteInterrupted()) {
        // Interrupted: not another byte, or the rest would reach the raw prompt as a program.
        while (
          remaining === 0 || this.#inbox.buffered > 0 || this.#pasteInterrupted()
        ) {
          const control = await this.#readExactly(1, ackDeadline(), "raw-paste flow control");
          if (control[0] === 0x01) {
            this.rawPasteGrants++;
            remaining += window;
          } else if (control[0] === 0x04) {
            // The board stopped reading: after our Ctrl-C (a KeyboardInterrupt follows, and an
            // acknowledgement would reach the raw prompt as an empty program, a soft reset), or
            // on its own (e.g. a syntax error), when it reads on until our \x04.
            if (!this.#pasteInterrupted()) await this.#write(EOT);
            stoppedEarly = true;
            break sending;
          } else {
            throw new BoardProtocolError(`unexpected byte ${control[0]} during raw-paste`);
          }
        }
        const count = Math.min(remaining, program.length - offset);
        await this.#write(program.subarray(offset, offset + count));
        remaining -= count;
        offset += count;
      }
      if (!stoppedEarly) {
        await this.#write(EOT);
        // The board acknowledges the end of data with \x04; window grants may still precede it.
        const before = await this.#expect(EOT, ackDeadline(), "the end of raw-paste");
        for (const byte of before) {
          if (byte !== 0x01) {
            throw new BoardProtocolError(`unexpected byte ${byte} at the end of raw-paste`);
          }
          this.rawPasteGrants++;
        }
      }
    } finally {
      this.#pasteInterrupt = "idle";
    }
    return await this.#follow(options);
  }

  /** Reads stdout up to `\x04`, the traceback up to `\x04`, then the prompt. */
  async #follow(options: ExecOptions): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? Infinity;
    const deadline = performance.now() + timeoutMs;
    const rebootDeadline = () => performance.now() + this.#options.resetTimeoutMs;
    const stdoutParts: Uint8Array[] = [];
    const onStdout = options.onStdout ?? ((part: Uint8Array) => stdoutParts.push(part));
    let stage = "stdout";
    try {
      await this.#inbox.readUntil(EOT, { deadline, onData: onStdout, signal: options.signal });
      stage = "traceback";
      const stderr = await this.#inbox.readUntil(EOT, { deadline, signal: options.signal });
      stage = "prompt";
      await this.#expectPromptOrReboot(Math.min(deadline, rebootDeadline()));
      this.#state = "raw";
      return { stdout: concat(stdoutParts), stderr };
    } catch (error) {
      const aborted = options.signal?.aborted === true && error === options.signal.reason;
      if (!(error instanceof InboxTimeoutError) && !aborted) throw error;
      // Stop the program, then give it a moment to report the KeyboardInterrupt and prompt.
      await this.#write(bytes("\x03"));
      const grace = performance.now() + this.#options.interruptGraceMs;
      try {
        if (stage === "stdout") {
          await this.#inbox.readUntil(EOT, { deadline: grace, onData: onStdout });
        }
        if (stage !== "prompt") await this.#inbox.readUntil(EOT, { deadline: grace });
        await this.#expectPrompt(grace);
        this.#state = "raw";
      } catch (graceError) {
        if (!(graceError instanceof InboxTimeoutError || graceError instanceof BoardTimeoutError)) {
          throw graceError;
        }
        this.#state = "unknown";
      }
      if (aborted) throw new BoardAbortError("the program was interrupted (aborted)");
      throw new BoardTimeoutError(
        "the program to finish",
        timeoutMs,
        "",
        `the program did not finish within ${timeoutMs} ms and was interrupted`,
      );
    }
  }
}

/** The board ran out of heap while parsing: no statement of the program ran. */
/** Loader runs that may fail before the program runs, each after a garbage collection. */
const LOADER_RETRIES = 2;

const PARSER_OUT_OF_MEMORY = /MemoryError: parser could not allocate/;

/** Board text: UTF-8 (lenient), with the board's `\r\n` line ends turned into `\n`. */
export function decodeOutput(data: Uint8Array): string {
  return new TextDecoder().decode(data).replaceAll("\r\n", "\n");
}

/**
 * decodeOutput for output that arrives in pieces: a piece may end between `\r` and `\n`, or
 * inside a UTF-8 sequence, so both are held back until the next piece says what they were.
 */
export class OutputDecoder {
  #utf8 = new TextDecoder();
  #heldReturn = false;

  decode(piece: Uint8Array): string {
    let text = (this.#heldReturn ? "\r" : "") + this.#utf8.decode(piece, { stream: true });
    this.#heldReturn = text.endsWith("\r");
    if (this.#heldReturn) text = text.slice(0, -1);
    return text.replaceAll("\r\n", "\n");
  }

  /** What is still held back once the output has ended. */
  flush(): string {
    const rest = (this.#heldReturn ? "\r" : "") + this.#utf8.decode();
    this.#heldReturn = false;
    return rest;
  }
}

function timeoutError(error: unknown, what: string, waitedMs: number): unknown {
  if (!(error instanceof InboxTimeoutError)) return error;
  return new BoardTimeoutError(what, Math.round(waitedMs), latin1(error.received));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
