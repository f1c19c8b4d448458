/**
 * `bytes` and `bytearray`: byte strings over a Uint8Array.
 *
 * bytes is immutable; bytearray keeps a growable buffer and exposes the live
 * contents as `data` (a subarray re-made after every size change), so code that
 * reads either type just reads `.data`. Both support the buffer protocol
 * (bufferSlot), indexing to ints, slicing, concatenation with any buffer, and
 * MicroPython's repr (b'...' with \xNN escapes).
 */

import { checkArity } from "./function.ts";
import { chargeMemory } from "../vm/limits.ts";
import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { BinaryOp, CompareOp } from "../compiler/bytecode.ts";
import {
  PyIndexError,
  PyMemoryError,
  PyNotImplementedError,
  PyTypeError,
  PyValueError,
  raise,
  unimplementedKeywords,
} from "./exception.ts";
import { NotImplemented } from "./singletons.ts";
import { asInt, checkRepeatSize, machineWord } from "./int.ts";
import { PyFloat } from "./float.ts";
import { getIter, iterNext } from "./ops.ts";
import { PySlice, resolveUnitSlice } from "./slice.ts";
import { typeName, typeOf } from "./typeof.ts";
import { bytesHash } from "./str_hash.ts";
import { asStr } from "./str.ts";
import { hexString } from "./hex.ts";

export const bytesType = new PyType("bytes", []);
export const bytearrayType = new PyType("bytearray", []);
export const bytesIteratorType = new PyType("bytes_iterator", []);

export class PyBytes extends PyObject {
  data: Uint8Array;
  constructor(data: Uint8Array, type: PyType = bytesType) {
    super(type);
    this.data = data;
  }
}

export class PyByteArray extends PyObject {
  data: Uint8Array;
  buffer: Uint8Array;
  constructor(data: Uint8Array, type: PyType = bytearrayType) {
    super(type);
    this.buffer = data;
    this.data = data;
  }

  /** Replaces the contents (copying `bytes` into a buffer with room to grow). */
  set(bytes: Uint8Array): void {
    if (bytes.length > this.buffer.length || bytes.buffer === this.buffer.buffer) {
      chargeMemory(Math.max(bytes.length, 8) * 2);
      this.buffer = new Uint8Array(Math.max(bytes.length, 8) * 2);
    }
    this.buffer.set(bytes);
    this.data = this.buffer.subarray(0, bytes.length);
  }

  append(bytes: Uint8Array): void {
    const n = this.data.length;
    if (n + bytes.length > this.buffer.length) {
      chargeMemory((n + bytes.length) * 2 + 8);
      const grown = new Uint8Array((n + bytes.length) * 2 + 8);
      grown.set(this.data);
      this.buffer = grown;
    }
    this.buffer.set(bytes, n);
    this.data = this.buffer.subarray(0, n + bytes.length);
  }
}

/** The bytes of any buffer-protocol object, or undefined. */
/**
 * The `hex()` method of bytes, bytearray and memoryview: a str, "" for empty data
 * (MicroPython returned b'' until its PR #18808, in 1.28).
 */
export function hexMethod(data: Uint8Array, sep: PyValue | undefined): PyValue {
  return hexString(data, sep);
}

export function bufferOf(v: PyValue): Uint8Array | undefined {
  if (v instanceof PyBytes || v instanceof PyByteArray) return v.data;
  if (typeof v === "object" && v !== null) {
    const slot = (v.type as PyType).bufferSlot;
    if (slot !== null) return slot(v);
  }
  return undefined;
}

export function bytesRepr(data: Uint8Array): string {
  let quote = "'";
  let hasSingle = false, hasDouble = false;
  for (const b of data) {
    if (b === 0x27) hasSingle = true;
    else if (b === 0x22) hasDouble = true;
  }
  if (hasSingle && !hasDouble) quote = '"';
  let out = "b" + quote;
  for (const b of data) {
    if (b === 0x5c) out += "\\\\";
    else if (b === quote.charCodeAt(0)) out += "\\" + quote;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else if (b === 0x0a) out += "\\n";
    else if (b === 0x0d) out += "\\r";
    else if (b === 0x09) out += "\\t";
    else out += "\\x" + b.toString(16).padStart(2, "0");
  }
  return out + quote;
}

