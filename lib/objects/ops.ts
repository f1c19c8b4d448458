/**
 * The object protocol: truth, repr/str, hashing, comparison, arithmetic,
 * containers and iteration, for any PyValue.
 *
 * Each operation first tries the primitive representations inline (small ints,
 * strs) and then dispatches through the type's slots (type.ts). Error messages
 * are MicroPython's ("unsupported types for __add__: 'int', 'str'").
 */

import { chargeMemory } from "../vm/limits.ts";
import type { PyValue } from "./base.ts";
import { BinaryOp, CompareOp } from "../compiler/bytecode.ts";
import { PyType } from "./type.ts";
import { typeOf } from "./typeof.ts";
import {
  PyBaseException,
  PyIndexError,
  PyMemoryError,
  PyStopIteration,
  PyTypeError,
  raise,
} from "./exception.ts";
import { NotImplemented } from "./singletons.ts";
import { intBinary, intCompare } from "./int.ts";
import { strRepr } from "./str_repr.ts";
import { strHash } from "./str_hash.ts";

export { BINARY_OP_NAMES, COMPARE_OP_NAMES, UNARY_OP_NAMES } from "./dunder_names.ts";
import { BINARY_OP_NAMES, COMPARE_OP_NAMES, UNARY_OP_NAMES } from "./dunder_names.ts";
/** LT <-> GT, LE <-> GE: the operator to try on the right operand. */
const SWAPPED_COMPARE = [
  CompareOp.GT,
  CompareOp.GE,
  CompareOp.EQ,
  CompareOp.NE,
  CompareOp.LT,
  CompareOp.LE,
];

export const enum UnaryOpKind {
  NEG = 0,
  POS,
  INVERT,
  ABS,
}

// ---- truth ----

export function isTruthy(value: PyValue): boolean {
  switch (typeof value) {
    case "boolean":
      return value;
    case "number":
      return value !== 0;
    case "string":
      return value.length !== 0;
    case "bigint":
      return true;
  }
  if (value === null) return false;
  const type: PyType = value.type;
  if (type.boolSlot !== null) return type.boolSlot(value);
  if (type.lenSlot !== null) return type.lenSlot(value) !== 0;
  return true;
}

// ---- repr / str ----

const identities = new WeakMap<object, number>();
let nextIdentity = 0x7f0000001000;

/** A stable per-object number for id(), default repr and identity hashing. */
export function identityOf(value: object): number {
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity;
    nextIdentity += 16;
    identities.set(value, id);
  }
  return id;
}

export function repr(value: PyValue): string {
  switch (typeof value) {
    case "number":
      return String(value);
    case "bigint":
      return value.toString();
    case "string":
      return strRepr(value);
    case "boolean":
      return value ? "True" : "False";
  }
  if (value === null) return "None";
  const type: PyType = value.type;
  if (type.reprSlot !== null) return type.reprSlot(value);
  return `<${type.name} object at ${identityOf(value).toString(16)}>`;
}

export function str(value: PyValue): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) {
    const slot = (value.type as PyType).strSlot;
    if (slot !== null) return slot(value);
  }
  return repr(value);
}

// ---- hashing ----

export function hashOf(value: PyValue): number | bigint {
  switch (typeof value) {
    case "number":
      return value;
    case "bigint":
      return value;
    case "string":
      return strHash(value);
    case "boolean":
      return value ? 1 : 0;
  }
  if (value === null) return 0x5a5a;
  const type: PyType = value.type;
  if (type.hashSlot !== null) return type.hashSlot(value);
  if (type.unhashable) raise(PyTypeError, `unsupported type for __hash__: '${type.name}'`);
  return identityOf(value) >> 4;
}

// ---- comparison ----

/** Equality as containers use it: identity first, then __eq__. */
export function equals(a: PyValue, b: PyValue): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta === "string" || typeof b === "string") return false;
  if (ta === "number" && typeof b === "number") return false;
  return isTruthy(richCompare(a, b, CompareOp.EQ));
}

