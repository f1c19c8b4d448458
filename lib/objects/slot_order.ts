/**
 * The order in which MicroPython's dict and set iterate: the slot order of its open-addressing
 * hash table. A program that prints `{'a': 1, 'b': 2, 'c': 3}` on MicroPython sees
 * `{'b': 2, 'c': 3, 'a': 1}`, so upy models where each key would sit in that table:
 *
 * - a key goes to `hash % alloc` and probes forward one slot at a time, taking the first
 *   deleted slot it passed, else the first empty one;
 * - only when every slot is taken does the table grow, to the next size in MicroPython's list
 *   (small even sizes, then primes growing by about a quarter, a third, a half), the old keys
 *   going in again in their slot order;
 * - a removed key leaves a deleted marker, unless the next slot is empty;
 * - a literal of n items starts with exactly n slots, an empty dict or set with none.
 *
 * Lookups stay in the dict's or set's JS Map: this keeps only the layout, built the first
 * time the order is needed (replaying the keys in insertion order gives the same layout while
 * nothing was removed) and kept up to date from then on.
 */

import type { PyValue } from "./base.ts";
import { orderHash } from "./hashing.ts";
import { checkDeadline } from "../vm/limits.ts";
import { FreeSlots } from "./free_slots.ts";

/** A walk longer than this builds the lookup aids (a free-slot tree, a key index): a table
 * with clusters that long is one where walking costs more than keeping them. */
const LONG_WALK = 32;

/**
 * Probe steps taken, for the sandbox's clock: laying out a big table is native work that no
 * bytecode counts (and keys whose hashes collide, like floats below 1, which all hash to 0 as
 * in MicroPython, make long walks), and a run must still stop at its deadline.
 */
let probeSteps = 0;

/** MicroPython's table sizes; past the last, half as much again, made odd. */
export const TABLE_SIZES: readonly number[] = [
  0,
  2,
  4,
  6,
  8,
  10,
  12,
  17,
  23,
  29,
  37,
  47,
  59,
  73,
  97,
  127,
  167,
  223,
  293,
  389,
  521,
  691,
  919,
  1223,
  1627,
  2161,
  3229,
  4831,
  7243,
  10861,
  16273,
  24407,
  36607,
  54907,
];

function sizeAtLeast(n: number): number {
  for (let i = 0; i < TABLE_SIZES.length; i++) if (TABLE_SIZES[i] >= n) return TABLE_SIZES[i];
  return (n + Math.floor(n / 2)) | 1;
}

/** A removed key's slot: still part of probe chains. */
const DELETED: unique symbol = Symbol("deleted");
type Slot = PyValue | typeof DELETED | undefined;

/** The first slot `hash` probes in a table of `alloc` slots; a negative hash is an unsigned
 * machine word there (64 bits, as on the unix port). */
function homeSlot(hash: number | bigint, alloc: number): number {
  if (typeof hash === "number" && hash >= 0 && hash <= Number.MAX_SAFE_INTEGER) {
    return hash % alloc;
  }
  const word = BigInt.asUintN(64, BigInt(hash));
  return Number(word % BigInt(alloc));
}

export class HashSlots {
  slots: Slot[];
  hashes: (number | bigint)[];
  used = 0;
  /** Built after a long walk, then kept: where the free slots are, and where each key is. */
  #free: FreeSlots | null = null;
  #index: Map<PyValue, number> | null = null;

  constructor(alloc: number) {
    this.slots = new Array(alloc).fill(undefined);
    this.hashes = new Array(alloc).fill(0);
  }

  get alloc(): number {
    return this.slots.length;
  }

  /** Places `key` (known not to be in the table) by its MicroPython hash. */
  add(key: PyValue): void {
    this.insert(key, orderHash(key));
  }

  /** Takes out `key` (known to be in the table). */
  remove(key: PyValue): void {
    this.removeAt(this.find(key, orderHash(key)));
  }

