/**
 * The VM's scheduler queue: what micropython.schedule, Pin.irq, UART.irq and machine.Timer
 * callbacks wait in until the program reaches a point where MicroPython would run them
 * (between bytecodes, or while it sleeps).
 *
 * MicroPython's semantics, kept by both ways of running the queue:
 * - one call at a time, in order: a callback never interrupts another (calls queued while
 *   one runs wait until it returns, as in MicroPython's "schedule context");
 * - an exception a callback raises is printed as MicroPython prints it (the traceback of the
 *   callback alone, also for KeyboardInterrupt and SystemExit) and the program goes on; only
 *   a sandbox limit, which Python cannot catch anyway, ends the run.
 *
 * Where the VM can suspend, the async driver runs each call as an entry frame of its own while
 * the interrupted program stays parked (lib/vm/drive.ts, driveScheduled), so a callback may
 * await the host like any other code: an I2C read on a board over the link, time.sleep, an
 * import that loads. A poll inside a nested run that cannot suspend (a generator driven by a
 * builtin, an asyncio task's step) puts the queue off for a few polling intervals, looking for a
 * site that can (the interpreter's quick polls; asyncio's run_ready also stops between two
 * steps for them); after that it runs there and then with
 * runScheduledNested, where waiting on the host fails with RuntimeError (printed, like any
 * callback's exception).
 */

import type { PyValue } from "../objects/base.ts";
import { toPyException } from "./interpreter.ts";
import type { VMState } from "./state.ts";
import { callValue } from "./call.ts";

/** One queued callback: `fn(arg)`. */
export class ScheduledCall {
  readonly fn: PyValue;
  readonly arg: PyValue;
  constructor(fn: PyValue, arg: PyValue) {
    this.fn = fn;
    this.arg = arg;
  }
}

/** Whether a queued call may start now (none is running). */
export function scheduledDue(vm: VMState): boolean {
  return vm.scheduled.length > 0 && !vm.inScheduled;
}

/**
 * Marks the start of one call and returns what it must restore: the exception being
 * handled and the calling frame belong to the interrupted program, not to the callback.
 */
export function beginScheduled(vm: VMState): SavedContext {
  const saved = new SavedContext(vm.handled, vm.frame, vm.canSuspend);
  vm.inScheduled = true;
  vm.scheduledPutOff = 0;
  vm.handled = null;
  return saved;
}

/** Ends one call: restores the program's context and reports the call's exception, if any. */
export function endScheduled(vm: VMState, saved: SavedContext, error: unknown): void {
  vm.inScheduled = false;
  vm.handled = saved.handled;
  vm.frame = saved.frame;
  vm.canSuspend = saved.canSuspend;
  vm.scheduledRuns++;
  if (error === undefined) return;
  const exc = toPyException(error);
  if (exc.uncatchable) throw exc;
  vm.reportScheduledError(exc);
}

/** What a scheduled call must give back to the program it interrupted. */
export class SavedContext {
  readonly handled: PyValue;
  readonly frame: VMState["frame"];
  readonly canSuspend: boolean;
  constructor(handled: PyValue, frame: VMState["frame"], canSuspend: boolean) {
    this.handled = handled;
    this.frame = frame;
    this.canSuspend = canSuspend;
  }
}

/** Runs the queued calls here and now, in a context that cannot suspend. */
export function runScheduledNested(vm: VMState): void {
  // Only the calls queued so far (see driveScheduled).
  for (let queued = vm.scheduled.length; queued > 0 && scheduledDue(vm); queued--) {
    const call = vm.scheduled.shift()!;
    const saved = beginScheduled(vm);
    let error: unknown = undefined;
    try {
      vm.canSuspend = false;
      callValue(call.fn, [call.arg], null);
    } catch (e) {
      error = e;
    }
    endScheduled(vm, saved, error);
  }
}
