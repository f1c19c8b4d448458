/**
 * The async driver: runs a frame chain with the dispatch loop and, whenever a
 * native returns a Promise, parks the chain, awaits the Promise without blocking
 * the event loop, and resumes with its value (or raises its rejection inside
 * Python). The wall-clock limit also covers the awaiting: a Promise that does
 * not settle before the deadline resumes the chain with the time-limit abort.
 */

import type { PyValue } from "../objects/base.ts";
import { PyBaseException, PyKeyboardInterrupt } from "../objects/exception.ts";
import { activeVMOrNull, setActiveVM, type VMState } from "./state.ts";
import type { Frame } from "./frame.ts";
import { execute, HOST_TURN, SUSPENDED } from "./interpreter.ts";
import { makeLimitException } from "./limits.ts";
import { jsErrorToPython } from "../interop/errors.ts";
import { preloadImports } from "./preload.ts";

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
      const promise = state.pendingPromise!;
      const inner = state.host.suspendedFrame as Frame;
      state.pendingPromise = null;
      let value: PyValue = null;
      let error: unknown = undefined;
      setActiveVM(previous);
      try {
        const waiting = state.yieldInterval > 0 ? interruptibly(state, promise) : promise;
        value = await beforeDeadline(state, waiting);
      } catch (e) {
        error = e ?? new Error("Promise rejected with " + String(e));
      }
      setActiveVM(state);
      // An abort that came while waiting (a signal, say) lands now, not at the next poll.
      if (state.pendingAbort !== null) error = state.pendingAbort;
      if (error !== undefined) {
        inner.throwOnResume = error instanceof PyBaseException ? error : jsErrorToPython(error);
      } else if (value !== (HOST_TURN as unknown)) {
        // A host turn (yieldToHost in the interpreter) resumes where it parked, pushing nothing.
        inner.stack[inner.sp++] = value === undefined ? null : value;
      }
      result = execute(inner, true);
    }
    return result;
  } finally {
    setActiveVM(previous);
  }
}
