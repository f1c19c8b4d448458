/**
 * A turn of the host's event loop for Python that computes (VMOptions.turnEveryMs): the
 * dispatch loop parks its frame on `hostTurn(vm)` and the driver resumes it once the host's
 * other tasks, timers and I/O had their go.
 *
 * Two kinds of turn, because neither alone serves both needs (measured in Deno with
 * bench/vm_turns.ts and the spinner row of bench/edge_load.ts):
 * - an immediate turn (setImmediate in Deno, Node and Bun; a MessageChannel message in
 *   browsers and workers) costs 0.01-0.05 ms and runs the host's due timers and ready I/O,
 *   but gives the loop only one pass that does not wait: two VMs computing side by side
 *   with 1 ms turns take 1.1x the time of one after the other, where setTimeout(0), clamped
 *   to ~4 ms once timers nest, made it 8x;
 * - a timer turn (setTimeout(0)) lets the loop wait in its I/O poll, and that wait is where
 *   Deno's HTTP server makes progress: beside four spinning sandboxes (50 ms turns) light
 *   requests took 240-360 ms at the median with timer turns, 540-780 ms with immediate ones.
 * So a VM's turn is immediate unless it has had none of the timer kind for
 * TIMER_TURN_EVERY_MS: a spinner with 50 ms turns gets timer turns only (as an edge server
 * needs), one with 1 ms turns idles at most a few percent of the time. (In Deno a
 * MessageChannel message is no substitute: it is delivered ahead of sockets, and 20
 * loopback requests beside 1 ms slices took 4.8 s.)
 *
 * One resolver is queued per parked VM and each immediate macrotask releases one, so N VMs
 * that compute take turns with the host's work between each of them.
 */

import type { PyValue } from "../objects/base.ts";
import type { VMState } from "./state.ts";

/** What a host-turn suspension resolves to: the driver resumes without pushing a value. */
export const HOST_TURN = Symbol("host turn");

/** The compute time between two timer turns (see above). */
const TIMER_TURN_EVERY_MS = 25;

const immediateWaiting: ((value: PyValue) => void)[] = [];

function releaseImmediate(): void {
  const resolve = immediateWaiting.shift();
  if (resolve !== undefined) resolve(HOST_TURN as unknown as PyValue);
}

/** Schedules one call of `release` as a macrotask of its own. */
export type Schedule = () => void;

/** What the runtime may offer for an immediate macrotask (globalThis, or a test's stand-in). */
export interface ImmediateHost {
  setImmediate?: (fn: () => void) => unknown;
  MessageChannel?: typeof MessageChannel;
  setTimeout: (fn: () => void, ms: number) => unknown;
}

/** The cheapest unclamped macrotask `host` has, calling `release` once per scheduling. */
export function pickImmediate(host: ImmediateHost, release: () => void): Schedule {
  const setImmediate = host.setImmediate;
  if (typeof setImmediate === "function") return () => void setImmediate(release);
  const Channel = host.MessageChannel;
  if (typeof Channel === "function") {
    // Opened on demand and closed whenever nothing is pending: an open port may keep a
    // runtime alive. Each message releases one waiter.
    let channel: MessageChannel | null = null;
    let pending = 0;
    return () => {
      if (channel === null) {
        const opened = new Channel();
        opened.port1.onmessage = () => {
          pending--;
          if (pending === 0 && channel === opened) {
            opened.port1.close();
            channel = null;
          }
          release();
        };
        channel = opened;
      }
      pending++;
      channel.port2.postMessage(0);
    };
  }
  return () => void host.setTimeout(release, 0);
}

/** Picked on first use: in Deno, reading globalThis.setImmediate loads its Node compatibility
 * layer, about 10 ms that a start which never gives a turn should not pay. */
let scheduleImmediate: Schedule | null = null;

function timerTurn(resolve: (value: PyValue) => void): void {
  setTimeout(() => resolve(HOST_TURN as unknown as PyValue), 0);
}

function immediateTurn(resolve: (value: PyValue) => void): void {
  immediateWaiting.push(resolve);
  scheduleImmediate ??= pickImmediate(globalThis as ImmediateHost, releaseImmediate);
  scheduleImmediate();
}

/**
 * The host turn `vm` is due for now (VMOptions.turnEveryMs), or null: for natives that run
 * Python in a loop of their own where the VM could suspend (asyncio's run_ready).
 */
export function dueHostTurn(vm: VMState): Promise<PyValue> | null {
  if (vm.yieldInterval <= 0) return null;
  const now = Date.now();
  if (now < vm.nextYieldAt) return null;
  vm.nextYieldAt = now + vm.yieldInterval;
  return hostTurn(vm);
}

/** A Promise that resolves with HOST_TURN after one macrotask of the host (see above). */
export function hostTurn(vm: VMState): Promise<PyValue> {
  const now = Date.now();
  if (now - vm.lastTimerTurn >= TIMER_TURN_EVERY_MS) {
    vm.lastTimerTurn = now;
    return new Promise(timerTurn);
  }
  return new Promise(immediateTurn);
}
