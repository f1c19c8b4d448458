/**
 * Clocks for the mock board (and for any adapter that keeps time on the host).
 *
 * VirtualClock: time moves only when the program sleeps (at once, to the next alarm or the
 * deadline) or runs (RUN_SLICE_US per slice of bytecode, so a busy-wait on ticks_ms ends),
 * and alarms fire in time order. Runs are reproducible to the microsecond: tests use it.
 *
 * RealClock: performance.now(); alarms fire from a host timer while the program sleeps and
 * from onRun() while it computes (a busy loop never lets a host timer run).
 */

import type { Clock } from "../hal.ts";

/** Virtual time a slice of bytecode takes (the VM polls about every 1000 instructions). */
export const RUN_SLICE_US = 1000;

interface Alarm {
  id: number;
  at: number;
  fn: () => void;
}

/** Alarms kept sorted by time, ties in the order they were set. */
class AlarmQueue {
  private alarms: Alarm[] = [];
  private nextId = 1;

  add(at: number, fn: () => void): number {
    const alarm = { id: this.nextId++, at, fn };
    let i = this.alarms.length;
    while (i > 0 && this.alarms[i - 1].at > at) i--;
    this.alarms.splice(i, 0, alarm);
    return alarm.id;
  }

  cancel(id: number): void {
    const i = this.alarms.findIndex((a) => a.id === id);
    if (i >= 0) this.alarms.splice(i, 1);
  }

  /** The earliest alarm's time, or Infinity. */
  nextAt(): number {
    return this.alarms.length > 0 ? this.alarms[0].at : Infinity;
  }

  /** Removes and returns the earliest alarm due at or before `t`. */
  takeDue(t: number): Alarm | undefined {
    if (this.alarms.length > 0 && this.alarms[0].at <= t) return this.alarms.shift();
    return undefined;
  }
}

export class VirtualClock implements Clock {
  readonly virtual = true;
  private now = 0;
  private queue = new AlarmQueue();

  nowUs(): number {
    return this.now;
  }

  at(atUs: number, fn: () => void): number {
    return this.queue.add(atUs, fn);
  }

  cancel(id: number): void {
    this.queue.cancel(id);
  }

  waitUntil(untilUs: number, stop: () => boolean): void {
    for (;;) {
      const alarm = this.queue.takeDue(untilUs);
      if (alarm === undefined) break;
      if (alarm.at > this.now) this.now = alarm.at;
      alarm.fn();
      if (stop()) return;
    }
    // An endless wait with nothing left to happen: time does not jump to infinity.
    if (untilUs > this.now && Number.isFinite(untilUs)) this.now = untilUs;
  }

  wake(): void {
    // Nothing outside the program moves virtual time: waits never block.
  }

  onRun(): void {
    this.now += RUN_SLICE_US;
    for (;;) {
      const alarm = this.queue.takeDue(this.now);
      if (alarm === undefined) return;
      alarm.fn();
    }
  }

  /** Lets virtual time pass from JS (a test stepping the board without a program). */
  advance(us: number): void {
    this.waitUntil(this.now + us, () => false);
  }
}

export class RealClock implements Clock {
  readonly virtual = false;
  /** Board time counts from process start, as time.ticks_ms does before machine is used. */
  private start = 0;
  private queue = new AlarmQueue();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Infinity;
  private waiter: { resolve: () => void; stop: () => boolean } | null = null;

  nowUs(): number {
    return (performance.now() - this.start) * 1000;
  }

  at(atUs: number, fn: () => void): number {
    const id = this.queue.add(atUs, fn);
    this.arm();
    return id;
  }

  cancel(id: number): void {
    this.queue.cancel(id);
  }

  waitUntil(untilUs: number, stop: () => boolean): Promise<void> | void {
    this.fireDue();
    if (stop() || this.nowUs() >= untilUs) return;
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(deadline);
        if (this.waiter === waiter) this.waiter = null;
        resolve();
      };
      // An endless wait (lightsleep() with no time) re-checks hourly: it waits like a board.
      const ms = Math.min(3_600_000, Math.max(0, (untilUs - this.nowUs()) / 1000));
      const deadline = setTimeout(finish, ms);
      const waiter = { resolve: finish, stop };
      this.waiter = waiter;
    });
  }

  wake(): void {
    this.waiter?.resolve();
  }

  onRun(): void {
    this.fireDue();
  }

  private fireDue(): void {
    // Up to now as it was on entry: a 1 µs periodic alarm must not keep this loop going.
    const now = this.nowUs();
    for (;;) {
      const alarm = this.queue.takeDue(now);
      if (alarm === undefined) break;
      alarm.fn();
    }
    if (this.waiter !== null && this.waiter.stop()) this.waiter.resolve();
    this.arm();
  }

  /** Keeps one host timer set for the earliest alarm (unref'd: it never holds the process). */
  private arm(): void {
    const next = this.queue.nextAt();
    if (next === this.timerAt) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = next;
    if (next === Infinity) return;
    const timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.fireDue();
    }, Math.max(0, (next - this.nowUs()) / 1000));
    Deno.unrefTimer(timer);
    this.timer = timer;
  }
}
