/**
 * `array`: compact arrays of numbers with a typecode (see typed_buffer.ts), a
 * growable byte buffer underneath, the buffer protocol, and MicroPython's small
 * method set (append, extend) plus indexing, slicing, + and +=.
 */

import { PyObject, type PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { PyType } from "../objects/type.ts";
import { native } from "../objects/function.ts";
import { PyIndexError, PyTypeError, PyValueError, raise } from "../objects/exception.ts";
import { NotImplemented } from "../objects/singletons.ts";
import { BinaryOp } from "../compiler/bytecode.ts";
import { equals, getIter, iterNext, repr } from "../objects/ops.ts";
import { PySlice, resolveSlice } from "../objects/slice.ts";
import { asInt } from "../objects/int.ts";
import { bufferOf, PyByteArray, PyBytes } from "../objects/bytes.ts";
import { checkTypecode, ITEM_SIZES, readItem, writeItem } from "../objects/typed_buffer.ts";
import { typeName } from "../objects/typeof.ts";
import { compareSequences } from "../objects/list.ts";

export const arrayType = new PyType("array", []);
const arrayIteratorType = new PyType("array_iterator", []);

export class PyArray extends PyObject {
  typecode: string;
  itemSize: number;
  buffer: Uint8Array;
  view: DataView;
  length: number;
  /** The live bytes of the items (buffer protocol). */
  data: Uint8Array;

  constructor(typecode: string, type: PyType = arrayType) {
    super(type);
    this.typecode = typecode;
    this.itemSize = ITEM_SIZES[typecode];
    this.buffer = new Uint8Array(0);
    this.view = new DataView(this.buffer.buffer);
    this.length = 0;
    this.data = this.buffer;
  }

  private reserve(items: number): void {
    const need = items * this.itemSize;
    if (need <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(need, this.buffer.length * 2, 16));
    grown.set(this.buffer.subarray(0, this.length * this.itemSize));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  get(i: number): PyValue {
    return readItem(this.view, this.typecode, i);
  }

  set(i: number, value: PyValue): void {
    writeItem(this.view, this.typecode, i, value);
  }

  push(value: PyValue): void {
    this.reserve(this.length + 1);
    writeItem(this.view, this.typecode, this.length, value);
    this.length++;
    this.data = this.buffer.subarray(0, this.length * this.itemSize);
  }

  pushBytes(bytes: Uint8Array): void {
    if (bytes.length % this.itemSize !== 0) {
      raise(PyValueError, "bytes length not a multiple of item size");
    }
    const n = bytes.length / this.itemSize;
    this.reserve(this.length + n);
    this.buffer.set(bytes, this.length * this.itemSize);
    this.length += n;
    this.data = this.buffer.subarray(0, this.length * this.itemSize);
  }

  items(): PyValue[] {
    const out = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.get(i);
    return out;
  }
}

function extend(a: PyArray, source: PyValue): void {
  if (source instanceof PyArray && source.typecode === a.typecode) {
    a.pushBytes(source.data.slice());
    return;
  }
  if (source instanceof PyBytes || source instanceof PyByteArray) {
    a.pushBytes(source.data.slice());
    return;
  }
  const it = getIter(source);
  for (;;) {
    const item = iterNext(it);
    if (item === undefined) return;
    a.push(item);
  }
}

function index(a: PyArray, key: PyValue): number {
  let i = asInt(key);
  if (i === undefined) raise(PyTypeError, `array indices must be integers, not ${typeName(key)}`);
  i = Number(i);
  if (i < 0) i += a.length;
  if (i < 0 || i >= a.length) raise(PyIndexError, "array index out of range");
  return i;
}

function sliced(a: PyArray, s: PySlice): PyArray {
  const { start, step, count } = resolveSlice(s, a.length);
  const out = new PyArray(a.typecode);
  if (step === 1) out.pushBytes(a.data.slice(start * a.itemSize, (start + count) * a.itemSize));
  else for (let i = 0, j = start; i < count; i++, j += step) out.push(a.get(j));
  return out;
}

arrayType.newSlot = (_cls, args) => {
  if (args.length < 1 || args.length > 2) {
    raise(PyTypeError, "function takes 1 or 2 positional arguments");
  }
  const a = new PyArray(checkTypecode(args[0]));
  if (args.length === 2) extend(a, args[1]);
  return a;
};
arrayType.reprSlot = (a: PyArray) => {
  if (a.length === 0) return `array('${a.typecode}')`;
  return `array('${a.typecode}', [${a.items().map(repr).join(", ")}])`;
};
arrayType.lenSlot = (a: PyArray) => a.length;
arrayType.boolSlot = (a: PyArray) => a.length !== 0;
arrayType.bufferSlot = (a: PyArray) => a.data;
arrayType.unhashable = true;
arrayType.getItemSlot = (
  a: PyArray,
  key,
) => (key instanceof PySlice ? sliced(a, key) : a.get(index(a, key)));
arrayType.setItemSlot = (a: PyArray, key, value) => {
  if (key instanceof PySlice) {
    const src = value instanceof PyArray ? value : null;
    if (src === null) raise(PyTypeError, "array slice assignment needs an array");
    const { start, step, count } = resolveSlice(key, a.length);
    if (step !== 1 || src.length !== count) {
      raise(PyValueError, "slice assignment of a different length");
    }
    for (let i = 0; i < count; i++) a.set(start + i, src.get(i));
    return;
  }
  a.set(index(a, key), value);
};
arrayType.containsSlot = (a: PyArray, v) => a.items().some((x) => equals(x, v));
arrayType.iterSlot = (a: PyArray) => new ArrayIterator(a);
arrayType.binarySlot = (a: PyArray, other, op) => {
  if ((op & 15) !== BinaryOp.ADD) return NotImplemented;
  const bytes = bufferOf(other);
  if (bytes === undefined) return NotImplemented;
  // As MicroPython: the other operand's raw bytes are appended, read as this
  // array's items (array('b', [1]) + array('h', [1]) is array('b', [1, 1, 0])).
  const target = op & BinaryOp.INPLACE ? a : new PyArray(a.typecode);
  if (target !== a) target.pushBytes(a.data.slice());
  target.pushBytes(bytes.slice(0, bytes.length - (bytes.length % a.itemSize)));
  return target;
};
arrayType.compareSlot = (a: PyArray, other, op) => {
  // Arrays compare with arrays only (item by item), never with bytes.
  if (!(other instanceof PyArray)) return NotImplemented;
  return compareSequences(a.items(), other.items(), op);
};
arrayType.define(
  "append",
  native("append", 2, 2, (args) => {
    (args[0] as PyArray).push(args[1]);
    return null;
  }),
);
arrayType.define(
  "extend",
  native("extend", 2, 2, (args) => {
    extend(args[0] as PyArray, args[1]);
    return null;
  }),
);

class ArrayIterator extends PyObject {
  index = 0;
  constructor(public array: PyArray) {
    super(arrayIteratorType);
  }
}
arrayIteratorType.iterSlot = (it) => it;
arrayIteratorType.nextSlot = (
  it: ArrayIterator,
) => (it.index < it.array.length ? it.array.get(it.index++) : undefined);

registerBuiltinModule("array", (m: PyModule) => {
  m.dict.setStr("array", arrayType);
});