/**
 * Bytes from an iterable of ints (bytes([1, 2]), bytearray(range(3))). bytes rejects values outside
 * 0..255; bytearray (construction and extend) keeps the low 8 bits, as MicroPython 1.x does.
 */
export function bytesFromIterable(v: PyValue, wrap = false): Uint8Array {
  const out: number[] = [];
  const it = getIter(v);
  for (;;) {
    const item = iterNext(it);
    if (item === undefined) break;
    const n = asInt(item);
    if (n === undefined) raise(PyTypeError, `can't convert ${typeName(item)} to int`);
    if (wrap) out.push(typeof n === "number" ? n & 0xff : Number(BigInt.asUintN(8, n)));
    else if (n < 0 || n > 255) raise(PyValueError, "bytes value out of range");
    else out.push(Number(n));
  }
  return Uint8Array.from(out);
}

let encodeHook: (text: string, encoding: PyValue) => Uint8Array = (text) =>
  new TextEncoder().encode(text);
/** Set by the codec module so bytes(str, encoding) and str.encode share one implementation. */
export function setEncodeHook(fn: (text: string, encoding: PyValue) => Uint8Array): void {
  encodeHook = fn;
}

/** bytes(...) / bytearray(...) construction, shared. */
export function bytesFromArgs(args: PyValue[], wrap = false): Uint8Array {
  if (args.length === 0) return new Uint8Array(0);
  const x = args[0];
  const text = asStr(x);
  if (text !== undefined) {
    if (args.length < 2) raise(PyTypeError, "string argument without an encoding");
    return encodeHook(text, args[1]);
  }
  const n = asInt(x);
  if (n !== undefined && typeof x !== "boolean") {
    if (machineWord(n) < 0) raise(PyValueError, "");
    if (n > 0x40000000) raise(PyMemoryError, "memory allocation failed");
    chargeMemory(Number(n));
    return new Uint8Array(Number(n));
  }
  const buf = bufferOf(x);
  if (buf !== undefined) return buf.slice();
  return bytesFromIterable(x, wrap);
}

function byteIndex(data: Uint8Array, key: PyValue, what: string): number {
  const k = typeof key === "number" ? key : asInt(key);
  if (k === undefined) raise(PyTypeError, `${what} indices must be integers, not ${typeName(key)}`);
  let i = machineWord(k);
  if (i < 0) i += data.length;
  if (i < 0 || i >= data.length) raise(PyIndexError, `${what} index out of range`);
  return i;
}

