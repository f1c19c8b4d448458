/**
 * The per-VM runtime state the interpreter and builtins consult: the builtins
 * namespace, loaded modules, the exception being handled, call depth and limits,
 * output sinks. Exactly one VM is *active* at a time (JS is single-threaded and a
 * VM only yields at await points, where the driver re-activates it on resume),
 * which lets natives reach their VM without threading it through every call.
 */

import type { PyValue } from "../objects/base.ts";
import type { PyDict } from "../objects/dict.ts";
import type { PyBaseException } from "../objects/exception.ts";
import type { Frame } from "./frame.ts";
import { Accounting } from "./limits.ts";
import type { ScheduledCall } from "./scheduler.ts";

export interface OutputSink {
  write(text: string): void;
  /**
   * Raw bytes (sys.stdout.buffer.write), for a sink that can take them; without it they are
   * written as text, decoded as UTF-8.
   */
  writeBytes?(data: Uint8Array): void;
}

export interface VMLimits {
  /** Python call depth at which RuntimeError: maximum recursion depth exceeded. */
  recursionLimit: number;
  /** Approximate instruction budget (checked every TICK instructions); Infinity = none. */
  instructionBudget: number;
  /** Wall-clock deadline as a Date.now() value; Infinity = none. */
  deadline: number;
}

export class VMState {
  builtins: PyDict;
  /** sys.modules: modules loaded from source (built-in ones are not listed, as in MicroPython). */
  modules: PyDict;
  /** The built-in modules this VM has initialised, by name. */
  builtinModules: Map<string, PyValue>;
  /** The exception currently being handled (sys.exc_info), or null. */
  handled: PyValue;
  depth: number;
  limits: VMLimits;
  stdout: OutputSink;
  stderr: OutputSink;
  /** Set asynchronously (Ctrl-C); the next tick raises KeyboardInterrupt. */
  interruptRequested: boolean;
  /** Instructions executed so far, in units of the tick interval. */
  ticksUsed: number;
  /** A limit violation to raise at the next tick (uncatchable). */
  pendingAbort: PyBaseException | null;
  /** Callbacks queued by micropython.schedule and machine's IRQs and Timers (scheduler.ts). */
  scheduled: ScheduledCall[];
  /** True while a scheduled call runs: the others wait until it returns. */
  inScheduled: boolean;
  /** How many polls that could not suspend put the queued calls off (interpreter.ts). */
  scheduledPutOff: number;
  /** Scheduled calls run so far (machine.lightsleep() ends once one has). */
  scheduledRuns: number;
  /**
   * Prints the exception a scheduled call raised, as MicroPython does (the VM sets it to its
   * traceback printer: the scheduler cannot import that without an import cycle through the
   * interpreter).
   */
  reportScheduledError: (exc: PyBaseException) => void;
  /** Where suspended work parks its promise for the async driver. */
  pendingPromise: Promise<PyValue> | null;
  /** Hooks the embedding layer sets (module finders, etc.). */
  host: Record<string, unknown>;
  /** The frame that made the current native call (for globals(), locals(), super()). */
  frame: Frame | null;
  /** micropython.opt_level(): applies to code compiled from now on. */
  optLevel: number;
  /** Whether the native being called may return a Promise (the VM can suspend here). */
  canSuspend: boolean;
  /** Memory and output charged against the sandbox's caps (lib/vm/limits.ts). */
  accounting: Accounting;
  /** Milliseconds between turns given to the event loop from running loops; 0 = never. */
  yieldInterval: number;
  /** Date.now() at which the next such turn is due. */
  nextYieldAt: number;
  /** Date.now() of the last turn that let the host's loop wait for I/O (host_turn.ts). */
  lastTimerTurn: number;
  /** While the VM awaits a native's Promise for an interactive host: ends the wait on Ctrl-C. */
  wakeSuspended: (() => void) | null;
  /** Called at each poll, before scheduled callbacks run (machine's board clock fires alarms). */
  onPoll: (() => void) | null;
  /** The function sys.atexit registered, called once the main program ends; null = none. */
  exitFunc: PyValue;
  /** What atexit.register queued, run last-registered first when the main program ends. */
  exitHandlers: ExitHandler[];

  constructor(builtins: PyDict, modules: PyDict, stdout: OutputSink, stderr: OutputSink) {
    this.builtins = builtins;
    this.modules = modules;
    this.builtinModules = new Map();
    this.handled = null;
    this.depth = 0;
    this.limits = { recursionLimit: 1000, instructionBudget: Infinity, deadline: Infinity };
    this.stdout = stdout;
    this.stderr = stderr;
    this.interruptRequested = false;
    this.ticksUsed = 0;
    this.pendingAbort = null;
    this.scheduled = [];
    this.inScheduled = false;
    this.scheduledPutOff = 0;
    this.scheduledRuns = 0;
    this.reportScheduledError = (exc) => this.stderr.write(`${exc.type.name}\n`);
    this.pendingPromise = null;
    this.host = {};
    this.frame = null;
    this.optLevel = 0;
    this.canSuspend = false;
    this.accounting = new Accounting();
    this.yieldInterval = 0;
    this.nextYieldAt = 0;
    this.lastTimerTurn = 0;
    this.wakeSuspended = null;
    this.onPoll = null;
    this.exitFunc = null;
    this.exitHandlers = [];
  }
}

/** One atexit.register call: the function and the arguments to call it with. */
export interface ExitHandler {
  fn: PyValue;
  /** Positional arguments, then the values of `kwnames` (the VM's calling convention). */
  args: PyValue[];
  kwnames: string[] | null;
}

let active: VMState | null = null;

/** The running VM (null only outside any run, which natives never see). */
export function activeVM(): VMState {
  return active!;
}

/** The running VM, or null between runs. */
export function activeVMOrNull(): VMState | null {
  return active;
}

export function setActiveVM(vm: VMState | null): void {
  active = vm;
}

/** Runs `fn` with `state` as the running VM, then restores the one before (a JS callback's way in). */
export function withVM<T>(state: VMState, fn: () => T): T {
  const previous = active;
  active = state;
  try {
    return fn();
  } finally {
    active = previous;
  }
}
