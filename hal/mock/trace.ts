/**
 * The mock board's trace: every pin level change and bus transaction with its time, kept in
 * order for the VCD writer and the text timeline, and offered live as a ReadableStream.
 */

export type TraceEvent =
  | { t: number; kind: "pin"; pin: number; value: number }
  | { t: number; kind: "pwm"; pin: number; freq: number; dutyU16: number; running: boolean }
  | {
    t: number;
    kind: "i2c";
    bus: string;
    addr: number;
    write: Uint8Array | null;
    read: Uint8Array | null;
    ack: boolean;
  }
  | { t: number; kind: "spi"; bus: string; out: Uint8Array; in: Uint8Array }
  | { t: number; kind: "uart"; bus: number; dir: "tx" | "rx"; data: Uint8Array }
  | { t: number; kind: "adc"; channel: number; value: number }
  | { t: number; kind: "note"; text: string };

/** Distributive Omit, so each event kind keeps its own fields. */
export type TraceEventInput = TraceEvent extends infer E ? E extends TraceEvent ? Omit<E, "t">
  : never
  : never;

/** What happened on the mock board's pins and buses, in time order, kept and streamed. */
export class Trace {
  /** Every event so far (up to `limit`; older ones are dropped and counted). */
  readonly events: TraceEvent[] = [];
  /** How many events were dropped to keep `limit`. */
  dropped = 0;
  private readonly limit: number;
  private readonly now: () => number;
  private listeners = new Set<ReadableStreamDefaultController<TraceEvent>>();

  /** `now`: the board's time in microseconds, stamped on each event. */
  constructor(now: () => number, limit = 1_000_000) {
    this.now = now;
    this.limit = limit;
  }

  /** Adds an event at the board's time now (or at `at` µs, for timed output like bitstream). */
  record(event: TraceEventInput, at = this.now()): void {
    const full = { t: at, ...event } as TraceEvent;
    if (this.events.length >= this.limit) {
      // Drop the older half in one go: cheap per event however long the program runs.
      const drop = Math.max(1, this.limit >> 1);
      this.events.splice(0, drop);
      this.dropped += drop;
    }
    this.events.push(full);
    for (const controller of this.listeners) controller.enqueue(full);
  }

  /** Events from now on, as a stream; cancel it to stop listening. */
  stream(): ReadableStream<TraceEvent> {
    let self: ReadableStreamDefaultController<TraceEvent>;
    return new ReadableStream<TraceEvent>({
      start: (controller) => {
        self = controller;
        this.listeners.add(controller);
      },
      cancel: () => {
        this.listeners.delete(self);
      },
    });
  }

  /** Ends every live stream (the board is done). */
  close(): void {
    for (const controller of this.listeners) controller.close();
    this.listeners.clear();
  }
}

export function hex(data: Uint8Array): string {
  return [...data].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}
