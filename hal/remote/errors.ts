/**
 * Errors of the board protocol layer. Transport failures (missing, busy, vanished port) keep their
 * own classes from hal/transport.ts and pass through unchanged; these cover what happens above
 * the wire: the board not answering, answering nonsense, or raising a Python exception.
 */

/** Base class for failures of the raw REPL conversation. */
export class BoardError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "BoardError";
  }
}

/** The board did not answer in time (it is busy, wedged, or not running MicroPython). */
export class BoardTimeoutError extends BoardError {
  /** What we were waiting for, e.g. "the raw REPL prompt". */
  readonly waitingFor: string;
  /** Bytes that did arrive meanwhile, decoded leniently (helps tell a wrong baud rate). */
  readonly received: string;
  constructor(waitingFor: string, timeoutMs: number, received = "", message?: string) {
    const tail = received.length > 0
      ? `; last bytes received: ${JSON.stringify(received.slice(-80))}`
      : "";
    super(
      message ??
        `the board did not answer within ${timeoutMs} ms (waiting for ${waitingFor})${tail}`,
    );
    this.name = "BoardTimeoutError";
    this.waitingFor = waitingFor;
    this.received = received;
  }
}

/** The board answered with bytes the protocol does not allow at that point. */
export class BoardProtocolError extends BoardError {
  constructor(message: string) {
    super(message);
    this.name = "BoardProtocolError";
  }
}

/**
 * Code on the board raised an exception. `message` is the exception line
 * (`ZeroDivisionError: division by zero`); `traceback` is the board's full text.
 */
export class BoardExceptionError extends BoardError {
  /** The full traceback exactly as the board printed it (line ends normalised to `\n`). */
  readonly traceback: string;
  /** Python exception class name, e.g. `OSError`; empty if the text had no exception line. */
  readonly exceptionType: string;
  /** The exception's message after `Type: `. */
  readonly exceptionMessage: string;
  /** What the code printed before it failed. */
  readonly output: string;
  constructor(traceback: string, output: string) {
    const lines = traceback.trimEnd().split("\n");
    const last = lines[lines.length - 1] ?? "";
    const match = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/.exec(last);
    super(last.length > 0 ? last : "the board reported an error");
    this.name = "BoardExceptionError";
    this.traceback = traceback;
    this.exceptionType = match ? match[1] : "";
    this.exceptionMessage = match ? (match[2] ?? "") : last;
    this.output = output;
  }

  /** OSError's errno when the message carries one (`[Errno 2] ENOENT` or a bare `2`). */
  get errno(): number | undefined {
    if (this.exceptionType !== "OSError") return undefined;
    const match = /^(?:\[Errno )?(\d+)\]?/.exec(this.exceptionMessage);
    return match ? Number(match[1]) : undefined;
  }
}

/** The operation was interrupted on request (AbortSignal) and the board was brought back. */
export class BoardAbortError extends BoardError {
  constructor(message = "the operation was aborted") {
    super(message);
    this.name = "BoardAbortError";
  }
}
