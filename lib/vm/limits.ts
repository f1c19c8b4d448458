/**
 * The sandbox's limits: what a run may spend (instructions, wall-clock time,
 * memory, output, call depth) and how a limit hit stops it.
 *
 * A hit throws an *uncatchable* exception: the dispatch loop unwinds straight to
 * the entry frame without running `except` or `finally` blocks, and the VM keeps
 * it in `pendingAbort` so that even a native that swallows exceptions sees it
 * again at the next poll. The run's host sees it as a LimitError; the VM stays
 * usable because every run starts by clearing the abort and the counters.
 *
 * Memory is an allocation budget, like gas: the few central places that make
 * big or growing values (string and sequence repetition, joins and
 * concatenation of long strings, list/bytearray growth, dict insertion, bytes
 * of a given size) charge their size here before allocating, so a program
 * asking for `'a' * 10**9` is stopped before the host's heap grows. Freed
 * memory is not credited back (JS gives no cheap way to know), so the budget
 * bounds what one run allocates in large values, not what it keeps.
 */

import { PyBaseException, PyMemoryError, PyRuntimeError } from "../objects/exception.ts";
import type { PyType } from "../objects/type.ts";
import { activeVM, type OutputSink, type VMState } from "./state.ts";

/** Limits for a VM or a single run. Every field is optional; absent means unlimited. */
export interface Limits {
  /** Bytecode instructions a run may execute (counted in steps of 1000 backward jumps/calls). */
  instructions?: number;
  /** Wall-clock time a run may take, in milliseconds, including time spent awaiting JS. */
  timeoutMs?: number;
  /** Bytes a run may allocate in strings, bytes and containers (see the top of limits.ts). */
  memoryBytes?: number;
  /** Characters a run may write to stdout and stderr together. */
  outputChars?: number;
  /** Python call depth; deeper calls raise RuntimeError (catchable, as in MicroPython). */
  recursionDepth?: number;
}

/** What a run spent, as the host sees it after the run (also after a limit hit). */
export interface Usage {
  /** Instructions executed, rounded to the polling interval (1000). */
  instructions: number;
  /** Wall-clock milliseconds from start to end of the run. */
  timeMs: number;
  /** Bytes charged against the memory budget. */
  memoryBytes: number;
  /** Characters written to stdout and stderr. */
  outputChars: number;
}

/** Which limit stopped a run. */
export type LimitKind = "instructions" | "time" | "memory" | "output" | "aborted";

/** The sandbox defaults: generous for snippets, small enough to keep a server healthy. */
export const SANDBOX_LIMITS: Readonly<Required<Limits>> = Object.freeze({
  instructions: 20_000_000,
  timeoutMs: 1_000,
  memoryBytes: 64 * 1024 * 1024,
  outputChars: 1024 * 1024,
  recursionDepth: 200,
});

/** Per-VM accounting the allocation points and output sinks update. */
export class Accounting {
  memoryUsed: number;
  memoryCap: number;
  outputUsed: number;
  outputCap: number;
  constructor() {
    this.memoryUsed = 0;
    this.memoryCap = Infinity;
    this.outputUsed = 0;
    this.outputCap = Infinity;
  }
}

const MESSAGES: Record<LimitKind, string> = {
  instructions: "instruction budget exceeded",
  time: "time limit exceeded",
  memory: "memory limit exceeded",
  output: "output limit exceeded",
  aborted: "run aborted",
};

/** The uncatchable exception a limit hit raises, remembered so every later poll re-raises it. */
export function limitExceeded(vm: VMState, kind: LimitKind): never {
  throw makeLimitException(vm, kind);
}

/** The abort for `kind`, recorded on the VM (for a driver that resumes a frame with it). */
export function makeLimitException(vm: VMState, kind: LimitKind): PyBaseException {
  const type: PyType = kind === "memory" ? PyMemoryError : PyRuntimeError;
  const exc = new PyBaseException(type, [MESSAGES[kind]]);
  exc.uncatchable = true;
  vm.pendingAbort = exc;
  limitKinds.set(exc, kind);
  return exc;
}

const limitKinds = new WeakMap<PyBaseException, LimitKind>();

/** Which limit an exception stands for, or undefined for an ordinary Python exception. */
export function limitKindOf(exc: PyBaseException): LimitKind | undefined {
  return limitKinds.get(exc);
}

/**
 * Charges `bytes` against the active VM's memory budget before an allocation.
 * Cheap when no cap is set (one comparison against Infinity).
 */
export function chargeMemory(bytes: number): void {
  const vm = activeVM();
  if (vm === null) return;
  const accounting = vm.accounting;
  accounting.memoryUsed += bytes;
  if (accounting.memoryUsed > accounting.memoryCap) limitExceeded(vm, "memory");
  // Growth points are also where long-running natives (set(range(10**8))) pass by:
  // checking the clock here bounds them by the time limit too.
  if (vm.limits.deadline !== Infinity && Date.now() > vm.limits.deadline) {
    limitExceeded(vm, "time");
  }
}

/** Whether the active run has a memory cap (costly estimates are made only then). */
export function memoryCapped(): boolean {
  const vm = activeVM();
  return vm !== null && vm.accounting.memoryCap !== Infinity;
}

/**
 * How long a blocking wait may last before the run's deadline (Infinity
 * without one). A native that blocks (time.sleep where the VM cannot
 * suspend) waits at most this long, then calls checkDeadline.
 */
export function msUntilDeadline(): number {
  const vm = activeVM();
  if (vm === null || vm.limits.deadline === Infinity) return Infinity;
  return Math.max(0, vm.limits.deadline - Date.now());
}

/** Stops the run with the time-limit abort if its deadline has passed. */
export function checkDeadline(): void {
  const vm = activeVM();
  if (vm !== null && vm.limits.deadline !== Infinity && Date.now() >= vm.limits.deadline) {
    limitExceeded(vm, "time");
  }
}

/** Wraps an output sink so what passes through counts against the output cap. */
export function countingSink(vm: VMState, inner: OutputSink): OutputSink {
  /** Charges `size` characters (or bytes); past the cap, delivers what fits and raises. */
  const charge = (size: number, deliverPart: (room: number) => void) => {
    const accounting = vm.accounting;
    const room = accounting.outputCap - accounting.outputUsed;
    if (size > room) {
      // Deliver what fits, so the host sees the output up to the limit.
      if (room > 0) deliverPart(room);
      accounting.outputUsed = accounting.outputCap;
      limitExceeded(vm, "output");
    }
    accounting.outputUsed += size;
  };
  const sink: OutputSink = {
    write(text: string): void {
      charge(text.length, (room) => inner.write(text.slice(0, room)));
      inner.write(text);
    },
  };
  const writeBytes = inner.writeBytes?.bind(inner);
  if (writeBytes !== undefined) {
    sink.writeBytes = (data: Uint8Array) => {
      charge(data.length, (room) => writeBytes(data.subarray(0, room)));
      writeBytes(data);
    };
  }
  return sink;
}
