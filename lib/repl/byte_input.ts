/**
 * The REPL's input: bytes pumped from a ReadableStream into a queue that the
 * REPL reads one at a time. The pump keeps reading while Python code runs, so
 * a Ctrl-C typed then reaches the VM as an interrupt (the VM gives the event
 * loop a turn from running loops; see VMState.yieldInterval) instead of
 * waiting in the queue.
 */

export const END_OF_INPUT = -1;

export class ByteInput {
  private readonly queue: number[] = [];
  private head = 0;
  private waiter: ((byte: number) => void) | null = null;
  private ended = false;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  /** While set, a Ctrl-C byte calls this instead of being queued. */
  onInterrupt: (() => void) | null = null;
  /** Called before the REPL waits for a byte that has not arrived (to flush output). */
  beforeWait: () => Promise<void> = () => Promise.resolve();

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
    this.pump();
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) break;
        for (const byte of value) this.deliver(byte);
      }
    } catch {
      // A failed input ends the session like a closed one.
    }
    this.ended = true;
    if (this.waiter !== null) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter(END_OF_INPUT);
    }
  }

  private deliver(byte: number): void {
    if (byte === 3 && this.onInterrupt !== null) {
      this.onInterrupt();
      return;
    }
    if (this.waiter !== null) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter(byte);
      return;
    }
    this.queue.push(byte);
  }

  /** The next byte, or END_OF_INPUT once the stream has closed and the queue is empty. */
  async next(): Promise<number> {
    if (this.head < this.queue.length) {
      const byte = this.queue[this.head++];
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      return byte;
    }
    if (this.ended) return END_OF_INPUT;
    await this.beforeWait();
    if (this.head < this.queue.length) return this.queue[this.head++];
    if (this.ended) return END_OF_INPUT;
    return await new Promise<number>((resolve) => (this.waiter = resolve));
  }

  /** The next byte if it has arrived (END_OF_INPUT once the input has ended), else null. */
  nextIfQueued(): number | null {
    if (this.head < this.queue.length) return this.queue[this.head++];
    return this.ended ? END_OF_INPUT : null;
  }

  /**
   * Forgets a reader still waiting (a program's stdin read that an interrupt ended), so that
   * the next byte goes to whoever reads next rather than to it.
   */
  dropWaiter(): void {
    this.waiter = null;
  }

  /** Drops what is queued (a Ctrl-C in raw mode, or input typed while code ran). */
  cancel(): void {
    this.reader.cancel().catch(() => {});
  }
}
