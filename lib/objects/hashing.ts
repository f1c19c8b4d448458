/**
 * Key canonicalisation for dict and set.
 *
 * Both are backed by one insertion-ordered JS Map whose keys are *canonical*
 * values: Python values that compare equal map to the same JS key. Ints, strs,
 * bools, None and floats canonicalise to JS primitives (1, 1.0 and True all become
 * the number 1), objects hashed by identity are their own key, and objects with
 * value equality (tuples, frozensets, user classes defining __hash__/__eq__) are
 * represented by the first equal key ever inserted, found through hash buckets.
 * This keeps the common str/int key path a single Map lookup.
 */

import type { PyValue } from "./base.ts";
import { floatHash, PyFloat } from "./float.ts";
import { PyTuple, tupleType } from "./tuple.ts";
import { equals, hashOf } from "./ops.ts";
import { PyTypeError, raise } from "./exception.ts";
import { typeName } from "./typeof.ts";

export class KeyTable {
  /** hash -> representative keys with that hash (only for value-equality objects). */
  buckets: Map<number | bigint, PyValue[]> | null = null;

  /** The canonical JS Map key for `key`; inserts a representative when `insert` is set. */
  canon(key: PyValue, insert: boolean): PyValue {
    switch (typeof key) {
      case "string":
      case "number":
      case "bigint":
        return key;
      case "boolean":
        return key ? 1 : 0;
    }
    if (key === null) return null;
    if (key instanceof PyFloat) return floatCanon(key.value);
    const type = key.type;
    if (type.hashSlot === null) {
      if (type.unhashable) raise(PyTypeError, `unsupported type for __hash__: '${typeName(key)}'`);
      return key;
    }
    const h = bucketHash(key);
    if (this.buckets === null) this.buckets = new Map();
    const bucket = this.buckets.get(h);
    if (bucket !== undefined) {
      for (let i = 0; i < bucket.length; i++) if (equals(bucket[i], key)) return bucket[i];
      if (insert) bucket.push(key);
    } else if (insert) {
      this.buckets.set(h, [key]);
    }
    return key;
  }

  /** Forget a representative when its entry is deleted. */
  release(canonKey: PyValue): void {
    if (this.buckets === null || typeof canonKey !== "object" || canonKey === null) return;
    if (canonKey.type.hashSlot === null) return;
    const h = bucketHash(canonKey);
    const bucket = this.buckets.get(h);
    if (bucket === undefined) return;
    const i = bucket.indexOf(canonKey);
    if (i >= 0) bucket.splice(i, 1);
    if (bucket.length === 0) this.buckets.delete(h);
  }

  clear(): void {
    this.buckets = null;
  }

  /** A table of its own with the same representatives (a dict's or set's copy). */
  clone(): KeyTable {
    const copy = new KeyTable();
    if (this.buckets !== null) {
      copy.buckets = new Map();
      for (const [h, bucket] of this.buckets) copy.buckets.set(h, bucket.slice());
    }
    return copy;
  }
}

/**
 * The hash that buckets value-equality keys: Python's, except for plain tuples, whose
 * MicroPython hash (a sum) would put every permutation of the same items in one bucket.
 */
function bucketHash(key: PyValue): number | bigint {
  if (!(key instanceof PyTuple) || key.type !== tupleType) return hashOf(key);
  let h = 0x345678;
  for (const item of key.items) {
    const ih = bucketHash(item);
    h = (Math.imul(h ^ Number(typeof ih === "bigint" ? ih & 0xffffffffn : ih), 1000003) + 97531) |
      0;
  }
  return h;
}

/**
 * The hash MicroPython places a canonical key by (slot_order.ts): an int is its own hash, a
 * str hashes its UTF-8 bytes, a non-integral float hashes as its integer part; objects use
 * their type's.
 */
export function orderHash(canon: PyValue): number | bigint {
  if (typeof canon === "number" && !Number.isInteger(canon)) return floatHash(canon);
  return hashOf(canon);
}

/** Integral floats share their int's key; huge integral floats become bigints. */
export function floatCanon(value: number): number | bigint {
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) return BigInt(value);
  return value === 0 ? 0 : value;
}
