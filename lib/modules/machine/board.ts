/**
 * The per-VM side of `machine`: which HAL the VM talks to, the queue IRQ and Timer callbacks
 * go through, the sleep that keeps serving them, and the mapping from HAL failures to the
 * Python exceptions MicroPython raises.
 *
 * Callbacks go through the VM's scheduler (lib/vm/scheduler.ts) as on the board: queued (at
 * most SCHEDULER_DEPTH waiting, later ones are lost), run between bytecodes by the VM's poll or
 * by a sleep that wakes for them, one at a time, an exception in one printed without stopping
 * the program. Where the program can suspend, each runs driven as its own frame chain, so a
 * handler may wait for the board like the program does (an I2C read over the board link).
 */

import type { PyValue } from "../../objects/base.ts";
import type { PyType } from "../../objects/type.ts";
import {
  type Clock,
  type Hal,
  HalError,
  type HalFactory,
  type MaybePromise,
} from "../../../hal/hal.ts";
import { demoPico } from "../../../hal/mock/demo.ts";
import { activeVM, type VMState, withVM } from "../../vm/state.ts";
import { runScheduledNested, ScheduledCall, scheduledDue } from "../../vm/scheduler.ts";
import { driveScheduled } from "../../vm/drive.ts";
import {
  PyAttributeError,
  PyBaseException,
  PyIndexError,
  PyKeyError,
  PyMemoryError,
  PyNotImplementedError,
  PyOSError,
  PyOverflowError,
  PyRuntimeError,
  PyTypeError,
  PyValueError,
  PyZeroDivisionError,
  raise,
  raiseOSError,
} from "../../objects/exception.ts";
import { ERRNO } from "../errno_table.ts";
import { wakeAsyncioLoop } from "../asyncio_native.ts";

/** MicroPython's default scheduler depth. */
export const SCHEDULER_DEPTH = 8;

/** Everything machine keeps per VM. */
export class MachineState {
  readonly hal: Hal;
  readonly clock: Clock;
  /** Pin objects are singletons per GPIO (Pin(25) is Pin(25)). */
  readonly pins = new Map<number, PyValue>();
  /**
   * disable_irq() nesting: IRQs that fire while above 0 wait in `deferred`, as a masked
   * interrupt waits in the hardware, and are scheduled by enable_irq().
   */
  irqDisabled = 0;
  readonly deferred: ScheduledCall[] = [];
  /** Callbacks dropped because the queue was full. */
  lost = 0;
  private lastYield = performance.now();

  constructor(readonly vm: VMState, hal: Hal) {
    this.hal = hal;
    this.clock = hal.clock;
  }

  /** Queues `fn(arg)` to run between bytecodes, as mp_sched_schedule does. */
  schedule(fn: PyValue, arg: PyValue): void {
    const vm = this.vm;
    if (vm.scheduled.length + this.deferred.length >= SCHEDULER_DEPTH) {
      this.lost++;
      return;
    }
    const call = new ScheduledCall(fn, arg);
    if (this.irqDisabled > 0) this.deferred.push(call);
    else vm.scheduled.push(call);
    this.clock.wake();
    // An asyncio loop idling on a JS promise looks again too.
    this.withVM(wakeAsyncioLoop);
  }

  /** Moves callbacks that had to wait back into the VM's queue. */
  releaseDeferred(): void {
    if (this.irqDisabled > 0 || this.deferred.length === 0) return;
    this.vm.scheduled.push(...this.deferred.splice(0));
  }

  /** Something is waiting for the program: a callback to run or an abort to raise. */
  readonly needsProgram = (): boolean => scheduledDue(this.vm) || this.vm.pendingAbort !== null;

  /**
   * Lets board time pass until `untilUs` (or `done()`), running callbacks as they come due.
   * Returns null, or a Promise when the clock is real and the VM can suspend.
   */
  waitUntil(untilUs: number, done: () => boolean = () => false): PyValue {
    const canSuspend = this.vm.canSuspend;
    const stop = () => this.needsProgram() || done();
    const loop = (): PyValue => {
      for (;;) {
        if (scheduledDue(this.vm)) {
          // Callbacks due while the program sleeps run now; driven, they may wait themselves.
          if (canSuspend) return driveScheduled(this.vm).then(() => this.withVM(loop));
          runScheduledNested(this.vm);
        }
        if (this.vm.pendingAbort !== null) throw this.vm.pendingAbort;
        if (done() || this.clock.nowUs() >= untilUs) return null;
        const before = this.clock.nowUs();
        const waited = this.clock.waitUntil(untilUs, stop);
        // Virtual time that cannot move (an endless lightsleep with no alarm left) would spin.
        if (this.clock.virtual && this.clock.nowUs() === before && !stop()) return null;
        if (waited instanceof Promise) {
          if (!canSuspend) {
            blockMs((untilUs - this.clock.nowUs()) / 1000);
            continue;
          }
          return waited.then(() => this.withVM(loop));
        }
      }
    };
    const result = loop();
    if (result === null && this.clock.virtual && canSuspend) return this.breathe();
    return result;
  }

  /** Waits (at most until `untilUs`) for the next callback, and runs it: lightsleep(), idle(). */
  waitForCallback(untilUs: number): PyValue {
    const before = this.vm.scheduledRuns;
    return this.waitUntil(untilUs, () => this.vm.scheduledRuns > before);
  }