/** Rich comparison: the result of `a op b` (usually a bool, but __lt__ may return anything). */
export function richCompare(a: PyValue, b: PyValue, op: number): PyValue {
  if (typeof a === "number" && typeof b === "number") {
    switch (op) {
      case CompareOp.LT:
        return a < b;
      case CompareOp.LE:
        return a <= b;
      case CompareOp.EQ:
        return a === b;
      case CompareOp.NE:
        return a !== b;
      case CompareOp.GT:
        return a > b;
      default:
        return a >= b;
    }
  }
  if (typeof a === "string" && typeof b === "string") {
    switch (op) {
      case CompareOp.LT:
        return a < b;
      case CompareOp.LE:
        return a <= b;
      case CompareOp.EQ:
        return a === b;
      case CompareOp.NE:
        return a !== b;
      case CompareOp.GT:
        return a > b;
      default:
        return a >= b;
    }
  }
  const ta = typeOf(a);
  const tb = typeOf(b);
  // A right operand of a subclass type gets the first chance (Python's rule).
  if (tb !== ta && tb.compareSlot !== null && tb.isSubclassOf(ta) && tb.isHeapType) {
    const r = tb.compareSlot(b, a, SWAPPED_COMPARE[op]);
    if (r !== NotImplemented) return r;
  }
  if (ta.compareSlot !== null) {
    const r = ta.compareSlot(a, b, op);
    if (r !== NotImplemented) return r;
  }
  if (tb.compareSlot !== null && tb !== ta) {
    const r = tb.compareSlot(b, a, SWAPPED_COMPARE[op]);
    if (r !== NotImplemented) return r;
  }
  if (op === CompareOp.EQ) return a === b;
  if (op === CompareOp.NE) return a !== b;
  raise(PyTypeError, `unsupported types for ${COMPARE_OP_NAMES[op]}: '${ta.name}', '${tb.name}'`);
}

export function compareBool(a: PyValue, b: PyValue, op: number): boolean {
  const r = richCompare(a, b, op);
  return typeof r === "boolean" ? r : isTruthy(r);
}

/** `a < b` for sorting and min/max. */
export function lessThan(a: PyValue, b: PyValue): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (typeof a === "string" && typeof b === "string") return a < b;
  return compareBool(a, b, CompareOp.LT);
}

// ---- arithmetic ----

export function binaryOp(a: PyValue, b: PyValue, op: number): PyValue {
  if (typeof a === "number" && typeof b === "number") return intBinary(a, b, op & 15);
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (op >= BinaryOp.INPLACE) {
    if (ta.binarySlot !== null) {
      const r = ta.binarySlot(a, b, op);
      if (r !== NotImplemented) return r;
    }
    op -= BinaryOp.INPLACE;
  }
  if (tb !== ta && tb.rbinarySlot !== null && tb.isHeapType && tb.isSubclassOf(ta)) {
    const r = tb.rbinarySlot(b, a, op);
    if (r !== NotImplemented) return r;
  }
  if (ta.binarySlot !== null) {
    const r = ta.binarySlot(a, b, op);
    if (r !== NotImplemented) return r;
  }
  if (tb.rbinarySlot !== null) {
    const r = tb.rbinarySlot(b, a, op);
    if (r !== NotImplemented) return r;
  }
  raise(PyTypeError, `unsupported types for ${BINARY_OP_NAMES[op]}: '${ta.name}', '${tb.name}'`);
}

export function unaryOp(a: PyValue, op: number): PyValue {
  const type = typeOf(a);
  if (type.unarySlot !== null) {
    const r = type.unarySlot(a, op);
    if (r !== NotImplemented) return r;
    // A user __neg__ (etc.) that returns NotImplemented returns just that: MicroPython
    // gives unary methods no fallback to stand in for.
    if (type.isHeapType && type.lookup(UNARY_OP_NAMES[op]) !== undefined) return r;
  }
  raise(PyTypeError, `unsupported type for ${UNARY_OP_NAMES[op]}: '${type.name}'`);
}

/** `not a` and `a is b` need no dispatch; kept here for completeness of the protocol. */
export function intCompareOp(a: number | bigint, b: number | bigint, op: number): boolean {
  return intCompare(a, b, op);
}

// ---- containers ----

