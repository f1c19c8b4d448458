/**
 * Drive a MicroPython board from Deno: `connect()` picks the transport from the target text and
 * returns a `Board` with exec/eval/run, files, resets, agent calls and a REPL passthrough.
 *
 * ```ts
 * import { connect } from "./hal/board.ts";
 * await using board = await connect("/dev/ttyACM0"); // or "auto", "127.0.0.1:4555", a Transport
 * console.log(await board.eval("1 + 1"));            // 2
 * await board.run("for i in range(3): print(i)", { output: Deno.stdout.writable });
 * await board.fs.put("main.py", "print('hi')");
 * ```
 *
 * Targets: `auto` (first serial port that looks like a MicroPython board), `usb` (the board's USB
 * serial interface through libusb, no tty driver needed), a device path
 * (`/dev/ttyACM0`, or mpremote's `a0`/`u0` shorthands), `host:port` (raw TCP, like the QEMU
 * board), `ws://host:8266` or `webrepl://host` (WebREPL, with `password`), or any `Transport`.
 */

import { type Transport } from "./transport.ts";
import { PortNotFoundError, PortVanishedError } from "./transport.ts";
import { listSerialPorts, pickBoardPort } from "./serial/list_ports.ts";
import { openSerialPort, type SerialPortOptions } from "./serial/serial_port.ts";
import { connectTcp, parseHostPort } from "./net/tcp.ts";
import { connectWebRepl } from "./net/webrepl.ts";
import {
  type ExecOptions,
  type PassthroughOptions,
  RawRepl,
  type RawReplOptions,
} from "./remote/raw_repl.ts";
import { BoardFs } from "./remote/fs.ts";
import { BoardAgent, type CallSpec, type CallTarget } from "./remote/agent.ts";
import { parsePythonRepr } from "./remote/literal.ts";
import { BoardTimeoutError } from "./remote/errors.ts";
import { traceTransport } from "./remote/trace.ts";

export * from "./transport.ts";
export * from "./remote/errors.ts";
export { BoardFsError, type DiskUsage, type FileEntry, type FileStat } from "./remote/fs.ts";
export { PyExpression, PyOpaque } from "./remote/literal.ts";
export { RemoteRef } from "./remote/agent.ts";

export interface ConnectOptions extends RawReplOptions {
  /** Serial line speed (USB CDC ignores it). Default 115200. */
  baudRate?: number;
  /** Serial modem lines and locking, see SerialPortOptions. */
  serial?: Omit<SerialPortOptions, "baudRate">;
  /** WebREPL password (or env UPY_WEBREPL_PASSWORD). */
  password?: string;
  /** Connection set-up timeout for network targets. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Default limit for `exec`/`eval`/`call` (the program is interrupted after it). Default 30 s. */
  execTimeoutMs?: number;
  /** Soft-reset the board right after connecting (a clean interpreter). Default false. */
  softReset?: boolean;
}

export interface RunOptions {
  /** Where stdout goes as it arrives: a stream (e.g. `Deno.stdout.writable`) or a callback. */
  output?: WritableStream<Uint8Array> | ((bytes: Uint8Array) => void);
  /** Interrupt the program (Ctrl-C) when aborted; run() then rejects with BoardAbortError. */
  signal?: AbortSignal;
  /** Interrupt and reject with BoardTimeoutError after this long. Default: no limit. */
  timeoutMs?: number;
}

/** Opens the link that `target` names. */
export async function openTransport(
  target: string,
  options: ConnectOptions = {},
): Promise<Transport> {
  const text = target.trim();
  if (text === "auto") {
    const port = pickBoardPort(await listSerialPorts());
    if (port === undefined) {
      throw new PortNotFoundError(
        "auto",
        "no serial board found (is it plugged in? try `connect list`)",
      );
    }
    return await openSerialPort(port.path, { ...options.serial, baudRate: options.baudRate });
  }
  if (text === "usb") {
    // MicroPython's USB serial interface straight through libusb, for hosts without a tty driver.
    const { openUsbTransport } = await import("./libusb/cdc.ts");
    return await openUsbTransport();
  }
  if (/^(wss?|webrepl):\/\//.test(text)) {
    const password = options.password ?? Deno.env.get("UPY_WEBREPL_PASSWORD") ?? "";
    return await connectWebRepl(text, { password, timeoutMs: options.connectTimeoutMs });
  }
  const shorthand = /^([acu])(\d+)$/.exec(text);
  if (shorthand) {
    const kind = { a: "ttyACM", u: "ttyUSB", c: "ttyS" }[shorthand[1] as "a" | "u" | "c"];
    return await openSerialPort(`/dev/${kind}${shorthand[2]}`, {
      ...options.serial,
      baudRate: options.baudRate,
    });
  }
  if (!text.startsWith("/") && parseHostPort(text) !== null) {
    return await connectTcp(text, { connectTimeoutMs: options.connectTimeoutMs });
  }
  return await openSerialPort(text, { ...options.serial, baudRate: options.baudRate });
}

