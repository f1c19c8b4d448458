/**
 * A turn of the host's event loop for Python that computes (VMOptions.turnEveryMs): the
 * dispatch loop parks its frame on `hostTurn()` and the driver resumes it once the host's
 * other tasks, timers and I/O had their go.
 *
 * The turn is the cheapest macrotask that really lets those run, measured in Deno
 * (bench/vm_turns.ts and the figures in its header):
 * - setTimeout(0) is clamped to ~4 ms once timers nest (a turn every ms then spends most of
 *   the time idle: two VMs side by side ran 8x slower than one after the other);
 * - a MessageChannel message is not clamped, but Deno delivers it ahead of timers and
 *   sockets (20 loopback requests took 4.8 s beside 1 ms slices);
 * - setImmediate (Deno, Node, Bun) runs after the loop's timers and I/O poll: 0.01-0.05 ms
 *   a turn, timers on time, requests served.
 * So: setImmediate where the runtime has it, else a MessageChannel (browsers and workers
 * interleave its messages fairly with other tasks), else setTimeout.
 *
 * One resolver is queued per parked VM and each macrotask releases one, so N VMs that
 * compute take turns with the host's work between each of them.
 */

import type { PyValue } from "../objects/base.ts";

/** What a host-turn suspension resolves to: the driver resumes without pushing a value. */
export const HOST_TURN = Symbol("host turn");

const waiting: ((value: PyValue) => void)[] = [];

function releaseOne(): void {
  const resolve = waiting.shift();
  if (resolve !== undefined) resolve(HOST_TURN as unknown as PyValue);
}

type Schedule = () => void;

function pickScheduler(): Schedule {
  const host = globalThis as { setImmediate?: (fn: () => void) => unknown };
  const setImmediate = host.setImmediate;
  if (typeof setImmediate === "function") return () => void setImmediate(releaseOne);
  if (typeof MessageChannel === "function") {
    // Opened on the first turn: an open port may keep a runtime alive, so it is closed
    // again whenever no VM waits (the next turn opens a fresh one).
    let channel: MessageChannel | null = null;
    return () => {
      if (channel === null) {
        const opened = new MessageChannel();
        opened.port1.onmessage = () => {
          releaseOne();
          if (waiting.length === 0 && channel === opened) {
            opened.port1.close();
            channel = null;
          }
        };
        channel = opened;
      }
      channel.port2.postMessage(0);
    };
  }
  return () => void setTimeout(releaseOne, 0);
}

const scheduleRelease: Schedule = pickScheduler();

/** A Promise that resolves with HOST_TURN after one macrotask of the host. */
export function hostTurn(): Promise<PyValue> {
  const turn = new Promise<PyValue>((resolve) => waiting.push(resolve));
  scheduleRelease();
  return turn;
}
