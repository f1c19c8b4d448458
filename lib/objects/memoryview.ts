/**
 * `memoryview`: a window onto another object's buffer without copying. Slicing
 * gives a narrower window over the same bytes; item assignment writes through
 * (when the source is mutable); items are read with the source's typecode
 * (bytes: 'B', arrays: theirs).
 */

import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { PyIndexError, PyTypeError, raise } from "./exception.ts";
import { bufferOf, hexMethod, PyBytes } from "./bytes.ts";
import { asInt } from "./int.ts";
import { PySlice, resolveUnitSlice } from "./slice.ts";
import { checkArity, native } from "./function.ts";
import { ITEM_SIZES, readItem, writeItem } from "./typed_buffer.ts";
import { typeName } from "./typeof.ts";
import { CompareOp } from "../compiler/bytecode.ts";
import { NotImplemented } from "./singletons.ts";

export const memoryviewType = new PyType("memoryview", []);

export class PyMemoryView extends PyObject {
  source: PyValue;
  typecode: string;
  /** Offset and length in items into the source's current bytes. */
  start: number;
  length: number;
  readonly: boolean;
  constructor(source: PyValue, typecode: string, start: number, length: number, readonly: boolean) {
    super(memoryviewType);
    this.source = source;
    this.typecode = typecode;
    this.start = start;
    this.length = length;
    this.readonly = readonly;
  }

  /** The viewed bytes, re-read from the source (a bytearray may have reallocated). */
  get data(): Uint8Array {
    const size = ITEM_SIZES[this.typecode];
    return bufferOf(this.source)!.subarray(this.start * size, (this.start + this.length) * size);
  }

  view(): DataView {
    const d = this.data;
    return new DataView(d.buffer, d.byteOffset, d.byteLength);
  }
}

/**
 * memoryview(obj[, offset, size]): MicroPython's extension narrows the view to
 * `size` items from item `offset`, both clamped to the buffer (never an error).
 */
memoryviewType.newSlot = (_cls, args) => {
  // With no object the message is the single-argument form, as the reference gives it.
  checkArity(args.length, 1, args.length === 0 ? 1 : 3);
  const whole = wholeView(args[0]);
  if (args.length === 1) return whole;
  const start = clampedCount(args[1], whole.length);
  const length = args.length === 3
    ? clampedCount(args[2], whole.length - start)
    : whole.length - start;
  whole.start += start;
  whole.length = length;
  return whole;
};

function wholeView(given: PyValue): PyMemoryView {
  // A str exposes its UTF-8 bytes read-only, as MicroPython's str has the buffer protocol.
  const src = typeof given === "string" ? new PyBytes(new TextEncoder().encode(given)) : given;
  if (src instanceof PyMemoryView) {
    return new PyMemoryView(src.source, src.typecode, src.start, src.length, src.readonly);
  }
  const data = bufferOf(src);
  if (data === undefined) raise(PyTypeError, "object with buffer protocol required");
  const typecode = (src as { typecode?: string }).typecode ?? "B";
  return new PyMemoryView(
    src,
    typecode,
    0,
    data.length / ITEM_SIZES[typecode],
    src instanceof PyBytes,
  );
}

function clampedCount(value: PyValue, limit: number): number {
  const n = asInt(value);
  if (n === undefined) raise(PyTypeError, `can't convert ${typeName(value)} to int`);
  return Math.max(0, Math.min(Number(n), limit));
}
memoryviewType.reprSlot = () => "<memoryview>";
memoryviewType.lenSlot = (m: PyMemoryView) => m.length;
memoryviewType.bufferSlot = (m: PyMemoryView) => m.data;
memoryviewType.unhashable = true;

function itemIndex(m: PyMemoryView, key: PyValue): number {
  let i = asInt(key);
  if (i === undefined) {
    raise(PyTypeError, `memoryview indices must be integers, not ${typeName(key)}`);
  }
  i = Number(i);
  if (i < 0) i += m.length;
  if (i < 0 || i >= m.length) raise(PyIndexError, "memoryview index out of range");
  return i;
}

memoryviewType.getItemSlot = (m: PyMemoryView, key) => {
  if (key instanceof PySlice) {
    const { start, count } = resolveUnitSlice(key, m.length);
    return new PyMemoryView(m.source, m.typecode, m.start + start, count, m.readonly);
  }
  return readItem(m.view(), m.typecode, itemIndex(m, key));
};
memoryviewType.setItemSlot = (m: PyMemoryView, key, value) => {
  if (m.readonly) raise(PyTypeError, "'memoryview' object doesn't support item assignment");
  if (key instanceof PySlice) {
    const { start, step, count } = resolveUnitSlice(key, m.length);
    const src = bufferOf(value);
    if (src === undefined) raise(PyTypeError, "object with buffer protocol required");
    const size = ITEM_SIZES[m.typecode];
    if (step !== 1 || src.length !== count * size) {
      raise(valueError(), "memoryview slice assignment of the wrong size");
    }
    m.data.set(src, start * size);
    return;
  }
  writeItem(m.view(), m.typecode, itemIndex(m, key), value);
};
memoryviewType.iterSlot = (m: PyMemoryView) => {
  const items: PyValue[] = [];
  const view = m.view();
  for (let i = 0; i < m.length; i++) items.push(readItem(view, m.typecode, i));
  return new (listIterator())(items);
};
memoryviewType.compareSlot = (m: PyMemoryView, other, op) => {
  if (op !== CompareOp.EQ && op !== CompareOp.NE) return NotImplemented;
  const b = bufferOf(other);
  const a = m.data;
  const same = b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
  return op === CompareOp.EQ ? same : !same;
};
memoryviewType.define(
  "hex",
  native("hex", 1, 2, (a) => hexMethod((a[0] as PyMemoryView).data, a[1])),
);
memoryviewType.define(
  "tobytes",
  native("tobytes", 1, 1, (a) => new PyBytes((a[0] as PyMemoryView).data.slice())),
);

import { PyListIterator } from "./list.ts";
import { PyValueError } from "./exception.ts";
function listIterator() {
  return PyListIterator;
}
function valueError() {
  return PyValueError;
}

import { getter } from "./property.ts";
memoryviewType.define("itemsize", getter((m: PyMemoryView) => ITEM_SIZES[m.typecode]));
memoryviewType.define("readonly", getter((m: PyMemoryView) => m.readonly));
