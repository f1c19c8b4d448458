/**
 * `time`: wall clock, sleeping and MicroPython's wrap-around ticks.
 *
 * sleep() suspends the VM on a real timer when the VM can suspend (the usual
 * case: a call made by Python code run through the async driver), so Deno's event
 * loop keeps running; from a nested call it waits synchronously instead. Ticks
 * wrap at TICKS_PERIOD (2**30, MicroPython's usual period) and ticks_diff gives a
 * signed distance within half a period.
 */

import { checkDeadline, msUntilDeadline } from "../vm/limits.ts";
import type { PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";
import { PyOverflowError, PyTypeError, PyValueError, raise } from "../objects/exception.ts";
import { asFloat, PyFloat } from "../objects/float.ts";
import { asInt } from "../objects/int.ts";
import { makeTuple } from "../objects/tuple.ts";
import { toArray } from "../objects/ops.ts";
import { activeVM } from "../vm/state.ts";
import { typeName } from "../objects/typeof.ts";

export const TICKS_PERIOD = 2 ** 30;
const TICKS_MAX = TICKS_PERIOD - 1;
const TICKS_HALF = TICKS_PERIOD / 2;
const start = performance.now();

/** Milliseconds since start: the board's clock once `machine` is imported, else the host's. */
function elapsedMs(): number {
  const boardClock = activeVM().host.clockUs as (() => number) | undefined;
  return boardClock !== undefined ? boardClock() / 1000 : performance.now() - start;
}

function intArg(v: PyValue): number {
  const n = asInt(v);
  if (n === undefined) raise(PyTypeError, `can't convert ${typeName(v)} to int`);
  return Number(n);
}

/**
 * Milliseconds since start, wrapping at TICKS_PERIOD: asyncio's clock, the same as ticks_ms.
 * Once `machine` is in use that is the board's clock, and the loop idles on it too.
 */
export function ticksMs(): number {
  return Math.floor(elapsedMs()) % TICKS_PERIOD;
}

/** ticks_diff(a, b): the signed distance from b to a within half a period. */
export function ticksDiff(a: number, b: number): number {
  const diff = (((a - b) % TICKS_PERIOD) + TICKS_PERIOD) % TICKS_PERIOD;
  return diff >= TICKS_HALF ? diff - TICKS_PERIOD : diff;
}

/** Sleeps `ms` milliseconds: a Promise when the VM can suspend, else a blocking wait. */
export function sleepMs(ms: number): PyValue {
  // Once `machine` is imported, time is the board's: its sleep runs IRQ and Timer callbacks
  // as they come due, and on a virtual clock it passes at once (lib/modules/machine/board.ts).
  const boardSleep = activeVM().host.sleepMs as ((ms: number) => PyValue) | undefined;
  if (boardSleep !== undefined) return boardSleep(ms);
  if (ms <= 0) return null;
  if (activeVM().canSuspend) return new Promise((resolve) => setTimeout(() => resolve(null), ms));
  // A sandbox's time limit also bounds a blocking sleep.
  const wait = Math.min(ms, msUntilDeadline());
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
  } catch {
    // A browser's main thread may not block (or lack SharedArrayBuffer): spin instead.
    const end = Date.now() + wait;
    while (Date.now() < end) { /* waiting */ }
  }
  checkDeadline();
  return null;
}

/** localtime/gmtime: a plain 8-tuple, as MicroPython returns. */
function timeTuple(date: Date, utc: boolean): PyValue {
  const year = utc ? date.getUTCFullYear() : date.getFullYear();
  const month = utc ? date.getUTCMonth() : date.getMonth();
  const day = utc ? date.getUTCDate() : date.getDate();
  const start = utc ? Date.UTC(year, 0, 1) : new Date(year, 0, 1).getTime();
  const yday = Math.floor((date.getTime() - start) / 86400000) + 1;
  const weekday = ((utc ? date.getUTCDay() : date.getDay()) + 6) % 7;
  return makeTuple(
    [
      year,
      month + 1,
      day,
      utc ? date.getUTCHours() : date.getHours(),
      utc ? date.getUTCMinutes() : date.getMinutes(),
      utc ? date.getUTCSeconds() : date.getSeconds(),
      weekday,
      yday,
    ],
  );
}

function secondsArg(a: PyValue[]): Date {
  if (a.length === 0 || a[0] === null) return new Date();
  const s = asFloat(a[0]);
  if (s === undefined) raise(PyTypeError, `can't convert ${typeName(a[0])} to float`);
  return new Date(Math.trunc(s) * 1000);
}

registerBuiltinModule("time", (m: PyModule) => {
  const d = m.dict;
  d.setStr("time", native("time", 0, 0, () => new PyFloat(Date.now() / 1000)));
  d.setStr("time_ns", native("time_ns", 0, 0, () => BigInt(Date.now()) * 1000000n));
  d.setStr(
    "sleep",
    native("sleep", 1, 1, (a) => {
      const s = asFloat(a[0]);
      if (s === undefined) raise(PyTypeError, `can't convert ${typeName(a[0])} to float`);
      if (s < 0) raise(PyValueError, "sleep length must be non-negative");
      return sleepMs(s * 1000);
    }),
  );
  d.setStr("sleep_ms", native("sleep_ms", 1, 1, (a) => sleepMs(intArg(a[0]))));
  d.setStr("sleep_us", native("sleep_us", 1, 1, (a) => sleepMs(intArg(a[0]) / 1000)));
  d.setStr(
    "ticks_ms",
    native("ticks_ms", 0, 0, ticksMs),
  );
  d.setStr(
    "ticks_us",
    native("ticks_us", 0, 0, () => Math.floor(elapsedMs() * 1000) % TICKS_PERIOD),
  );
  d.setStr(
    "ticks_cpu",
    native("ticks_cpu", 0, 0, () => Math.floor(elapsedMs() * 1000) % TICKS_PERIOD),
  );
  d.setStr(
    "ticks_add",
    native("ticks_add", 2, 2, (a) => {
      const t = intArg(a[0]);
      const delta = intArg(a[1]);
      if (delta < -(TICKS_HALF - 1) || delta > TICKS_HALF - 1) {
        raise(PyOverflowError, "ticks interval overflow");
      }
      return (((t + delta) % TICKS_PERIOD) + TICKS_PERIOD) % TICKS_PERIOD;
    }),
  );
  d.setStr(
    "ticks_diff",
    native("ticks_diff", 2, 2, (a) => ticksDiff(intArg(a[0]), intArg(a[1]))),
  );
  d.setStr("localtime", native("localtime", 0, 1, (a) => timeTuple(secondsArg(a), false)));
  d.setStr("gmtime", native("gmtime", 0, 1, (a) => timeTuple(secondsArg(a), true)));
  d.setStr(
    "mktime",
    native("mktime", 1, 1, (a) => {
      const t = toArray(a[0]).map((v) => intArg(v));
      if (t.length < 6) raise(PyTypeError, "mktime needs a tuple of length 8 or 9");
      return Math.floor(new Date(t[0], t[1] - 1, t[2], t[3], t[4], t[5]).getTime() / 1000);
    }),
  );
  void TICKS_MAX;
});
