/**
 * The async driver: runs a frame chain with the dispatch loop and, whenever a
 * native returns a Promise, parks the chain, awaits the Promise without blocking
 * the event loop, and resumes with its value (or raises its rejection inside
 * Python). The wall-clock limit also covers the awaiting: a Promise that does
 * not settle before the deadline resumes the chain with the time-limit abort.
 */

import type { PyValue } from "../objects/base.ts";
import { PyBaseException } from "../objects/exception.ts";
import { activeVMOrNull, setActiveVM, type VMState } from "./state.ts";
import type { Frame } from "./frame.ts";
import { execute, SUSPENDED } from "./interpreter.ts";
import { makeLimitException } from "./limits.ts";
import { jsErrorToPython } from "../interop/errors.ts";

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

/** Runs a frame chain to completion, awaiting any Promise a native returns. */
export async function driveFrame(state: VMState, frame: Frame): Promise<PyValue> {
  const previous = activeVMOrNull();
  setActiveVM(state);
  try {
    let result = execute(frame, true);
    while (result === SUSPENDED) {
      const promise = state.pendingPromise!;
      const inner = state.host.suspendedFrame as Frame;
      state.pendingPromise = null;
      let value: PyValue = null;
      let error: unknown = undefined;
      setActiveVM(previous);
      try {
        value = await beforeDeadline(state, promise);
      } catch (e) {
        error = e ?? new Error("Promise rejected with " + String(e));
      }
      setActiveVM(state);
      // An abort that came while waiting (a signal, say) lands now, not at the next poll.
      if (state.pendingAbort !== null) error = state.pendingAbort;
      if (error !== undefined) {
        inner.throwOnResume = error instanceof PyBaseException ? error : jsErrorToPython(error);
      } else {
        inner.stack[inner.sp++] = value === undefined ? null : value;
      }
      result = execute(inner, true);
    }
    return result;
  } finally {
    setActiveVM(previous);
  }
}
