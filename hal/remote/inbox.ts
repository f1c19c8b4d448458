/**
 * The receive side of a board link: one pump reads the transport's stream into a buffer, and the
 * protocol code waits on that buffer for markers (`OK`, `\x04`, the raw REPL banner) with a
 * deadline. Every wait ends: with the bytes, with `InboxTimeoutError`, or with the transport's own
 * error when the link goes away (so a vanished port can never leave a caller hanging).
 *
 * A wait can stream: bytes before the marker are handed to `onData` as they arrive, holding back
 * only what could be the start of a split marker. A "tap" diverts all input to a callback instead
 * of the buffer (the friendly-REPL passthrough).
 */

export class InboxTimeoutError extends Error {
  /** Bytes that did arrive before the deadline (useful in diagnostics). */
  readonly received: Uint8Array;
  constructor(message: string, received: Uint8Array) {
    super(message);
    this.name = "InboxTimeoutError";
    this.received = received;
  }
}

export interface WaitOptions {
  /** Absolute deadline (performance.now() based); Infinity waits as long as the link lives. */
  deadline: number;
  /** Streams the bytes before the marker as they arrive instead of returning them. */
  onData?: (bytes: Uint8Array) => void;
  /** Settles the wait early (e.g. a user abort); the buffer keeps what was not consumed. */
  signal?: AbortSignal;
}

const EMPTY = new Uint8Array(0);

export class Inbox {
  #buffer: Uint8Array = new Uint8Array(4096);
  #start = 0;
  #end = 0;
  #failure: Error | null = null;
  #wake: (() => void) | null = null;
  #tap: ((bytes: Uint8Array) => void) | null = null;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #pumpDone: Promise<void>;
  /** Settles when the link has ended (then `failure` says why). */
  readonly ended: Promise<void>;
  readonly #describe: () => Error;

  /** `ended` makes the error reported when the stream ends without one (the peer hung up). */
  constructor(readable: ReadableStream<Uint8Array>, ended: () => Error) {
    this.#reader = readable.getReader();
    this.#describe = ended;
    this.#pumpDone = this.#pump();
    this.ended = this.#pumpDone;
  }

  /** The error that ended the link, or null while it is alive. */
  get failure(): Error | null {
    return this.#failure;
  }

  get buffered(): number {
    return this.#end - this.#start;
  }

