/**
 * How interop code reaches the VM that owns a Python value: the embedding VM
 * (lib/vm/vm.ts) registers itself on its state as the `PythonHost`, which runs
 * work as a guarded run (the VM activated, limits applied, Python exceptions
 * turned into PythonError) from JS code that has no VM at hand, such as a
 * PyProxy called long after the run that made it.
 */

import type { VMState } from "../vm/state.ts";

export interface PythonHost {
  readonly state: VMState;
  /** Runs async work as one run of the VM (or as part of the run already going on). */
  runAsync<T>(body: () => Promise<T>): Promise<T>;
  /** Runs synchronous work with the VM active, under its limits. */
  runSync<T>(body: () => T): T;
}

export function hostOf(state: VMState): PythonHost {
  const host = state.host.python as PythonHost | undefined;
  if (host === undefined) throw new Error("this Python value's VM has no embedding host");
  return host;
}
