/**
 * `tuple`: an immutable JS array of PyValues. Hashable when its items are.
 */

import { chargeMemory } from "../vm/limits.ts";
import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { BinaryOp } from "../compiler/bytecode.ts";
import { PyIndexError, PyTypeError, raise } from "./exception.ts";
import { NotImplemented } from "./singletons.ts";
import { equals, hashOf, toArray } from "./ops.ts";
import { PySlice, resolveUnitSlice, sequenceIndex } from "./slice.ts";
import { checkArity, native } from "./function.ts";
import {
  compareSequences,
  countItems,
  indexOfItem,
  itemsRepr,
  PyListIterator,
  repeatItems,
} from "./list.ts";

export const tupleType = new PyType("tuple", []);

export class PyTuple extends PyObject {
  items: PyValue[];
  constructor(items: PyValue[], type: PyType = tupleType) {
    super(type);
    this.items = items;
  }
}

export const EMPTY_TUPLE = new PyTuple([]);

export function makeTuple(items: PyValue[]): PyTuple {
  return items.length === 0 ? EMPTY_TUPLE : new PyTuple(items);
}

tupleType.newSlot = (cls, args) => {
  checkArity(args.length, 0, 1);
  if (args.length === 0) return cls === tupleType ? EMPTY_TUPLE : new PyTuple([], cls);
  const arg = args[0];
  if (cls === tupleType && arg instanceof PyTuple && arg.type === tupleType) return arg;
  return new PyTuple(toArray(arg), cls);
};
tupleType.reprSlot = (self: PyTuple) => {
  if (self.items.length === 1) return "(" + itemsRepr(self.items, "", "") + ",)";
  return itemsRepr(self.items, "(", ")");
};
/**
 * MicroPython's tuple hash: a fixed start (the empty tuple's address there; this is the
 * reference port's) plus the items' hashes. It places tuple keys in a dict's table, so
 * the order they print in depends on it. Lookups do not: KeyTable buckets tuples by a mixing
 * hash (hashing.ts), as a sum makes (1, 2) and (2, 1) collide.
 */
const TUPLE_HASH_BASE = 98208;
tupleType.hashSlot = (self: PyTuple) => {
  let h = TUPLE_HASH_BASE;
  for (const item of self.items) {
    const ih = hashOf(item);
    h = (h + Number(typeof ih === "bigint" ? BigInt.asIntN(32, ih) : ih)) | 0;
  }
  return h;
};
tupleType.lenSlot = (self: PyTuple) => self.items.length;
tupleType.boolSlot = (self: PyTuple) => self.items.length !== 0;
tupleType.iterSlot = (self: PyTuple) => new PyListIterator(self.items);
tupleType.containsSlot = (self: PyTuple, value) => {
  for (const item of self.items) if (equals(item, value)) return true;
  return false;
};
tupleType.getItemSlot = (self: PyTuple, key) => {
  if (typeof key === "number") {
    const items = self.items;
    const i = key < 0 ? key + items.length : key;
    if (i >= 0 && i < items.length) return items[i];
    raise(PyIndexError, "tuple index out of range");
  }
  if (key instanceof PySlice) {
    const { start, count } = resolveUnitSlice(key, self.items.length);
    return makeTuple(self.items.slice(start, start + count));
  }
  return self.items[sequenceIndex(key, self.items.length, "tuple")];
};
tupleType.binarySlot = (self: PyTuple, other, op) => {
  switch (op & 15) {
    case BinaryOp.ADD:
      if (!(other instanceof PyTuple)) return NotImplemented;
      chargeMemory((self.items.length + other.items.length) * 16);
      return makeTuple(self.items.concat(other.items));
    case BinaryOp.MUL: {
      const items = repeatItems(self.items, other);
      return items === NotImplemented ? items : makeTuple(items as PyValue[]);
    }
  }
  return NotImplemented;
};
tupleType.rbinarySlot = (self: PyTuple, other, op) => {
  if (op !== BinaryOp.MUL) return NotImplemented;
  const items = repeatItems(self.items, other);
  return items === NotImplemented ? items : makeTuple(items as PyValue[]);
};
tupleType.compareSlot = (self: PyTuple, other, op) => {
  if (!(other instanceof PyTuple)) return NotImplemented;
  return compareSequences(self.items, other.items, op);
};

function self(args: PyValue[]): PyTuple {
  const s = args[0];
  if (!(s instanceof PyTuple)) raise(PyTypeError, "descriptor requires a 'tuple' object");
  return s;
}
tupleType.define("index", native("index", 2, 4, (a) => indexOfItem(self(a).items, a[1], a)));
tupleType.define("count", native("count", 2, 2, (a) => countItems(self(a).items, a[1])));
