/**
 * Host time for a remote board, with a heartbeat while the program waits.
 *
 * A board on the link cannot call into this process: what happens there (a pin edge, bytes on
 * a UART) is only seen when the host asks. So while the local program sleeps (time.sleep,
 * machine.idle, a UART read with a timeout), this clock calls `poll` every `intervalMs`: the
 * remote HAL makes a round trip that collects the board's pin events and runs their local
 * handlers. After each poll, and whenever the HAL calls `recheck()` (an answer came back), the
 * wait looks at its stop condition again, so a UART read waiting for a line ends as soon as the
 * line has been fetched instead of at its timeout. While the program computes instead, each
 * slice of bytecode (onRun) polls at the same pace; the answer lands when the VM gives the event
 * loop a turn (the remote HAL asks for one every IRQ_POLL_MS: Hal.turnIntervalMs).
 *
 * Everything else is RealClock: host timers for alarms (machine.Timer runs on this computer).
 */

import type { Clock } from "../hal.ts";
import { RealClock } from "../mock/clock.ts";

export class PollingClock implements Clock {
  readonly virtual = false;
  readonly intervalMs: number;
  readonly #inner = new RealClock();
  readonly #poll: () => void;
  /** The stop condition of the wait in progress, or null when the program is not waiting. */
  #waitingFor: (() => boolean) | null = null;
  #lastPollAt = 0;

  readonly #settle: () => Promise<void> | null;

  /**
   * `poll` makes the heartbeat's round trip; `settle` returns a Promise while writes the program
   * made are still on their way to the board (null when there are none).
   */
  constructor(
    intervalMs: number,
    poll: () => void,
    settle: () => Promise<void> | null = () => null,
  ) {
    this.intervalMs = intervalMs;
    this.#poll = poll;
    this.#settle = settle;
  }

  nowUs(): number {
    return this.#inner.nowUs();
  }

  at(atUs: number, fn: () => void): number {
    return this.#inner.at(atUs, fn);
  }

  cancel(id: number): void {
    this.#inner.cancel(id);
  }

  waitUntil(untilUs: number, stop: () => boolean): Promise<void> | void {
    // The wait starts once the board has what the program did before it, so that the time of
    // `uart.write(...); time.sleep_ms(10)` passes on the board after the write, as it would on
    // the board itself: the end moves on by the time the writes took to get there.
    const settling = this.#settle();
    if (settling === null) return this.#waitFrom(untilUs, stop);
    const askedAt = this.nowUs();
    return settling.then(() => this.#waitFrom(untilUs + (this.nowUs() - askedAt), stop));
  }

  #waitFrom(untilUs: number, stop: () => boolean): Promise<void> | void {
    const waited = this.#inner.waitUntil(untilUs, stop);
    if (!(waited instanceof Promise)) return waited;
    this.#waitingFor = stop;
    const heartbeat = setInterval(() => {
      this.#beat();
      this.recheck();
    }, this.intervalMs);
    return waited.finally(() => {
      clearInterval(heartbeat);
      if (this.#waitingFor === stop) this.#waitingFor = null;
    });
  }

  /** Ends the wait in progress if its condition now holds (news arrived from the board). */
  recheck(): void {
    const stop = this.#waitingFor;
    if (stop !== null && stop()) this.#inner.wake();
  }

  /** Whether the program is waiting (a poll then is useful; during computation it is not). */
  get waiting(): boolean {
    return this.#waitingFor !== null;
  }

  wake(): void {
    this.#inner.wake();
  }

  /** The VM ran a slice: while it computes, the board is polled at the same pace. */
  onRun(): void {
    this.#inner.onRun();
    if (performance.now() - this.#lastPollAt >= this.intervalMs) this.#beat();
  }

  #beat(): void {
    this.#lastPollAt = performance.now();
    this.#poll();
  }
}
