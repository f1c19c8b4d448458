/**
 * The lazy iterator builtins: enumerate, zip, map, filter, reversed. Each is a
 * type whose instances wrap JS state; `next` returns undefined when exhausted.
 */

import { PyObject, type PyValue } from "../objects/base.ts";
import { PyType } from "../objects/type.ts";
import { getItem, getIter, isTruthy, iterNext, len } from "../objects/ops.ts";
import { callValue } from "../vm/call.ts";
import { makeTuple } from "../objects/tuple.ts";
import { parseKwargs, positionalCount } from "../objects/function.ts";
import { PyRuntimeError, PyTypeError, raise } from "../objects/exception.ts";
import { activeVM } from "../vm/state.ts";
import { asInt } from "../objects/int.ts";
import { PyList } from "../objects/list.ts";
import { PyTuple } from "../objects/tuple.ts";
import { PyRange } from "../objects/range.ts";
import { typeName, typeOf } from "../objects/typeof.ts";

export const enumerateType = new PyType("enumerate", []);
export const zipType = new PyType("zip", []);
export const mapType = new PyType("map", []);
export const filterType = new PyType("filter", []);
export const reversedType = new PyType("reversed", []);

/**
 * The next item of an iterator that an enumerate/zip/map/filter wraps. Each nesting
 * level counts towards the recursion limit, as in MicroPython (whose C stack check
 * stops a tower of thousands of wrapped iterators with RuntimeError).
 */
function innerNext(iterator: PyValue): PyValue | undefined {
  const vm = activeVM();
  if (++vm.depth > vm.limits.recursionLimit) {
    vm.depth--;
    raise(PyRuntimeError, "maximum recursion depth exceeded");
  }
  try {
    return iterNext(iterator);
  } finally {
    vm.depth--;
  }
}

class EnumerateIterator extends PyObject {
  constructor(public iterator: PyValue, public index: number | bigint) {
    super(enumerateType);
  }
}
enumerateType.newSlot = (_cls, args, kwnames) => {
  const kw = parseKwargs(args, kwnames, ["iterable", "start"]);
  const npos = positionalCount(args, kwnames);
  const iterable = npos > 0 ? args[0] : kw?.get("iterable");
  if (iterable === undefined) {
    raise(PyTypeError, "function missing 1 required positional arguments");
  }
  const start = npos > 1 ? args[1] : kw?.get("start") ?? 0;
  const startIndex = asInt(start);
  if (startIndex === undefined) raise(PyTypeError, `can't convert ${typeName(start)} to int`);
  return new EnumerateIterator(getIter(iterable), startIndex);
};
enumerateType.iterSlot = (it) => it;
enumerateType.nextSlot = (it: EnumerateIterator) => {
  const item = innerNext(it.iterator);
  if (item === undefined) return undefined;
  const i = it.index;
  it.index = typeof i === "number" ? i + 1 : i + 1n;
  return makeTuple([i, item]);
};

class ZipIterator extends PyObject {
  constructor(public iterators: PyValue[]) {
    super(zipType);
  }
}
zipType.newSlot = (_cls, args) => new ZipIterator(args.map(getIter));
zipType.iterSlot = (it) => it;
zipType.nextSlot = (it: ZipIterator) => {
  if (it.iterators.length === 0) return undefined;
  const items = new Array(it.iterators.length);
  for (let i = 0; i < items.length; i++) {
    const v = innerNext(it.iterators[i]);
    if (v === undefined) return undefined;
    items[i] = v;
  }
  return makeTuple(items);
};

class MapIterator extends PyObject {
  constructor(public fn: PyValue, public iterators: PyValue[]) {
    super(mapType);
  }
}
mapType.newSlot = (_cls, args) => {
  if (args.length < 2) raise(PyTypeError, "function takes at least 2 positional arguments");
  return new MapIterator(args[0], args.slice(1).map(getIter));
};
mapType.iterSlot = (it) => it;
mapType.nextSlot = (it: MapIterator) => {
  const items = new Array(it.iterators.length);
  for (let i = 0; i < items.length; i++) {
    const v = innerNext(it.iterators[i]);
    if (v === undefined) return undefined;
    items[i] = v;
  }
  return callValue(it.fn, items, null);
};

class FilterIterator extends PyObject {
  constructor(public fn: PyValue, public iterator: PyValue) {
    super(filterType);
  }
}
filterType.newSlot = (_cls, args) => {
  if (args.length !== 2) raise(PyTypeError, "function takes 2 positional arguments");
  return new FilterIterator(args[0], getIter(args[1]));
};
filterType.iterSlot = (it) => it;
filterType.nextSlot = (it: FilterIterator) => {
  for (;;) {
    const v = innerNext(it.iterator);
    if (v === undefined) return undefined;
    if (isTruthy(it.fn === null ? v : callValue(it.fn, [v], null))) return v;
  }
};

class ReversedIterator extends PyObject {
  constructor(public seq: PyValue, public index: number) {
    super(reversedType);
  }
}
reversedType.newSlot = (_cls, args) => {
  if (args.length !== 1) raise(PyTypeError, "function takes 1 positional arguments");
  const seq = args[0];
  const type = typeOf(seq);
  if (type.isHeapType) {
    const method = type.lookup("__reversed__");
    if (method !== undefined) return callValue(method, [seq], null);
  }
  if (seq instanceof PyList || seq instanceof PyTuple) {
    return new ReversedIterator(seq, seq.items.length - 1);
  }
  // Only a length is needed up front (MicroPython's order): a sized object that
  // cannot be indexed, like a set, fails on the first step instead.
  if (seq instanceof PyRange || type.lenSlot !== null || typeof seq === "string") {
    return new ReversedIterator(seq, len(seq) - 1);
  }
  // MicroPython asks for a length first, so that is what it reports missing.
  raise(PyTypeError, `object of type '${type.name}' has no len()`);
};
reversedType.iterSlot = (it) => it;
reversedType.nextSlot = (it: ReversedIterator) => {
  if (it.index < 0) return undefined;
  const seq = it.seq;
  if (seq instanceof PyList || seq instanceof PyTuple) {
    if (it.index >= seq.items.length) {
      it.index = -1;
      return undefined;
    }
    return seq.items[it.index--];
  }
  return getItem(seq, it.index--);
};