  /**
   * How an asyncio loop idles once machine is in use: `ms` of board time (-1: until a
   * callback), running callbacks meanwhile. Undefined leaves the wait to asyncio (a real
   * clock waiting for JS: schedule() wakes that loop too).
   */
  idle(ms: number, external: boolean): PyValue | undefined {
    const clock = this.clock;
    if (ms < 0 && external && !clock.virtual) return undefined;
    const before = clock.nowUs();
    const ran = this.vm.scheduledRuns;
    const idled = this.waitForCallback(ms < 0 ? Infinity : before + ms * 1000);
    if (
      idled === null && ms < 0 && external && clock.nowUs() === before &&
      this.vm.scheduledRuns === ran
    ) {
      // Nothing left on the virtual clock, but JS may still set a ThreadSafeFlag: wait for it
      // as a board would, giving the host turns.
      return new Promise((resolve) => setTimeout(() => resolve(null), 10));
    }
    return idled;
  }

  /** Sleeps for `ms` of board time (time.sleep and friends once machine is in use). */
  sleepMs(ms: number): PyValue {
    return this.waitUntil(this.clock.nowUs() + Math.max(0, ms) * 1000);
  }

  /**
   * A virtual clock never blocks, so a program that only sleeps would never let the host
   * run (Ctrl-C, streams feeding a UART): give it a turn every few milliseconds.
   */
  private breathe(): PyValue {
    const now = performance.now();
    if (now - this.lastYield < 20) return null;
    this.lastYield = now;
    return new Promise((resolve) => setTimeout(() => resolve(null), 0));
  }

  private withVM<T>(fn: () => T): T {
    return withVM(this.vm, fn);
  }
}

/**
 * Continues with `fn` once `waited` is there: at once for a value, after it settles for a
 * Promise, and then with the same VM active (a Promise continuation runs outside any VM).
 */
export function andThen<T>(
  waited: T | Promise<T>,
  fn: (value: T) => PyValue,
  onError?: (error: unknown) => never,
): PyValue {
  if (!(waited instanceof Promise)) return fn(waited);
  const vm = activeVM();
  const inVM = <A>(f: (a: A) => PyValue) => (a: A) => withVM(vm, () => f(a));
  const result = waited.then(inVM(fn), onError === undefined ? undefined : inVM(onError));
  // Where the program cannot wait (a nested run: a generator driven by a builtin, an asyncio
  // task's step), the VM raises RuntimeError and drops this answer: a board's later failure
  // must not end the process as an unhandled rejection.
  if (!vm.canSuspend) result.catch(() => {});
  return result;
}

function blockMs(ms: number): void {
  if (ms <= 0) return;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(cell, 0, 0, ms);
}

/** The active VM's machine state, creating the board on first use. */
export function machineState(): MachineState {
  const vm = activeVM();
  const existing = vm.host.machine as MachineState | undefined;
  if (existing !== undefined) return existing;
  const option = vm.host.board as Hal | HalFactory | null | undefined;
  const hal: Hal = typeof option === "function" ? option() : option ?? demoPico();
  vm.host.board = hal;
  const state = new MachineState(vm, hal);
  vm.host.machine = state;
  // From here on the VM's time is the board's: time.sleep serves IRQs, ticks read its clock,
  // and each slice of bytecode lets the clock fire due alarms (see time.ts, interpreter poll).
  vm.host.sleepMs = (ms: number) => state.sleepMs(ms);
  vm.host.clockUs = () => state.clock.nowUs();
  vm.host.idleMs = (ms: number, external: boolean) => state.idle(ms, external);
  vm.onPoll = () => state.clock.onRun();
  if (hal.turnIntervalMs !== undefined && vm.yieldInterval === 0) {
    // A remote board's news reaches this process through the event loop, also while the
    // program computes: a loop waiting for a flag its Pin.irq handler sets must end.
    vm.yieldInterval = hal.turnIntervalMs;
    vm.nextYieldAt = Date.now() + hal.turnIntervalMs;
  }
  return state;
}

/** The Python exception for a failed HAL call (anything else is passed through). */
export function pythonError(e: unknown): unknown {
  if (!(e instanceof HalError)) return e;
  switch (e.kind) {
    case "value":
      return new PyBaseException(PyValueError, [e.message]);
    case "invalid":
      return new PyBaseException(PyOSError, [e.errno ?? ERRNO.EINVAL]);
    case "io":
      return new PyBaseException(PyOSError, [e.errno ?? ERRNO.EIO]);
    case "timeout":
      return new PyBaseException(PyOSError, [e.errno ?? ERRNO.ETIMEDOUT]);
    case "unsupported":
      return new PyBaseException(PyNotImplementedError, [e.message]);
    case "board": {
      // A remote board's own exception: the same class here when it is a builtin one.
      const type = BOARD_EXCEPTIONS[e.pythonType ?? ""];
      if (type !== undefined) return new PyBaseException(type, e.message === "" ? [] : [e.message]);
      return new PyBaseException(PyRuntimeError, [`${e.pythonType}: ${e.message}`]);
    }
  }
}

/** Exceptions a remote board may raise from machine calls, by the name its traceback shows. */
const BOARD_EXCEPTIONS: Record<string, PyType> = {
  TypeError: PyTypeError,
  KeyError: PyKeyError,
  IndexError: PyIndexError,
  RuntimeError: PyRuntimeError,
  AttributeError: PyAttributeError,
  OverflowError: PyOverflowError,
  MemoryError: PyMemoryError,
  ZeroDivisionError: PyZeroDivisionError,
  NotImplementedError: PyNotImplementedError,
  ValueError: PyValueError,
  OSError: PyOSError,
};

/**
 * Calls the HAL and continues with `then` on its answer, whether it came at once or as a
 * Promise; HalErrors become Python exceptions either way.
 */
export function hal<T>(op: () => MaybePromise<T>, then: (value: T) => PyValue): PyValue {
  let answer: MaybePromise<T>;
  try {
    answer = op();
  } catch (e) {
    throw pythonError(e);
  }
  return andThen(answer, then, (e) => {
    throw pythonError(e);
  });
}

export { raise, raiseOSError };