export function sliceBytes(data: Uint8Array, s: PySlice): Uint8Array {
  const { start, step, count } = resolveUnitSlice(s, data.length);
  if (step === 1) return data.slice(start, start + count);
  const out = new Uint8Array(count);
  for (let i = 0, j = start; i < count; i++, j += step) out[i] = data[j];
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length + b.length > 4096) chargeMemory(a.length + b.length);
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function repeat(data: Uint8Array, times: PyValue): Uint8Array | undefined {
  const n = asInt(times);
  if (n === undefined) return undefined;
  if (n <= 0) return new Uint8Array(0);
  checkRepeatSize(data.length, n);
  if (machineWord(n) * data.length > 0x40000000) {
    raise(PyMemoryError, "memory allocation failed");
  }
  chargeMemory(data.length * Number(n));
  const out = new Uint8Array(data.length * Number(n));
  for (let i = 0; i < n; i++) out.set(data, i * data.length);
  return out;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function containsBytes(data: Uint8Array, v: PyValue): boolean {
  const n = asInt(v);
  if (n !== undefined && typeof v !== "boolean") {
    if (n < 0 || n > 255) raise(PyValueError, "byte must be in range(0, 256)");
    return data.includes(Number(n));
  }
  const needle = bufferOf(v);
  if (needle === undefined) {
    raise(PyTypeError, `can't convert '${typeName(v)}' object to bytes implicitly`);
  }
  return indexOfBytes(data, needle, 0) >= 0;
}

export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

class PyBytesIterator extends PyObject {
  index = 0;
  constructor(public source: PyBytes | PyByteArray) {
    super(bytesIteratorType);
  }
}
bytesIteratorType.iterSlot = (it) => it;
bytesIteratorType.nextSlot = (it: PyBytesIterator) => {
  const data = it.source.data;
  return it.index < data.length ? data[it.index++] : undefined;
};

for (const type of [bytesType, bytearrayType]) {
  const mutable = type === bytearrayType;
  const make = (data: Uint8Array) => (mutable ? new PyByteArray(data) : new PyBytes(data));
  type.reprSlot = (self: PyBytes | PyByteArray) =>
    mutable ? `bytearray(${bytesRepr(self.data)})` : bytesRepr(self.data);
  type.lenSlot = (self) => self.data.length;
  type.boolSlot = (self) => self.data.length !== 0;
  type.bufferSlot = (self) => self.data;
  type.iterSlot = (self) => new PyBytesIterator(self);
  type.containsSlot = (self, v) => {
    // bytearray is one of MicroPython's array types: it finds sub-bytes but
    // does not search for a single number.
    if (mutable && (typeof v === "number" || typeof v === "bigint" || v instanceof PyFloat)) {
      raise(PyNotImplementedError);
    }
    return containsBytes(self.data, v);
  };
  type.getItemSlot = (self, key) => {
    if (key instanceof PySlice) return make(sliceBytes(self.data, key));
    return self.data[byteIndex(self.data, key, mutable ? "bytearray" : "bytes")];
  };
  type.binarySlot = (self, other, op) => {
    switch (op & 15) {
      case BinaryOp.ADD: {
        const b = bufferOf(other);
        if (b === undefined) return NotImplemented;
        if (mutable && op & BinaryOp.INPLACE) {
          (self as PyByteArray).append(b.slice());
          return self;
        }
        return make(concat(self.data, b));
      }
      case BinaryOp.MUL: {
        const r = repeat(self.data, other);
        if (r === undefined) return NotImplemented;
        if (mutable && op & BinaryOp.INPLACE) {
          (self as PyByteArray).set(r);
          return self;
        }
        return make(r);
      }
    }
    return NotImplemented;
  };
  type.rbinarySlot = (self, other, op) => {
    if (op !== BinaryOp.MUL) return NotImplemented;
    const r = repeat(self.data, other);
    return r === undefined ? NotImplemented : make(r);
  };
  type.compareSlot = (self, other, op) => {
    let b = other instanceof PyBytes || other instanceof PyByteArray ? other.data : undefined;
    if (b === undefined) {
      // As MicroPython: ordering compares with any buffer's bytes; equality is
      // left to the other side (a memoryview says equal, anything else is not).
      if (op === CompareOp.EQ || op === CompareOp.NE) return NotImplemented;
      b = bufferOf(other);
      if (b === undefined) return NotImplemented;
    }
    const c = compareBytes(self.data, b);
    switch (op) {
      case CompareOp.LT:
        return c < 0;
      case CompareOp.LE:
        return c <= 0;
      case CompareOp.EQ:
        return c === 0;
      case CompareOp.NE:
        return c !== 0;
      case CompareOp.GT:
        return c > 0;
      default:
        return c >= 0;
    }
  };
}

bytesType.hashSlot = (self: PyBytes) => bytesHash(self.data);
bytearrayType.unhashable = true;

bytesType.newSlot = (cls, args, kwnames) => {
  if (kwnames !== null && kwnames.length > 0) unimplementedKeywords();
  // MicroPython words this one check differently from its other constructors.
  if (args.length > 3) raise(PyTypeError, "wrong number of arguments");
  return new PyBytes(bytesFromArgs(args), cls);
};
bytearrayType.newSlot = (cls, args, kwnames) => {
  if (kwnames !== null && kwnames.length > 0) {
    raise(PyTypeError, "function doesn't take keyword arguments");
  }
  checkArity(args.length, 0, 3);
  return new PyByteArray(bytesFromArgs(args, true), cls);
};

bytearrayType.setItemSlot = (self: PyByteArray, key, value) => {
  if (key instanceof PySlice) {
    const { start, count } = resolveUnitSlice(key, self.data.length);
    const replacement = bufferOf(value);
    if (replacement === undefined) {
      raise(PyNotImplementedError, "array/bytes required on right side");
    }
    const data = self.data;
    self.set(concat(concat(data.slice(0, start), replacement), data.slice(start + count)));
    return;
  }
  const n = asInt(value);
  if (n === undefined) raise(PyTypeError, `can't convert ${typeName(value)} to int`);
  self.data[byteIndex(self.data, key, "bytearray")] = Number(n) & 0xff;
};
// MicroPython's bytearray has no item or slice deletion.
bytearrayType.delItemSlot = () => {
  raise(PyTypeError, "'bytearray' object doesn't support item deletion");
};

export { typeOf };
