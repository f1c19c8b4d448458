/**
 * The programs the remote HAL (machine_adapter.ts) sends to the board: one at a time, in
 * program order, with the writes that need no answer batched in front of the next one.
 *
 * - Pin writes are packed one character each (`_upy_mW`); other writes (UART, watchdog feeds)
 *   are statements. Both are sent when BATCH_LIMIT have gathered, when an operation needs an
 *   answer (they go first in its program: one round trip), or at the next turn of the event loop.
 * - The helpers (machine_helpers.ts) are defined on first use and again after a soft reset wiped
 *   them (the NameError that shows it is caught and the program sent again).
 * - While `collecting()` (an irq is registered), every program ends with `_upy_mE()`: its event
 *   line is taken out of the output and handed to `onEvents`.
 * - A failure of writes nobody waited for is kept and raised by the next operation.
 */

import { HalError } from "../hal.ts";
import type { Board } from "../board.ts";
import { BoardExceptionError } from "./errors.ts";
import { parsePythonRepr, pythonString } from "./literal.ts";
import {
  EVENT_MARKER,
  HELPERS_PROBE,
  MACHINE_HELPERS,
  MICROBIT_HELPERS,
} from "./machine_helpers.ts";

/**
 * Queued writes that trigger a send without waiting for the event loop. Pin writes travel as
 * a string literal of this many characters at most: a 16 KB micro:bit cannot allocate 1 KB.
 */
const BATCH_LIMIT = 256;

/** Pins below this travel as one character per write: chr(48 + 2 * pin + value). */
const PACKED_PINS = 40;

export interface MachineLinkHooks {
  /** Pins to describe when the helpers are defined (`onPinStates` gets their reprs). */
  pinCount: number;
  /** Whether programs should collect the board's irq events now. */
  collecting(): boolean;
  /** The events of one collection (EVENT_FIELDS numbers each) and how many the board lost. */
  onEvents(events: number[], lost: number): void;
  /** Every pin's repr, read when the helpers were defined on a `machine.Pin` board. */
  onPinStates(reprs: unknown): void;
}

export class MachineLink {
  /** Round trips made (an operation with an answer, or a flush of queued writes). */
  roundTrips = 0;
  readonly #board: Promise<Board>;
  readonly #hooks: MachineLinkHooks;
  #helpersReady = false;
  /** Queued pin writes, one character each (see PACKED_PINS), and other queued statements. */
  #pinWrites = "";
  #statements: string[] = [];
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #deferredError: unknown = null;
  #chain: Promise<unknown> = Promise.resolve();
  /** Programs sent or waiting to be sent. */
  #inFlight = 0;

  constructor(board: Board | Promise<Board>, hooks: MachineLinkHooks) {
    this.#board = Promise.resolve(board);
    this.#board.catch(() => {}); // reported by the first operation
    this.#hooks = hooks;
  }

  /** Whether a program is on its way (a poll then would only add a round trip). */
  get busy(): boolean {
    return this.#inFlight > 0;
  }

  /** The statement queued last, if any (a watchdog feed need not be queued twice in a row). */
  get lastStatement(): string | undefined {
    return this.#pinWrites === "" ? this.#statements[this.#statements.length - 1] : undefined;
  }

  /** Runs `code` after the queued writes, in one program; returns its printed text. */
  run(code: string): Promise<string> {
    const pending = this.#takeQueued();
    return this.#enqueue(pending === "" ? code : `${pending}\n${code}`);
  }

  /** Evaluates a Python expression on the board (after the queued writes). */
  async eval(expression: string): Promise<unknown> {
    const text = await this.run(`print(repr(${expression}))`);
    return parsePythonRepr(text.trimEnd());
  }

  /** Queues a pin write: no answer, sent with the next batch. */
  queuePinWrite(pin: number, value: number): void {
    if (pin >= 0 && pin < PACKED_PINS) {
      this.#pinWrites += String.fromCharCode(48 + 2 * pin + (value ? 1 : 0));
      this.#queue();
    } else {
      this.queueStatement(`_upy_mw(${pin},${value ? 1 : 0})`);
    }
  }

  /** Queues a statement that needs no answer. */
  queueStatement(statement: string): void {
    this.#closePinRun();
    this.#statements.push(statement);
    this.#queue();
  }

  /** Keeps `error` for the next operation to raise (a background round trip failed). */
  defer(error: unknown): void {
    this.#deferredError ??= error;
  }

  /** The board forgot the helpers (a reset): they are defined again before the next program. */
  forgetHelpers(): void {
    this.#helpersReady = false;
  }

  /** flush() when writes are queued or on their way; null when the board has them all. */
  settle(): Promise<void> | null {
    const idle = this.#statements.length === 0 && this.#pinWrites.length === 0 &&
      this.#inFlight === 0;
    return idle ? null : this.flush();
  }