  /**
   * Places `key` (known not to be in the table) as MicroPython would: in the first free slot
   * (deleted or empty) from its home on, growing the table when there is none.
   */
  insert(key: PyValue, hash: number | bigint): void {
    for (;;) {
      const alloc = this.slots.length;
      if (alloc > 0 && this.#free !== null) {
        if ((++probeSteps & 0xffff) === 0) checkDeadline();
        const pos = this.#free.firstFreeFrom(homeSlot(hash, alloc));
        if (pos >= 0) {
          this.#put(pos, key, hash);
          return;
        }
      } else if (alloc > 0) {
        const start = homeSlot(hash, alloc);
        let pos = start;
        let steps = 0;
        do {
          const slot = this.slots[pos];
          if (slot === undefined || slot === DELETED) {
            this.#put(pos, key, hash);
            return;
          }
          pos = pos + 1 === alloc ? 0 : pos + 1;
          if ((++probeSteps & 0xffff) === 0) checkDeadline();
          if (++steps === LONG_WALK) break;
        } while (pos !== start);
        if (steps === LONG_WALK) {
          this.#free = new FreeSlots(alloc, (i) => this.#isFree(i));
          continue;
        }
      }
      this.#grow();
    }
  }

  #isFree(i: number): boolean {
    const slot = this.slots[i];
    return slot === undefined || slot === DELETED;
  }

  #put(pos: number, key: PyValue, hash: number | bigint): void {
    this.slots[pos] = key;
    this.hashes[pos] = hash;
    this.used++;
    this.#free?.occupy(pos);
    this.#index?.set(key, pos);
  }

  #grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    const alloc = sizeAtLeast(oldSlots.length + 1);
    this.slots = new Array(alloc).fill(undefined);
    this.hashes = new Array(alloc).fill(0);
    this.used = 0;
    this.#free = null;
    this.#index = null;
    for (let i = 0; i < oldSlots.length; i++) {
      const slot = oldSlots[i];
      if (slot !== undefined && slot !== DELETED) this.insert(slot, oldHashes[i]);
    }
  }

  /**
   * The slot holding `key` (compared by identity: keys here are canonical). Probed from its
   * hash; a key whose `__hash__` has changed since it went in is still found, by a scan.
   */
  find(key: PyValue, hash: number | bigint): number {
    if (this.#index !== null) return this.#index.get(key) ?? this.slots.indexOf(key);
    const alloc = this.slots.length;
    if (alloc > 0) {
      const start = homeSlot(hash, alloc);
      let pos = start;
      let steps = 0;
      do {
        const slot = this.slots[pos];
        if (slot === undefined) break;
        if (slot === key) return pos;
        pos = pos + 1 === alloc ? 0 : pos + 1;
        if ((++probeSteps & 0xffff) === 0) checkDeadline();
        if (++steps === LONG_WALK) {
          this.#index = new Map();
          for (let i = 0; i < alloc; i++) {
            const s = this.slots[i];
            if (s !== undefined && s !== DELETED) this.#index.set(s, i);
          }
          return this.#index.get(key) ?? -1;
        }
      } while (pos !== start);
    }
    return this.slots.indexOf(key);
  }

  /** Empties slot `pos`: a deleted marker unless the next slot is empty (or `alwaysMark`,
   * as dict.popitem does). */
  removeAt(pos: number, alwaysMark = false): void {
    const next = pos + 1 === this.slots.length ? 0 : pos + 1;
    this.#index?.delete(this.slots[pos] as PyValue);
    this.slots[pos] = !alwaysMark && this.slots[next] === undefined ? undefined : DELETED;
    this.hashes[pos] = 0;
    this.used--;
    this.#free?.release(pos);
  }

  /** The first occupied slot at or after `from`, or -1. */
  nextFilled(from: number): number {
    for (let i = from; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (slot !== undefined && slot !== DELETED) return i;
    }
    return -1;
  }

  /** The key in an occupied slot. */
  keyAt(pos: number): PyValue {
    return this.slots[pos] as PyValue;
  }

  clone(): HashSlots {
    const copy = new HashSlots(0);
    copy.slots = this.slots.slice();
    copy.hashes = this.hashes.slice();
    copy.used = this.used;
    return copy;
  }

  *keys(): IterableIterator<PyValue> {
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (slot !== undefined && slot !== DELETED) yield slot;
    }
  }
}

/**
 * The layout of a table that started with `alloc` slots and had `keys` placed in this order,
 * none removed: while a dict or set has had nothing removed, its insertion order (the Map's)
 * rebuilds its MicroPython layout exactly.
 */
export function layoutOf(alloc: number, keys: Iterable<PyValue>): HashSlots {
  const slots = new HashSlots(alloc);
  for (const key of keys) slots.add(key);
  return slots;
}
