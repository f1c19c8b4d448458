/**
 * `set` and `frozenset`: insertion-ordered, a JS Map from canonical keys
 * (hashing.ts) to the original items.
 */

import { checkArity } from "./function.ts";
import { chargeMemory } from "../vm/limits.ts";
import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { KeyTable } from "./hashing.ts";
import { equals, getIter, iterNext, repr } from "./ops.ts";

export const setType = new PyType("set", []);
export const frozensetType = new PyType("frozenset", []);
export const setIteratorType = new PyType("set_iterator", []);

export class PySet extends PyObject {
  map: Map<PyValue, PyValue>;
  table: KeyTable;
  constructor(type: PyType = setType) {
    super(type);
    this.map = new Map();
    this.table = new KeyTable();
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
    }
  }

  has(item: PyValue): boolean {
    return this.map.has(this.table.canon(item, false));
  }

  delete(item: PyValue): boolean {
    const canon = this.table.canon(item, false);
    if (!this.map.delete(canon)) return false;
    this.table.release(canon);
    return true;
  }

  clear(): void {
    this.map.clear();
    this.table.clear();
  }

  values(): IterableIterator<PyValue> {
    return this.map.values();
  }

  addAll(iterable: PyValue): void {
    if (iterable instanceof PySet) {
      for (const item of iterable.map.values()) this.add(item);
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
  iterator: Iterator<PyValue>;
  constructor(set: PySet) {
    super(setIteratorType);
    this.iterator = set.map.values();
  }
}
setIteratorType.iterSlot = (it) => it;
setIteratorType.nextSlot = (it: PySetIterator) => {
  const step = it.iterator.next();
  return step.done ? undefined : step.value;
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
frozensetType.hashSlot = (s: PySet) => {
  let h = 0;
  for (const item of s.values()) h ^= Number(BigInt.asIntN(32, BigInt(hashValue(item))));
  return h;
};

import { hashOf } from "./ops.ts";
function hashValue(item: PyValue): number | bigint {
  return hashOf(item);
}
export { equals };
