/**
 * The async driver: runs a frame chain with the dispatch loop and, whenever a
 * native returns a Promise, parks the chain, awaits the Promise without blocking
 * the event loop, and resumes with its value (or raises its rejection inside
 * Python). The wall-clock limit also covers the awaiting: a Promise that does
 * not settle before the deadline resumes the chain with the time-limit abort.
 *
 * The chain also parks at a poll: for a turn of the host's event loop (host_turn.ts), or for
 * the scheduled callbacks, which the driver then runs one by one as chains of their own
 * (driveScheduled) before resuming it, so a callback can wait for the host too.
 */

import type { PyValue } from "../objects/base.ts";
import { PyBaseException, PyKeyboardInterrupt } from "../objects/exception.ts";
import { activeVMOrNull, setActiveVM, type VMState } from "./state.ts";
import type { Frame } from "./frame.ts";
import { execute, HOST_TURN, SUSPENDED } from "./interpreter.ts";
import { makeLimitException } from "./limits.ts";
import { jsErrorToPython } from "../interop/errors.ts";
import { preloadImports } from "./preload.ts";
import { beginScheduled, endScheduled, scheduledDue } from "./scheduler.ts";
import { PyBoundMethod, PyFunction } from "../objects/function.ts";
import { callValue, GENERATOR_LIKE, makeFrame } from "./call.ts";

/** Settles with `promise`, or rejects with the time-limit abort at `deadline` (a Date.now()). */
export function beforeDeadline(state: VMState, promise: Promise<PyValue>): Promise<PyValue> {
  const deadline = state.limits.deadline;
  if (deadline === Infinity) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(makeLimitException(state, "time")),
      Math.max(0, deadline - Date.now()),
    );
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

/**
 * Awaits `promise` unless the host interrupts first (an interactive host, one
 * that set yieldInterval, calls state.wakeSuspended on Ctrl-C): then the wait
 * ends in KeyboardInterrupt, as a board's `time.sleep(10)` stops at Ctrl-C.
 */
function interruptibly(state: VMState, promise: Promise<PyValue>): Promise<PyValue> {
  return new Promise<PyValue>((resolve, reject) => {
    if (state.interruptRequested) {
      // Ctrl-C came while the code ran, too few instructions ago for the interpreter's poll to
      // see it (`while True: time.sleep_ms(5)` polls every few seconds): it ends this wait.
      state.interruptRequested = false;
      reject(new PyBaseException(PyKeyboardInterrupt, []));
      return;
    }
    state.wakeSuspended = () => {
      state.interruptRequested = false;
      reject(new PyBaseException(PyKeyboardInterrupt, []));
    };
    promise.then(resolve, reject);
  }).finally(() => (state.wakeSuspended = null));
}

/** Runs a frame chain to completion, awaiting any Promise a native returns. */
export async function driveFrame(state: VMState, frame: Frame): Promise<PyValue> {
  const previous = activeVMOrNull();
  setActiveVM(state);
  try {
    const loading = preloadImports(state, frame.code);
    if (loading !== null) {
      setActiveVM(previous);
      await loading;
      setActiveVM(state);
    }
    let result = execute(frame, true);
    while (result === SUSPENDED) {
      const promise = state.pendingPromise;
      const inner = state.host.suspendedFrame as Frame;
      state.pendingPromise = null;
      let value: PyValue = HOST_TURN as unknown as PyValue;
      let error: unknown = undefined;
      setActiveVM(previous);
      try {
        if (promise === null) {
          // Parked at a poll for the scheduled callbacks: they run first, each driven as its
          // own chain, then this one goes on where it stopped.
          await driveScheduled(state);
        } else {
          const waiting = state.yieldInterval > 0 ? interruptibly(state, promise) : promise;
          value = await beforeDeadline(state, waiting);
        }
      } catch (e) {
        error = e ?? new Error("Promise rejected with " + String(e));
      }
      setActiveVM(state);
      // An abort that came while waiting (a signal, say) lands now, not at the next poll.
      if (state.pendingAbort !== null) error = state.pendingAbort;
      if (error !== undefined) {
        inner.throwOnResume = error instanceof PyBaseException ? error : jsErrorToPython(error);
      } else if (value !== (HOST_TURN as unknown)) {
        // A host turn (given at a poll, or after callbacks ran) resumes where it parked, pushing
        // nothing.
        inner.stack[inner.sp++] = value === undefined ? null : value;
      }
      result = execute(inner, true);
    }
    return result;
  } finally {
    setActiveVM(previous);
  }
}

/**
 * Runs the VM's queued callbacks one after another, each through the driver as an entry frame
 * of its own, so one may await the host (an I2C read on a board over the link, time.sleep)
 * while the program it interrupted stays parked. See scheduler.ts for the semantics. Resolves
 * once the calls queued when it started have run; rejects only with a sandbox limit.
 */
export async function driveScheduled(state: VMState): Promise<void> {
  // Only the calls queued so far: one a callback queues (itself, say) waits for the next poll,
  // so the program goes on in between, as in MicroPython.
  for (let queued = state.scheduled.length; queued > 0 && scheduledDue(state); queued--) {
    const call = state.scheduled.shift()!;
    const previous = activeVMOrNull();
    setActiveVM(state);
    const saved = beginScheduled(state);
    let error: unknown = undefined;
    try {
      const frame = callbackFrame(call.fn, call.arg);
      if (frame !== null) {
        await driveFrame(state, frame);
      } else {
        state.canSuspend = true;
        const result = callValue(call.fn, [call.arg], null);
        if (result instanceof Promise) {
          setActiveVM(previous);
          await beforeDeadline(state, result);
          setActiveVM(state);
        }
      }
    } catch (e) {
      error = e;
    }
    try {
      endScheduled(state, saved, error);
    } finally {
      setActiveVM(previous);
    }
  }
}

/** The entry frame calling a Python function (or a bound method of one), else null. */
function callbackFrame(fn: PyValue, arg: PyValue): Frame | null {
  let callee = fn;
  let args = [arg];
  if (callee instanceof PyBoundMethod && callee.func instanceof PyFunction) {
    args = [callee.self, arg];
    callee = callee.func;
  }
  if (!(callee instanceof PyFunction) || (callee.code.flags & GENERATOR_LIKE) !== 0) return null;
  const frame = makeFrame(callee, args, 0, args.length, null);
  frame.isEntry = true;
  return frame;
}