  /** Sends the queued writes now; resolves once the board has run them. */
  async flush(): Promise<void> {
    const pending = this.#takeQueued();
    if (pending === "") {
      await this.#chain;
      return;
    }
    const step = this.#enqueue(pending);
    this.#chain = step.catch((error) => this.defer(error));
    await this.#chain;
  }

  /** Sends what is queued and closes the link; a failure nobody saw yet is raised now. */
  async close(): Promise<void> {
    await this.flush();
    const failure = this.#deferredError;
    this.#deferredError = null;
    await (await this.#board).close();
    if (failure !== null) throw failure;
  }

  /** The board, once the queued writes have gone (for resets). */
  async board(): Promise<Board> {
    await this.flush();
    return await this.#board;
  }

  #enqueue(program: string): Promise<string> {
    this.#inFlight++;
    const step = this.#chain.then(() => this.#send(program)).finally(() => this.#inFlight--);
    this.#chain = step.catch(() => {});
    return step;
  }

  async #send(program: string): Promise<string> {
    if (this.#deferredError !== null) {
      const error = this.#deferredError;
      this.#deferredError = null;
      throw error;
    }
    const board = await this.#board;
    const collect = this.#hooks.collecting();
    if (collect) program += "\n_upy_mE()";
    this.roundTrips++;
    for (let attempt = 0;; attempt++) {
      try {
        if (!this.#helpersReady) await this.#installHelpers(board);
        const output = await board.exec(program);
        return collect ? this.#takeEvents(output) : output;
      } catch (error) {
        const missing = error instanceof BoardExceptionError &&
          error.exceptionType === "NameError" &&
          error.exceptionMessage.includes("_upy_m");
        if (missing && attempt === 0) {
          this.#helpersReady = false; // a soft reset wiped them
          continue;
        }
        // Still missing with the helpers in place: this board's dialect has no such helper.
        if (missing) throw new HalError("unsupported", "not available on this board");
        throw toHalError(error);
      }
    }
  }

  /** Defines the helpers of the board's dialect (and reads how every pin is set up now). */
  async #installHelpers(board: Board): Promise<void> {
    const hasPin = (await board.exec(HELPERS_PROBE)).trim() === "True";
    if (hasPin) {
      const pins = await board.exec(
        `${MACHINE_HELPERS}\nprint(repr(_upy_mS(range(${this.#hooks.pinCount}))))`,
      );
      this.#hooks.onPinStates(parsePythonRepr(pins));
    } else {
      await board.exec(MICROBIT_HELPERS);
    }
    this.#helpersReady = true;
  }

  /** Removes the event line from a program's output and hands its events over. */
  #takeEvents(output: string): string {
    const at = output.lastIndexOf(EVENT_MARKER + " ");
    if (at < 0 || (at > 0 && output[at - 1] !== "\n")) return output;
    const line = output.slice(at + EVENT_MARKER.length + 1).trim();
    const split = line.lastIndexOf(" ");
    const events = parsePythonRepr(line.slice(0, split)) as number[];
    this.#hooks.onEvents(events, Number(line.slice(split + 1)));
    return output.slice(0, at);
  }

  #takeQueued(): string {
    if (this.#flushTimer !== null) {
      clearTimeout(this.#flushTimer);
      this.#flushTimer = null;
    }
    this.#closePinRun();
    const program = this.#statements.join("\n");
    this.#statements = [];
    return program;
  }

  /** Ends the current run of packed pin writes, so that what is queued next runs after it. */
  #closePinRun(): void {
    if (this.#pinWrites.length === 0) return;
    this.#statements.push(`_upy_mW(${pythonString(this.#pinWrites)})`);
    this.#pinWrites = "";
  }

  #queue(): void {
    if (this.#pinWrites.length + this.#statements.length >= BATCH_LIMIT) {
      void this.flush();
    } else if (this.#flushTimer === null) {
      this.#flushTimer = setTimeout(() => void this.flush(), 0);
    }
  }
}

/**
 * A board-side exception as the HAL error machine maps to the same Python exception: the same
 * class, message and (for OSError) errno as on the board.
 */
function toHalError(error: unknown): unknown {
  if (!(error instanceof BoardExceptionError)) return error;
  const message = error.exceptionMessage;
  switch (error.exceptionType) {
    case "ValueError":
      return new HalError("value", message);
    case "OSError": {
      const errno = error.errno;
      if (errno === 110 || /ETIMEDOUT/.test(message)) {
        return new HalError("timeout", message, { errno });
      }
      if (errno === 22 || /EINVAL/.test(message)) {
        return new HalError("invalid", message, { errno });
      }
      return new HalError("io", message, { errno });
    }
    case "NotImplementedError":
      if (message !== "") {
        return new HalError("unsupported", `${message} is not available on this board`);
      }
    // falls through
    case "AttributeError":
    case "ImportError":
      return new HalError("unsupported", `not available on this board (${error.message})`);
    case "":
      return error;
    default:
      return new HalError("board", message, { pythonType: error.exceptionType });
  }
}