/** Connects to a board and enters raw mode; the board is ready for `exec` when this resolves. */
export async function connect(
  target: string | Transport = "auto",
  options: ConnectOptions = {},
): Promise<Board> {
  let transport = typeof target === "string" ? await openTransport(target, options) : target;
  const trace = Deno.env.get("UPY_BOARD_TRACE");
  if (trace) transport = traceTransport(transport, trace);
  const board = new Board(transport, options, typeof target === "string" ? target : null);
  try {
    await board.protocol.enter();
    if (options.softReset) await board.softReset();
  } catch (error) {
    await board.close();
    throw error;
  }
  return board;
}

export class Board implements AsyncDisposable {
  /** The raw REPL protocol client (lower level: execRaw, interrupt, passthrough). */
  protocol: RawRepl;
  /** Files on the board. */
  fs: BoardFs;
  /** Handle table and batched calls (what a remote `machine` builds on). */
  agent: BoardAgent;
  /** The target text this board was opened from, when it was opened by name. */
  readonly target: string | null;
  readonly #options: ConnectOptions;

  constructor(transport: Transport, options: ConnectOptions = {}, target: string | null = null) {
    this.#options = options;
    this.target = target;
    this.protocol = new RawRepl(transport, options);
    this.fs = new BoardFs(this.protocol);
    this.agent = new BoardAgent(this.protocol);
  }

  /** Where the board is connected, for messages. */
  get description(): string {
    return this.protocol.transport.description ?? this.target ?? "board";
  }

  /** Runs code and returns what it printed (`\n` line ends); a board exception rejects with
   * BoardExceptionError carrying the traceback. */
  exec(code: string, options: ExecOptions = {}): Promise<string> {
    return this.protocol.exec(code, {
      timeoutMs: this.#options.execTimeoutMs ?? 30000,
      ...options,
    });
  }

  /** Evaluates an expression on the board and parses its repr (see literal.ts for the mapping). */
  async eval(expression: string, options: ExecOptions = {}): Promise<unknown> {
    return parsePythonRepr(await this.evalRepr(expression, options));
  }

  /** The repr text of an expression evaluated on the board. */
  async evalRepr(expression: string, options: ExecOptions = {}): Promise<string> {
    const text = await this.exec(`print(repr(${expression}))`, options);
    return text.endsWith("\n") ? text.slice(0, -1) : text;
  }

  /** Runs a program, streaming its output as it comes; no time limit unless given. */
  async run(code: string, options: RunOptions = {}): Promise<void> {
    let write: (bytes: Uint8Array) => void = () => {};
    let writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
    let pending: Promise<void> = Promise.resolve();
    if (typeof options.output === "function") {
      write = options.output;
    } else if (options.output) {
      const sink = options.output.getWriter();
      writer = sink;
      write = (bytes) => {
        pending = pending.then(() => sink.write(bytes));
      };
    }
    try {
      await this.protocol.exec(code, {
        onStdout: write,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
      });
    } finally {
      await pending.catch(() => {});
      writer?.releaseLock();
    }
  }

  /** `target(*args)` on the board, one round trip, result parsed. */
  call(target: CallTarget, ...args: unknown[]): Promise<unknown> {
    return this.agent.call(target, args, {}, { timeoutMs: this.#options.execTimeoutMs ?? 30000 });
  }

  /** Several calls in one round trip. */
  batch(calls: readonly CallSpec[]): Promise<unknown[]> {
    return this.agent.batch(calls, { timeoutMs: this.#options.execTimeoutMs ?? 30000 });
  }

  /** Stops the running program (Ctrl-C), jumping the queue. */
  interrupt(): Promise<void> {
    return this.protocol.interrupt();
  }

  /** Soft reset: a fresh interpreter, files and the link untouched. */
  async softReset(): Promise<void> {
    this.fs.invalidate();
    await this.protocol.softReset();
  }

  /**
   * Hard reset (`machine.reset()`). A USB board drops off the bus and comes back; when this board
   * was opened by name it is reopened (waiting up to `timeoutMs`), otherwise the link is closed.
   */
  async reset(options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 15000;
    this.fs.invalidate();
    await this.protocol.fireAndForget(
      "try:\n import machine as _m\nexcept ImportError:\n import microbit as _m\n_m.reset()",
    );
    const deadline = performance.now() + timeoutMs;
    // Either the link survives (UART bridge, QEMU, TCP) and the board reboots on it, or the
    // port vanishes (USB CDC). Give the board a moment to go down first.
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (this.protocol.linkFailure === null) {
      try {
        await this.protocol.enter();
        return;
      } catch (error) {
        if (!(error instanceof PortVanishedError) && !(error instanceof BoardTimeoutError)) {
          throw error;
        }
        if (this.protocol.linkFailure === null) throw error;
      }
    }
    await this.protocol.close().catch(() => {});
    if (this.target === null) return;
    let lastError: unknown = null;
    while (performance.now() < deadline) {
      try {
        const transport = await openTransport(this.target, this.#options);
        this.protocol = new RawRepl(transport, this.#options);
        this.fs = new BoardFs(this.protocol);
        this.agent = new BoardAgent(this.protocol);
        await this.protocol.enter();
        return;
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    throw lastError ?? new BoardTimeoutError("the board to come back after reset", timeoutMs);
  }

  /** Friendly REPL passthrough until Ctrl-] (see RawRepl.passthrough). */
  repl(options: PassthroughOptions): Promise<void> {
    return this.protocol.passthrough(options);
  }

  /** Leaves raw mode and closes the link. */
  close(): Promise<void> {
    return this.protocol.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