export function len(value: PyValue): number {
  if (typeof value === "string") return strLength(value);
  const type = typeOf(value);
  if (type.lenSlot !== null) return type.lenSlot(value);
  raise(PyTypeError, `object of type '${type.name}' has no len()`);
}

/** Length in code points (JS length counts UTF-16 units). */
export function strLength(s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) return countCodePoints(s);
  }
  return n;
}

function countCodePoints(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    count++;
  }
  return count;
}

export function getItem(container: PyValue, key: PyValue): PyValue {
  const type = typeOf(container);
  if (type.getItemSlot !== null) return type.getItemSlot(container, key);
  raise(PyTypeError, `'${type.name}' object isn't subscriptable`);
}

export function setItem(container: PyValue, key: PyValue, value: PyValue): void {
  const type = typeOf(container);
  if (type.setItemSlot !== null) return type.setItemSlot(container, key, value);
  raise(PyTypeError, `'${type.name}' object doesn't support item assignment`);
}

export function delItem(container: PyValue, key: PyValue): void {
  const type = typeOf(container);
  if (type.delItemSlot !== null) return type.delItemSlot(container, key);
  raise(PyTypeError, `'${type.name}' object doesn't support item deletion`);
}

export function contains(container: PyValue, value: PyValue): boolean {
  const type = typeOf(container);
  if (type.containsSlot !== null) return type.containsSlot(container, value);
  // Fall back to iteration, as Python does.
  const it = getIter(container);
  for (;;) {
    const item = iterNext(it);
    if (item === undefined) return false;
    if (equals(item, value)) return true;
  }
}

// ---- iteration ----

export function getIter(value: PyValue): PyValue {
  const type = typeOf(value);
  if (type.iterSlot !== null) return type.iterSlot(value);
  if (type.getItemSlot !== null) return new SequenceIterator(value);
  raise(PyTypeError, `'${type.name}' object isn't iterable`);
}

/** The next item, or `undefined` when the iterator is exhausted. */
export function iterNext(iterator: PyValue): PyValue | undefined {
  const type = typeOf(iterator);
  if (type.nextSlot !== null) return type.nextSlot(iterator);
  raise(PyTypeError, `'${type.name}' object isn't an iterator`);
}

/** `next(it)` semantics: raises StopIteration when exhausted. */
export function next(iterator: PyValue): PyValue {
  const item = iterNext(iterator);
  if (item === undefined) throw new PyBaseException(PyStopIteration, []);
  return item;
}

/** Materialises any iterable into a fresh JS array. */
export function toArray(iterable: PyValue): PyValue[] {
  if (typeof iterable === "object" && iterable !== null) {
    const items = (iterable as { items?: PyValue[] }).items;
    if (items !== undefined && (iterable.type.name === "list" || iterable.type.name === "tuple")) {
      return items.slice();
    }
  }
  const out: PyValue[] = [];
  const it = getIter(iterable);
  for (;;) {
    const item = iterNext(it);
    if (item === undefined) return out;
    const length = out.push(item);
    if ((length & 4095) === 0) chargeMemory(4096 * 16);
    if (length > MAX_SEQUENCE_LENGTH) raise(PyMemoryError, "memory allocation failed");
  }
}

/**
 * Sequences never grow past this many items: a program asking for more gets
 * MicroPython's MemoryError instead of exhausting the host's memory.
 */
export const MAX_SEQUENCE_LENGTH = 1 << 24;

export const sequenceIteratorType = new PyType("iterator", []);

/** Iterates an object that only has __getitem__, until IndexError. */
export class SequenceIterator {
  type = sequenceIteratorType;
  dict = null;
  index = 0;
  constructor(public seq: PyValue) {}
}
sequenceIteratorType.iterSlot = (self) => self;
sequenceIteratorType.nextSlot = (self: SequenceIterator) => {
  if (self.seq === null) return undefined;
  try {
    return getItem(self.seq, self.index++);
  } catch (e) {
    if (
      e instanceof PyBaseException &&
      (e.type.isSubclassOf(PyIndexError) || e.type.isSubclassOf(PyStopIteration))
    ) {
      self.seq = null;
      return undefined;
    }
    throw e;
  }
};