  /** Stops the pump (the transport is being closed). */
  async stop(): Promise<void> {
    if (this.#failure === null) this.#failure = this.#describe();
    try {
      await this.#reader.cancel();
    } catch {
      // the stream had already failed
    }
    await this.#pumpDone;
  }

  /** While set, incoming bytes (and what is buffered now) go to `tap` instead of the buffer. */
  setTap(tap: ((bytes: Uint8Array) => void) | null): void {
    this.#tap = tap;
    if (tap !== null && this.buffered > 0) {
      const pending = this.take(this.buffered);
      tap(pending);
    }
  }

  /** Drops everything buffered. */
  discard(): void {
    this.#start = this.#end = 0;
  }

  /** Removes and returns up to `count` buffered bytes. */
  take(count: number): Uint8Array {
    const length = Math.min(count, this.buffered);
    const bytes = this.#buffer.slice(this.#start, this.#start + length);
    this.#start += length;
    if (this.#start === this.#end) this.#start = this.#end = 0;
    return bytes;
  }

  /** Waits until the buffer holds `marker`; returns (or streams) the bytes before it and consumes
   * through the marker. */
  async readUntil(marker: Uint8Array, options: WaitOptions): Promise<Uint8Array> {
    const collected: Uint8Array[] = [];
    const emit = options.onData ?? ((bytes: Uint8Array) => collected.push(bytes));
    for (;;) {
      const index = this.#indexOf(marker);
      if (index >= 0) {
        if (index > this.#start) emit(this.#buffer.slice(this.#start, index));
        this.#start = index + marker.length;
        if (this.#start === this.#end) this.#start = this.#end = 0;
        return options.onData ? EMPTY : concat(collected);
      }
      // Hand on all but a possible marker prefix at the end of the buffer.
      const safe = this.#end - (marker.length - 1);
      if (safe > this.#start) {
        emit(this.#buffer.slice(this.#start, safe));
        this.#start = safe;
      }
      await this.#waitForData(options, () => concat(collected));
    }
  }

  /** Waits for exactly `count` bytes. */
  async readExactly(count: number, options: WaitOptions): Promise<Uint8Array> {
    while (this.buffered < count) {
      await this.#waitForData(options, () => this.#buffer.slice(this.#start, this.#end));
    }
    return this.take(count);
  }

  /** Waits for at least one byte and returns all buffered bytes. */
  async readSome(options: WaitOptions): Promise<Uint8Array> {
    while (this.buffered === 0) {
      await this.#waitForData(options, () => EMPTY);
    }
    return this.take(this.buffered);
  }

  /** Waits until no byte has arrived for `quietMs` (or `deadline` passes); drops all of it. */
  async drain(quietMs: number, deadline: number): Promise<void> {
    for (;;) {
      this.discard();
      const until = Math.min(deadline, performance.now() + quietMs);
      try {
        await this.#waitForData({ deadline: until }, () => EMPTY);
      } catch (error) {
        if (error instanceof InboxTimeoutError) {
          this.discard();
          return;
        }
        throw error;
      }
      // The wait also ends at `until` without an error when nothing came: that is the quiet.
      if (this.buffered === 0 || performance.now() >= deadline) {
        this.discard();
        return;
      }
    }
  }

  async #waitForData(options: WaitOptions, partial: () => Uint8Array): Promise<void> {
    if (this.#failure !== null) throw this.#failure;
    if (options.signal?.aborted) throw options.signal.reason;
    const left = options.deadline - performance.now();
    if (left <= 0) {
      throw new InboxTimeoutError("timed out waiting for the board", partial());
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
      if (Number.isFinite(left)) timer = setTimeout(resolve, left);
      if (options.signal) {
        onAbort = resolve;
        options.signal.addEventListener("abort", onAbort, { once: true });
      }
    });
    this.#wake = null;
    if (timer !== undefined) clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
    if (this.#failure !== null && this.buffered === 0) throw this.#failure;
    if (options.signal?.aborted) throw options.signal.reason;
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await this.#reader.read();
        if (done) break;
        if (value.length === 0) continue;
        if (this.#tap !== null) {
          this.#tap(value);
          continue;
        }
        this.#append(value);
        this.#wake?.();
      }
      if (this.#failure === null) this.#failure = this.#describe();
    } catch (error) {
      if (this.#failure === null) {
        this.#failure = error instanceof Error ? error : new Error(String(error));
      }
    }
    this.#wake?.();
  }

  #append(bytes: Uint8Array): void {
    if (this.#end + bytes.length > this.#buffer.length) {
      const live = this.#end - this.#start;
      if (live + bytes.length > this.#buffer.length) {
        const grown = new Uint8Array(Math.max(this.#buffer.length * 2, live + bytes.length));
        grown.set(this.#buffer.subarray(this.#start, this.#end));
        this.#buffer = grown;
      } else {
        this.#buffer.copyWithin(0, this.#start, this.#end);
      }
      this.#start = 0;
      this.#end = live;
    }
    this.#buffer.set(bytes, this.#end);
    this.#end += bytes.length;
  }

  #indexOf(marker: Uint8Array): number {
    const buffer = this.#buffer;
    const first = marker[0];
    const last = this.#end - marker.length;
    outer: for (let i = this.#start; i <= last; i++) {
      if (buffer[i] !== first) continue;
      for (let j = 1; j < marker.length; j++) {
        if (buffer[i + j] !== marker[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let length = 0;
  for (const part of parts) length += part.length;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
