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
import {
  PyIndexError,
  PyMemoryError,
  PyNotImplementedError,
  PyTypeError,
  PyValueError,
  raise,
} from "../objects/exception.ts";
import { NotImplemented } from "../objects/singletons.ts";
import { BinaryOp } from "../compiler/bytecode.ts";
import { getIter, iterNext, repr } from "../objects/ops.ts";
import { PyFloat } from "../objects/float.ts";
import { PySlice, resolveUnitSlice } from "../objects/slice.ts";
import { asInt, machineWord } from "../objects/int.ts";
import { bufferOf, PyByteArray, PyBytes } from "../objects/bytes.ts";
import { checkTypecode, ITEM_SIZES, readItem, writeItem } from "../objects/typed_buffer.ts";
import { typeName, typeOf } from "../objects/typeof.ts";
import { compareSequences } from "../objects/list.ts";

export const arrayType = new PyType("array", []);
const arrayIteratorType = new PyType("array_iterator", []);

/**
 * Typecode "O" holds Python objects: they live in `objects`, and `data` stays
 * empty (such an array has no byte layout to share through the buffer protocol).
 */
export class PyArray extends PyObject {
  typecode: string;
  objects: PyValue[] | null;
  itemSize: number;
  buffer: Uint8Array;
  view: DataView;
  length: number;
  /** The live bytes of the items (buffer protocol). */
  data: Uint8Array;

  constructor(typecode: string, type: PyType = arrayType) {
    super(type);
    this.typecode = typecode;
    this.objects = typecode === "O" ? [] : null;
    this.itemSize = typecode === "O" ? 8 : ITEM_SIZES[typecode];
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
    if (this.objects !== null) return this.objects[i];
    return readItem(this.view, this.typecode, i);
  }

  set(i: number, value: PyValue): void {
    if (this.objects !== null) this.objects[i] = value;
    else writeItem(this.view, this.typecode, i, value);
  }

  push(value: PyValue): void {
    if (this.objects !== null) {
      this.objects.push(value);
      this.length++;
      return;
    }
    this.reserve(this.length + 1);
    writeItem(this.view, this.typecode, this.length, value);
    this.length++;
    this.data = this.buffer.subarray(0, this.length * this.itemSize);
  }

  /** Drops every item (the buffer is kept for reuse). */
  truncate(): void {
    if (this.objects !== null) this.objects = [];
    this.length = 0;
    this.data = this.buffer.subarray(0, 0);
  }

  pushBytes(bytes: Uint8Array): void {
    if (this.objects !== null) raise(PyTypeError, "array of objects has no byte layout");
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
  if (source instanceof PyArray && source.typecode === a.typecode && a.objects === null) {
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
  const { start, step, count } = resolveUnitSlice(s, a.length);
  const out = new PyArray(a.typecode);
  if (step === 1 && a.objects === null) {
    out.pushBytes(a.data.slice(start * a.itemSize, (start + count) * a.itemSize));
  } else for (let i = 0, j = start; i < count; i++, j += step) out.push(a.get(j));
  return out;
}

arrayType.newSlot = (_cls, args) => {
  if (args.length < 1 || args.length > 2) {
    raise(PyTypeError, "function takes 1 or 2 positional arguments");
  }
  const a = new PyArray(args[0] === "O" ? "O" : checkTypecode(args[0]));
  if (args.length === 2) {
    reserveFor(a, args[1]);
    extend(a, args[1]);
  }
  return a;
};

/**
 * MicroPython sizes a new array from its initializer's len() before iterating it,
 * so an initializer claiming an absurd length is a MemoryError even when its
 * iterator would yield only a few items.
 */
function reserveFor(a: PyArray, source: PyValue): void {
  if (source instanceof PyArray || source instanceof PyBytes || source instanceof PyByteArray) {
    return;
  }
  const type = typeOf(source);
  if (type.lenSlot === null || typeof source === "string") return;
  const n = Number(type.lenSlot(source));
  if (n * a.itemSize > MAX_ARRAY_BYTES) raise(PyMemoryError, "memory allocation failed");
}

/** The largest array a program may build: beyond it MicroPython's heap would be exhausted. */
const MAX_ARRAY_BYTES = 0x40000000;

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
    const { start, count } = resolveUnitSlice(key, a.length);
    const src = value instanceof PyArray ? value.items() : bytesAsItems(a, value);
    const items = a.items();
    items.splice(start, count, ...src);
    a.length = 0;
    a.objects = a.objects === null ? null : [];
    for (const item of items) a.push(item);
    return;
  }
  a.set(index(a, key), value);
};
/** `array * n` (and `*=`): the items n times over; n <= 0 leaves none. */
function repeated(a: PyArray, times: PyValue, inPlace: boolean): PyValue {
  const n = asInt(times);
  if (n === undefined) return NotImplemented;
  const count = n <= 0 ? 0 : machineWord(n);
  if (count * a.length * a.itemSize > MAX_ARRAY_BYTES) {
    raise(PyMemoryError, "memory allocation failed");
  }
  const target = inPlace ? a : new PyArray(a.typecode);
  if (a.objects !== null) {
    const items = a.objects.slice();
    if (inPlace) a.truncate();
    for (let r = 0; r < count; r++) for (const item of items) target.push(item);
    return target;
  }
  const bytes = a.data.slice();
  if (inPlace) a.truncate();
  for (let r = 0; r < count; r++) target.pushBytes(bytes);
  return target;
}

// As MicroPython's arrays: searching for a number is not implemented, anything else is absent.
arrayType.containsSlot = (_a: PyArray, v) => {
  if (typeof v === "number" || typeof v === "bigint" || v instanceof PyFloat) {
    raise(PyNotImplementedError);
  }
  return false;
};
arrayType.iterSlot = (a: PyArray) => new ArrayIterator(a);
arrayType.binarySlot = (a: PyArray, other, op) => {
  if ((op & 15) === BinaryOp.MUL) return repeated(a, other, (op & BinaryOp.INPLACE) !== 0);
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
  // Arrays compare with arrays only (item by item), never with bytes. MicroPython
  // compares the raw bytes, so it refuses layouts whose bytes mean different
  // things: two typecodes other than a signed/unsigned pair, and any float array.
  if (!(other instanceof PyArray)) return NotImplemented;
  const code = a.typecode.toLowerCase();
  if (code !== other.typecode.toLowerCase() || code === "f" || code === "d") {
    raise(PyNotImplementedError);
  }
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

/** The items a bytes-like right-hand side of `a[i:j] = ...` stands for, in a's typecode. */
function bytesAsItems(a: PyArray, value: PyValue): PyValue[] {
  const data = bufferOf(value);
  if (data === undefined || a.objects !== null) {
    raise(PyNotImplementedError, "array/bytes required on right side");
  }
  const view = new PyArray(a.typecode);
  view.pushBytes(data.slice());
  return view.items();
}
