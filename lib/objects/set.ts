/**
 * `set` and `frozenset`: a JS Map from canonical keys (hashing.ts) to the original items,
 * iterated in MicroPython's order, the slot order of its hash table (slot_order.ts, modelled
 * once the order is first needed, as for dict).
 */

import { checkArity } from "./function.ts";
import { chargeMemory } from "../vm/limits.ts";
import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { KeyTable } from "./hashing.ts";
import { HashSlots, layoutOf } from "./slot_order.ts";
import { equals, getIter, iterNext, repr } from "./ops.ts";

export const setType = new PyType("set", []);
export const frozensetType = new PyType("frozenset", []);
export const setIteratorType = new PyType("set_iterator", []);

export class PySet extends PyObject {
  map: Map<PyValue, PyValue>;
  table: KeyTable;
  /** MicroPython's table layout, the iteration order; null until first needed. */
  slots: HashSlots | null;
  /** The slots MicroPython's table starts with: a literal's item count, else none. */
  initialAlloc: number;
  constructor(type: PyType = setType) {
    super(type);
    this.map = new Map();
    this.table = new KeyTable();
    this.slots = null;
    this.initialAlloc = 0;
  }

  get size(): number {
    return this.map.size;
  }

  add(item: PyValue): void {
    const canon = this.table.canon(item, true);
    if (!this.map.has(canon)) {
      // The memory budget is charged per 1024 entries: cheap on this hot path.
      if ((this.map.size & 1023) === 1023) chargeMemory(1024 * 64);
      this.map.set(canon, item);
      if (this.slots !== null) this.slots.add(canon);
    }
  }

  has(item: PyValue): boolean {
    return this.map.has(this.table.canon(item, false));
  }

  delete(item: PyValue): boolean {
    const canon = this.table.canon(item, false);
    if (!this.map.has(canon)) return false;
    this.orderSlots().remove(canon);
    this.map.delete(canon);
    this.table.release(canon);
    return true;
  }

  clear(): void {
    this.map.clear();
    this.table.clear();
    this.slots = null;
    this.initialAlloc = 0;
  }

  /** The table layout, built on first use from the insertion order (see PyDict.orderSlots). */
  orderSlots(): HashSlots {
    return this.slots ??= layoutOf(this.initialAlloc, this.map.keys());
  }

  /** The items in iteration order. */
  *values(): IterableIterator<PyValue> {
    for (const canon of this.orderSlots().keys()) yield this.map.get(canon)!;
  }

  /** Takes over `other`'s items and layout (the in-place operators' result). */
  adopt(other: PySet): void {
    this.map = other.map;
    this.table = other.table;
    this.slots = other.slots;
    this.initialAlloc = other.initialAlloc;
  }

  addAll(iterable: PyValue): void {
    if (iterable instanceof PySet) {
      for (const item of iterable.values()) this.add(item);
      return;
    }
    const it = getIter(iterable);
    for (;;) {
      const item = iterNext(it);
      if (item === undefined) return;
      this.add(item);
    }
  }
}

export class PySetIterator extends PyObject {
  set: PySet;
  slots: HashSlots;
  pos: number;
  constructor(set: PySet) {
    super(setIteratorType);
    this.set = set;
    this.slots = set.orderSlots();
    this.pos = 0;
  }
}
setIteratorType.iterSlot = (it) => it;
setIteratorType.nextSlot = (it: PySetIterator) => {
  const pos = it.slots.nextFilled(it.pos);
  if (pos < 0) return undefined;
  it.pos = pos + 1;
  return it.set.map.get(it.slots.keyAt(pos));
};

function setRepr(s: PySet): string {
  if (s.size === 0) return s.type === frozensetType ? "frozenset()" : "set()";
  const parts: string[] = [];
  for (const item of s.values()) parts.push(repr(item));
  const body = "{" + parts.join(", ") + "}";
  return s.type === frozensetType ? `frozenset(${body})` : body;
}

for (const type of [setType, frozensetType]) {
  type.newSlot = (cls, args) => {
    checkArity(args.length, 0, 1);
    const s = new PySet(cls);
    if (args.length > 0) s.addAll(args[0]);
    return s;
  };
  type.reprSlot = setRepr;
  type.lenSlot = (s: PySet) => s.size;
  type.boolSlot = (s: PySet) => s.size !== 0;
  type.iterSlot = (s: PySet) => new PySetIterator(s);
  type.containsSlot = (s: PySet, item) => s.has(item);
}
setType.unhashable = true;
/** MicroPython starts a frozenset's hash from a fixed value (its type's address; this is the
 * reference port's) and adds the items' hashes. */
const FROZENSET_HASH_BASE = 96676;
frozensetType.hashSlot = (s: PySet) => {
  let h = FROZENSET_HASH_BASE;
  for (const item of s.map.values()) h += Number(BigInt.asIntN(32, BigInt(hashValue(item))));
  return h;
};

import { hashOf } from "./ops.ts";
function hashValue(item: PyValue): number | bigint {
  return hashOf(item);
}
export { equals };
