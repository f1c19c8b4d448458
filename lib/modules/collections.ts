/**
 * `collections`: namedtuple (a tuple subclass whose fields are also attributes),
 * OrderedDict (a dict; upy's dicts keep insertion order), and deque (a bounded
 * double-ended queue; appending to a full deque drops from the other end).
 */

import { PyObject, type PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { PyType } from "../objects/type.ts";
import { native, PyClassMethod, type PyNativeFunction } from "../objects/function.ts";
import { PyIndexError, PyTypeError, PyValueError, raise } from "../objects/exception.ts";
import { PyTuple, tupleType } from "../objects/tuple.ts";
import { dictType, PyDict, setOrderedDictType } from "../objects/dict.ts";
import { PyList } from "../objects/list.ts";
import { getIter, iterNext, repr, toArray } from "../objects/ops.ts";
import { asInt } from "../objects/int.ts";
import { PySlice } from "../objects/slice.ts";
import { typeName } from "../objects/typeof.ts";
import { createClass } from "../objects/class.ts";
import { getter } from "../objects/property.ts";
import { CompareOp } from "../compiler/bytecode.ts";

// ---- namedtuple ----

function fieldNames(spec: PyValue): string[] {
  if (typeof spec === "string") return spec.replace(/,/g, " ").split(" ").filter((s) => s !== "");
  if (spec instanceof PyList || spec instanceof PyTuple) {
    return spec.items.map((f) => {
      if (typeof f !== "string") raise(PyTypeError, "field names must be str");
      return f;
    });
  }
  raise(PyTypeError, `can't convert '${typeName(spec)}' object to str implicitly`);
}

function makeNamedTuple(name: string, fields: string[]): PyType {
  const ns = new PyDict();
  const cls = createClass(name, [tupleType], ns, tupleType.type as PyType);
  cls.newSlot = (type, args, kwnames) => {
    const npos = kwnames === null ? args.length : args.length - kwnames.length;
    if (args.length !== fields.length) {
      raise(
        PyTypeError,
        `${name}() takes ${fields.length} positional arguments but ${args.length} were given`,
      );
    }
    const values: PyValue[] = args.slice(0, npos);
    if (kwnames !== null) {
      kwnames.forEach((k, i) => {
        const at = fields.indexOf(k);
        if (at < 0) raise(PyTypeError, `unexpected keyword argument '${k}'`);
        if (values[at] !== undefined) {
          raise(PyTypeError, `function got multiple values for argument '${k}'`);
        }
        values[at] = args[npos + i];
      });
    }
    for (let i = 0; i < fields.length; i++) {
      if (values[i] === undefined) {
        raise(PyTypeError, `function missing required positional argument #${i + 1}`);
      }
    }
    return new PyTuple(values, type);
  };
  cls.initSlot = null;
  cls.reprSlot = (t: PyTuple) =>
    `${name}(${fields.map((f, i) => `${f}=${repr(t.items[i])}`).join(", ")})`;
  fields.forEach((f, i) => cls.ns.set(f, getter((t: PyTuple) => t.items[i])));
  cls.ns.set("_fields", new PyTuple(fields.slice()));
  cls.ns.set(
    "_asdict",
    native("_asdict", 1, 1, (a) => {
      const d = new PyDict();
      fields.forEach((f, i) => d.setStr(f, (a[0] as PyTuple).items[i]));
      return d;
    }),
  );
  cls.ns.set(
    "_replace",
    native("_replace", 1, 1, (a, kw) => {
      const t = a[0] as PyTuple;
      const items = t.items.slice();
      (kw ?? []).forEach((k, i) => {
        const at = fields.indexOf(k);
        if (at < 0) raise(PyValueError, `Got unexpected field names: ['${k}']`);
        items[at] = a[1 + i];
      });
      return new PyTuple(items, t.type);
    }, true),
  );
  // Native methods of this user-visible class: they bind the tuple as self.
  for (const method of ["_asdict", "_replace"]) {
    (cls.ns.get(method) as PyNativeFunction).selfTypes = [cls];
  }
  cls.ns.set(
    "_make",
    new PyClassMethod(native("_make", 2, 2, (a) => new PyTuple(toArray(a[1]), a[0] as PyType))),
  );
  return cls;
}

// ---- deque ----

export const dequeType = new PyType("deque", []);
const dequeIteratorType = new PyType("deque_iterator", []);

class PyDeque extends PyObject {
  items: PyValue[];
  maxlen: number;
  /** deque(iterable, maxlen, flags): bit 0 makes a push onto a full deque an IndexError. */
  refuseWhenFull: boolean;
  constructor(maxlen: number, refuseWhenFull: boolean) {
    super(dequeType);
    this.items = [];
    this.maxlen = maxlen;
    this.refuseWhenFull = refuseWhenFull;
  }
  push(v: PyValue, left: boolean): void {
    if (this.refuseWhenFull && this.items.length === this.maxlen) raise(PyIndexError, "full");
    if (left) this.items.unshift(v);
    else this.items.push(v);
    if (this.maxlen >= 0 && this.items.length > this.maxlen) {
      if (left) this.items.pop();
      else this.items.shift();
    }
  }
}

dequeType.newSlot = (_cls, args) => {
  if (args.length < 2) {
    raise(PyTypeError, `function missing ${2 - args.length} required positional arguments`);
  }
  if (args.length > 3) {
    raise(PyTypeError, `function expected at most 3 arguments, got ${args.length}`);
  }
  let maxlen = -1;
  if (args.length >= 2 && args[1] !== null) {
    const n = asInt(args[1]);
    if (n === undefined) raise(PyTypeError, `can't convert ${typeName(args[1])} to int`);
    if (n < 0) raise(PyValueError);
    maxlen = Number(n);
  }
  let refuseWhenFull = false;
  if (args.length === 3) {
    const flags = asInt(args[2]);
    if (flags === undefined) raise(PyTypeError, `can't convert ${typeName(args[2])} to int`);
    refuseWhenFull = (Number(BigInt.asIntN(32, BigInt(flags))) & 1) !== 0;
  }
  const d = new PyDeque(maxlen, refuseWhenFull);
  for (const item of toArray(args[0])) d.push(item, false);
  return d;
};
dequeType.lenSlot = (d: PyDeque) => d.items.length;
dequeType.boolSlot = (d: PyDeque) => d.items.length !== 0;
// MicroPython's deque has no repr of its own.
dequeType.reprSlot = () => "<deque>";
dequeType.unhashable = true;
dequeType.iterSlot = (d: PyDeque) => new DequeIterator(d);
dequeType.getItemSlot = (d: PyDeque, key) => {
  if (key instanceof PySlice) raise(PyTypeError, "deque indices must be integers");
  let i = Number(asInt(key) ?? raise(PyTypeError, "deque indices must be integers"));
  if (i < 0) i += d.items.length;
  if (i < 0 || i >= d.items.length) raise(PyIndexError, "deque index out of range");
  return d.items[i];
};
dequeType.setItemSlot = (d: PyDeque, key, value) => {
  let i = Number(asInt(key) ?? raise(PyTypeError, "deque indices must be integers"));
  if (i < 0) i += d.items.length;
  if (i < 0 || i >= d.items.length) raise(PyIndexError, "deque index out of range");
  d.items[i] = value;
};
dequeType.containsSlot = (d: PyDeque, v) => d.items.some((x) => equals(x, v));
const def = (name: string, min: number, max: number, fn: (d: PyDeque, a: PyValue[]) => PyValue) =>
  dequeType.define(name, native(name, min, max, (a) => fn(a[0] as PyDeque, a)));
def("append", 2, 2, (d, a) => (d.push(a[1], false), null));
def("appendleft", 2, 2, (d, a) => (d.push(a[1], true), null));
def("extend", 2, 2, (d, a) => {
  for (const v of toArray(a[1])) d.push(v, false);
  return null;
});
def("extendleft", 2, 2, (d, a) => {
  for (const v of toArray(a[1])) d.push(v, true);
  return null;
});
def("pop", 1, 1, (d) => {
  if (d.items.length === 0) raise(PyIndexError, "empty");
  return d.items.pop();
});
def("popleft", 1, 1, (d) => {
  if (d.items.length === 0) raise(PyIndexError, "empty");
  return d.items.shift();
});
def("clear", 1, 1, (d) => {
  d.items.length = 0;
  return null;
});

class DequeIterator extends PyObject {
  index = 0;
  constructor(public deque: PyDeque) {
    super(dequeIteratorType);
  }
}
dequeIteratorType.iterSlot = (it) => it;
dequeIteratorType.nextSlot = (it: DequeIterator) =>
  it.index < it.deque.items.length ? it.deque.items[it.index++] : undefined;

import { equals } from "../objects/ops.ts";

// ---- OrderedDict ----

const orderedDictType = createClass(
  "OrderedDict",
  [dictType],
  new PyDict(),
  dictType.type as PyType,
);
orderedDictType.isHeapType = false;
orderedDictType.reprSlot = (d: PyDict) => {
  const parts: string[] = [];
  for (const [k, v] of d.entries()) parts.push(`${repr(k)}: ${repr(v)}`);
  return `OrderedDict({${parts.join(", ")}})`;
};

// Two OrderedDicts are equal only with the same items in the same order (and,
// as MicroPython has it, never equal to a plain dict: see setOrderedDictType).
setOrderedDictType(orderedDictType);
const dictCompare = dictType.compareSlot!;
orderedDictType.compareSlot = (self: PyDict, other, op) => {
  if (
    !(other instanceof PyDict) || other.type !== orderedDictType ||
    (op !== CompareOp.EQ && op !== CompareOp.NE)
  ) {
    return dictCompare(self, other, op);
  }
  let same = self.size === other.size;
  if (same) {
    const theirs = other.entries()[Symbol.iterator]();
    for (const [key, value] of self.entries()) {
      const [otherKey, otherValue] = theirs.next().value!;
      if (!equals(key, otherKey) || !equals(value, otherValue)) {
        same = false;
        break;
      }
    }
  }
  return op === CompareOp.EQ ? same : !same;
};

registerBuiltinModule("collections", (m: PyModule) => {
  const d = m.dict;
  d.setStr(
    "namedtuple",
    native("namedtuple", 2, 2, (a) => {
      if (typeof a[0] !== "string") raise(PyTypeError, "name must be str");
      return makeNamedTuple(a[0], fieldNames(a[1]));
    }),
  );
  d.setStr("deque", dequeType);
  d.setStr("OrderedDict", orderedDictType);
});

void getIter;
void iterNext;
