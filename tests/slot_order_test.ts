/**
 * lib/objects/slot_order.ts places keys as MicroPython's hash table does, with a free-slot tree
 * and a key index once walks get long. Both must leave exactly the layout a plain walk leaves:
 * here a plain walk written from the rules (first free slot from home, growth only when full, a
 * deleted marker unless the next slot is empty) runs beside it on seeded random operations with
 * many colliding hashes. (tests/py/core/core_hash_table_order.py checks the rules themselves
 * against the reference interpreter.)
 */

import "../mod.ts";
import { deepEqual, equal } from "node:assert/strict";
import { HashSlots, TABLE_SIZES } from "../lib/objects/slot_order.ts";
import { FreeSlots } from "../lib/objects/free_slots.ts";

const GONE = "<deleted>";

/** The rules, walked one slot at a time. */
class PlainTable {
  slots: (string | undefined)[] = [];
  hashes: number[] = [];
  insert(key: string, hash: number): void {
    for (;;) {
      const n = this.slots.length;
      for (let k = 0; k < n; k++) {
        const i = (hash + k) % n;
        if (this.slots[i] === undefined || this.slots[i] === GONE) {
          this.slots[i] = key;
          this.hashes[i] = hash;
          return;
        }
      }
      const old = this.slots.map((s, i) => [s, this.hashes[i]] as const);
      const size = TABLE_SIZES.find((s) => s > n) ?? (n + 1 + Math.floor((n + 1) / 2)) | 1;
      this.slots = new Array(size).fill(undefined);
      this.hashes = new Array(size).fill(0);
      for (const [s, h] of old) if (s !== undefined && s !== GONE) this.insert(s, h);
    }
  }
  remove(key: string): void {
    const i = this.slots.indexOf(key);
    const next = (i + 1) % this.slots.length;
    this.slots[i] = this.slots[next] === undefined ? undefined : GONE;
  }
  keys(): string[] {
    return this.slots.filter((s): s is string => s !== undefined && s !== GONE);
  }
}

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

Deno.test("the free-slot tree finds the first free slot from any position, wrapping", () => {
  const next = random(7);
  for (let trial = 0; trial < 100; trial++) {
    const n = 1 + Math.floor(next() * 200);
    const free = Array.from({ length: n }, () => next() < 0.3);
    const tree = new FreeSlots(n, (i) => free[i]);
    for (let op = 0; op < 300; op++) {
      const i = Math.floor(next() * n);
      free[i] = next() < 0.5;
      if (free[i]) tree.release(i);
      else tree.occupy(i);
      const from = Math.floor(next() * n);
      let want = -1;
      for (let k = 0; k < n && want < 0; k++) if (free[(from + k) % n]) want = (from + k) % n;
      equal(tree.firstFreeFrom(from), want);
    }
  }
});

Deno.test("long clusters, removals and growth leave the layout a plain walk leaves", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const next = random(seed);
    const fast = new HashSlots(seed % 3 === 0 ? 5 : 0);
    const plain = new PlainTable();
    if (seed % 3 === 0) {
      plain.slots = new Array(5).fill(undefined);
      plain.hashes = new Array(5).fill(0);
    }
    const live: string[] = [];
    const hashOf = new Map<string, number>();
    for (let op = 0; op < 3000; op++) {
      if (live.length > 0 && next() < 0.3) {
        const key = live.splice(Math.floor(next() * live.length), 1)[0];
        fast.removeAt(fast.find(key, hashOf.get(key)!));
        plain.remove(key);
      } else {
        const key = `k${op}`;
        // Few distinct hashes: long clusters, as 16-bit str hashes make in big tables.
        const hash = Math.floor(next() * 40);
        hashOf.set(key, hash);
        fast.insert(key, hash);
        plain.insert(key, hash);
        live.push(key);
      }
    }
    deepEqual([...fast.keys()], plain.keys(), `seed ${seed}`);
    equal(fast.alloc, plain.slots.length);
  }
});
