/**
 * Methods and operators of set and frozenset: the algebra (| & - ^ and their
 * named and in-place forms), subset comparisons, and mutation. Results keep the
 * type of the left operand, as MicroPython does.
 */

import type { PyValue } from "./base.ts";
import { BinaryOp, CompareOp } from "../compiler/bytecode.ts";
import { PyBaseException, PyKeyError, PyTypeError, raise } from "./exception.ts";
import { native } from "./function.ts";
import { NotImplemented } from "./singletons.ts";
import { frozensetType, PySet, setType } from "./set.ts";
import { getIter, iterNext } from "./ops.ts";
import { PyType } from "./type.ts";

function self(a: PyValue[]): PySet {
  if (!(a[0] instanceof PySet)) raise(PyTypeError, "descriptor requires a 'set' object");
  return a[0];
}

function toSet(v: PyValue): PySet {
  if (v instanceof PySet) return v;
  const s = new PySet();
  s.addAll(v);
  return s;
}

/** The items of any iterable, in its order (a set's: MicroPython's). */
function* itemsOf(v: PyValue): IterableIterator<PyValue> {
  if (v instanceof PySet) {
    yield* v.values();
    return;
  }
  const it = getIter(v);
  for (;;) {
    const item = iterNext(it);
    if (item === undefined) return;
    yield item;
  }
}

/** s.copy(): the same items in the same table layout, so the same order. */
function copyOf(
  s: PySet,
  type: PyType = s.type === frozensetType ? frozensetType : setType,
): PySet {
  const out = new PySet(type);
  for (const [canon, item] of s.map) out.map.set(canon, item);
  out.table = s.table.clone();
  out.slots = s.orderSlots().clone();
  return out;
}

// As MicroPython computes them: a union or difference starts from a copy of the left set, an
// intersection from an empty set filled in the order of the right operand.
function union(a: PySet, b: PyValue): PySet {
  const out = copyOf(a);
  for (const item of itemsOf(b)) out.add(item);
  return out;
}
function intersection(a: PySet, b: PyValue): PySet {
  if (b === a) return copyOf(a); // MicroPython leaves a set intersected with itself as it is
  const out = new PySet(a.type === frozensetType ? frozensetType : setType);
  for (const item of itemsOf(b)) if (a.has(item)) out.add(item);
  return out;
}
function difference(a: PySet, b: PyValue): PySet {
  const out = copyOf(a);
  for (const item of itemsOf(b)) out.delete(item);
  return out;
}
function symmetric(a: PySet, b: PyValue): PySet {
  const out = copyOf(a);
  for (const item of itemsOf(toSet(b))) {
    if (!out.delete(item)) out.add(item);
  }
  return out;
}
function isSubset(a: PySet, b: PySet): boolean {
  if (a.size > b.size) return false;
  for (const item of a.map.values()) if (!b.has(item)) return false;
  return true;
}
for (const type of [setType, frozensetType]) {
  type.binarySlot = (a: PySet, b, op) => {
    if (!(b instanceof PySet)) return NotImplemented;
    const inplace = op >= BinaryOp.INPLACE && a.type !== frozensetType;
    let r: PySet;
    switch (op & 15) {
      case BinaryOp.OR:
        r = union(a, b);
        break;
      case BinaryOp.AND:
        r = intersection(a, b);
        break;
      case BinaryOp.SUB:
        r = difference(a, b);
        break;
      case BinaryOp.XOR:
        r = symmetric(a, b);
        break;
      default:
        return NotImplemented;
    }
    if (inplace) {
      a.adopt(r);
      return a;
    }
    return r;
  };
  type.compareSlot = (a: PySet, b, op) => {
    if (!(b instanceof PySet)) {
      return op === CompareOp.EQ ? false : op === CompareOp.NE ? true : NotImplemented;
    }
    switch (op) {
      case CompareOp.EQ:
        return a.size === b.size && isSubset(a, b);
      case CompareOp.NE:
        return !(a.size === b.size && isSubset(a, b));
      case CompareOp.LE:
        return isSubset(a, b);
      case CompareOp.LT:
        return a.size < b.size && isSubset(a, b);
      case CompareOp.GE:
        return isSubset(b, a);
      default:
        return a.size > b.size && isSubset(b, a);
    }
  };
  // MicroPython's union and intersection take one other set; difference any number.
  const many = (name: string, fn: (a: PySet, b: PyValue) => PySet, max: number) =>
    type.define(
      name,
      native(name, max === 2 ? 2 : 1, max, (args) => {
        // Each step makes a new set (a copy, or for an intersection a fresh one).
        const first = self(args);
        let r = first;
        for (let i = 1; i < args.length; i++) r = fn(r, args[i]);
        return r === first ? copyOf(first) : r;
      }),
    );
  many("union", union, 2);
  many("intersection", intersection, 2);
  many("difference", difference, -1);
  type.define(
    "symmetric_difference",
    native("symmetric_difference", 2, 2, (a) => symmetric(self(a), a[1])),
  );
  type.define("issubset", native("issubset", 2, 2, (a) => isSubset(self(a), toSet(a[1]))));
  type.define("issuperset", native("issuperset", 2, 2, (a) => isSubset(toSet(a[1]), self(a))));
  type.define(
    "isdisjoint",
    native("isdisjoint", 2, 2, (a) => intersection(self(a), a[1]).size === 0),
  );
  type.define("copy", native("copy", 1, 1, (a) => copyOf(self(a))));
}

setType.define(
  "add",
  native("add", 2, 2, (a) => {
    self(a).add(a[1]);
    return null;
  }),
);
setType.define(
  "remove",
  native("remove", 2, 2, (a) => {
    if (!self(a).delete(a[1])) throw new PyBaseException(PyKeyError, [a[1]]);
    return null;
  }),
);
setType.define(
  "discard",
  native("discard", 2, 2, (a) => {
    self(a).delete(a[1]);
    return null;
  }),
);
setType.define(
  "pop",
  native("pop", 1, 1, (a) => {
    const s = self(a);
    for (const item of s.values()) {
      s.delete(item);
      return item;
    }
    raise(PyKeyError, "pop from an empty set");
  }),
);
setType.define(
  "clear",
  native("clear", 1, 1, (a) => {
    self(a).clear();
    return null;
  }),
);
setType.define(
  "update",
  native("update", 1, -1, (a) => {
    for (let i = 1; i < a.length; i++) self(a).addAll(a[i]);
    return null;
  }),
);
const inplace = (name: string, fn: (a: PySet, b: PyValue) => PySet, max: number) =>
  setType.define(
    name,
    native(name, max === 2 ? 2 : 1, max, (args) => {
      const s = self(args);
      let r: PySet = s;
      for (let i = 1; i < args.length; i++) r = fn(r, args[i]);
      s.adopt(r);
      return null;
    }),
  );
inplace("intersection_update", intersection, 2);
inplace("difference_update", difference, -1);
inplace("symmetric_difference_update", symmetric, 2);
