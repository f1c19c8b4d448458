/**
 * What a VM holds, for gc.mem_alloc/mem_free and micropython.mem_info.
 *
 * The JS engine owns the real heap (shared by every VM in the process), so
 * instead of its figure upy walks what this VM can reach (sys.modules, hence
 * every module's globals, the running frames, scheduled callbacks) and sizes
 * each value the way MicroPython's heap would hold it: 16-byte blocks, a
 * header plus 8 bytes per slot, strings and buffers by their bytes. Builtin
 * types and functions are shared and free, as MicroPython's are in ROM. Values
 * that are garbage are not reached, so collect() has nothing to add; the figure
 * falls as soon as a program drops its references.
 *
 * The total is nominal (MicroPython's unix heap, grown if a program needs more),
 * so mem_free is total minus what is held.
 */

import type { VMState } from "../vm/state.ts";
import { PyType } from "../objects/type.ts";
import { PyNativeFunction } from "../objects/function.ts";

export const BLOCK = 16;
const NOMINAL_TOTAL = 2072832;
/** Stop sizing beyond this many values (a huge heap is reported as at least this much). */
const MAX_VALUES = 500_000;

export interface MemoryAccount {
  /** Bytes held, in whole blocks. */
  used: number;
  total: number;
  /** How many allocations take one block, two blocks; the largest in blocks. */
  oneBlocks: number;
  twoBlocks: number;
  maxBlocks: number;
}

function blocks(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / BLOCK));
}

/** Sizes everything reachable from the VM's roots. */
export function accountMemory(vm: VMState): MemoryAccount {
  const seen = new Set<unknown>();
  // (The builtins namespace is left out: like MicroPython's ROM, it is shared.)
  const stack: unknown[] = [vm.modules, vm.frame, vm.handled, vm.scheduled];
  let used = 0;
  let oneBlocks = 0;
  let twoBlocks = 0;
  let maxBlocks = 0;
  const charge = (bytes: number) => {
    const n = blocks(bytes);
    used += n * BLOCK;
    if (n === 1) oneBlocks++;
    else if (n === 2) twoBlocks++;
    if (n > maxBlocks) maxBlocks = n;
  };
  while (stack.length > 0 && seen.size < MAX_VALUES) {
    const value = stack.pop();
    if (value === null || value === undefined) continue;
    if (typeof value === "string") {
      // Short strings are interned in MicroPython (qstrs); count the rest.
      if (value.length > 10 && !seen.has(value)) {
        seen.add(value);
        charge(8 + value.length);
      }
      continue;
    }
    if (typeof value === "bigint") {
      charge(8 + Math.ceil(value.toString(16).length / 2));
      continue;
    }
    if (typeof value !== "object" || seen.has(value)) continue;
    seen.add(value);
    if (value === vm || value instanceof PyNativeFunction) continue;
    if (value instanceof PyType && !value.isHeapType) continue;
    if (ArrayBuffer.isView(value)) {
      charge(8 + value.byteLength);
      continue;
    }
    if (value instanceof Map || value instanceof Set) {
      charge(8 + 16 * value.size);
      for (const entry of value) stack.push(entry);
      continue;
    }
    if (Array.isArray(value)) {
      charge(8 + 8 * value.length);
      for (const item of value) stack.push(item);
      continue;
    }
    let fields = 0;
    for (const key in value) {
      const field = (value as Record<string, unknown>)[key];
      if (typeof field === "function") continue;
      fields++;
      if (typeof field === "object" || typeof field === "string" || typeof field === "bigint") {
        stack.push(field);
      }
    }
    charge(8 * fields);
  }
  // `-X heapsize` sets the nominal size; like the default, it grows when a program holds more.
  const nominal = (vm.host.heapBytes as number | undefined) ?? NOMINAL_TOTAL;
  const total = Math.max(nominal, used * 2);
  return { used, total, oneBlocks, twoBlocks, maxBlocks };
}
