/**
 * `struct`: packing values to bytes and back. Format: an optional byte-order
 * prefix (`@` native with alignment, `=` `<` `>` `!` standard sizes, no
 * alignment), then items `[count]code` with codes x c b B ? h H i I l L q Q e f d
 * s P. Native sizes are a 64-bit unix build's (l, L, P: 8 bytes).
 */

import type { PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";
import { PyTypeError, PyValueError, raise } from "../objects/exception.ts";
import { asInt, normBig } from "../objects/int.ts";
import { asFloat, PyFloat } from "../objects/float.ts";
import { bufferOf, PyBytes } from "../objects/bytes.ts";
import { makeTuple } from "../objects/tuple.ts";
import { isTruthy } from "../objects/ops.ts";
import { typeName } from "../objects/typeof.ts";

const STANDARD_SIZES: Record<string, number> = {
  x: 1,
  c: 1,
  b: 1,
  B: 1,
  h: 2,
  H: 2,
  i: 4,
  I: 4,
  l: 4,
  L: 4,
  q: 8,
  Q: 8,
  e: 2,
  f: 4,
  d: 8,
  s: 1,
  P: 8,
};
const NATIVE_SIZES: Record<string, number> = { ...STANDARD_SIZES, l: 8, L: 8 };

interface Item {
  code: string;
  count: number;
  size: number;
  offset: number;
}

interface Layout {
  little: boolean;
  items: Item[];
  size: number;
}

function parseFormat(fmt: string): Layout {
  let i = 0;
  let little = true;
  let native = true;
  const c0 = fmt[0];
  if (c0 === "<") {
    native = false;
    i = 1;
  } else if (c0 === ">" || c0 === "!") {
    little = false;
    native = false;
    i = 1;
  } else if (c0 === "@") i = 1;
  const sizes = native ? NATIVE_SIZES : STANDARD_SIZES;
  const items: Item[] = [];
  let offset = 0;
  while (i < fmt.length) {
    let ch = fmt[i];
    if (ch === " ") {
      i++;
      continue;
    }
    let count = 1;
    if (ch >= "0" && ch <= "9") {
      let j = i;
      while (j < fmt.length && fmt[j] >= "0" && fmt[j] <= "9") j++;
      count = Number(fmt.slice(i, j));
      i = j;
      ch = fmt[i];
      if (ch === undefined) raise(PyValueError, "bad typecode");
    }
    const size = sizes[ch];
    if (size === undefined) raise(PyValueError, "bad typecode");
    if (native && ch !== "s" && ch !== "x" && ch !== "c") offset = Math.ceil(offset / size) * size;
    items.push({ code: ch, count, size, offset });
    offset += size * count;
    i++;
  }
  return { little, items, size: offset };
}

function countValues(layout: Layout): number {
  let n = 0;
  for (const item of layout.items) n += item.code === "s" ? 1 : item.code === "x" ? 0 : item.count;
  return n;
}

function toFloat16(x: number): number {
  const f32 = new Float32Array([x]);
  const u = new Uint32Array(f32.buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  let mant = u & 0x7fffff;
  if (((u >>> 23) & 0xff) === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  if (exp >= 31) return sign | 0x7c00;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant = (mant | 0x800000) >> (1 - exp);
    return sign | ((mant + 0x1000) >> 13);
  }
  const half = sign | (exp << 10) | (mant >> 13);
  return (mant & 0x1000) !== 0 ? half + 1 : half;
}

function fromFloat16(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

function writeValue(
  view: DataView,
  at: number,
  code: string,
  size: number,
  little: boolean,
  value: PyValue,
): void {
  if (code === "f" || code === "d" || code === "e") {
    const x = asFloat(value);
    if (x === undefined) raise(PyTypeError, `can't convert ${typeName(value)} to float`);
    if (code === "f") view.setFloat32(at, x, little);
    else if (code === "d") view.setFloat64(at, x, little);
    else view.setUint16(at, toFloat16(x), little);
    return;
  }
  if (code === "?") {
    view.setUint8(at, isTruthy(value) ? 1 : 0);
    return;
  }
  if (code === "c") {
    const b = bufferOf(value);
    if (b === undefined || b.length !== 1) {
      raise(PyValueError, "char format requires a bytes object of length 1");
    }
    view.setUint8(at, b[0]);
    return;
  }
  const n = asInt(value);
  if (n === undefined) raise(PyTypeError, `can't convert ${typeName(value)} to int`);
  const bits = BigInt.asUintN(size * 8, BigInt(n));
  for (let k = 0; k < size; k++) {
    const byte = Number((bits >> BigInt(8 * k)) & 0xffn);
    view.setUint8(little ? at + k : at + size - 1 - k, byte);
  }
}

function readValue(
  view: DataView,
  at: number,
  code: string,
  size: number,
  little: boolean,
): PyValue {
  switch (code) {
    case "f":
      return new PyFloat(view.getFloat32(at, little));
    case "d":
      return new PyFloat(view.getFloat64(at, little));
    case "e":
      return new PyFloat(fromFloat16(view.getUint16(at, little)));
    case "?":
      return view.getUint8(at) !== 0;
    case "c":
      return new PyBytes(Uint8Array.of(view.getUint8(at)));
  }
  let v = 0n;
  for (let k = 0; k < size; k++) {
    const byte = BigInt(view.getUint8(little ? at + k : at + size - 1 - k));
    v |= byte << BigInt(8 * k);
  }
  const signed = code === code.toLowerCase() && code !== "p";
  return normBig(signed ? BigInt.asIntN(size * 8, v) : v);
}

function pack(fmt: string, values: PyValue[], target: Uint8Array, base: number): void {
  const layout = parseFormat(fmt);
  // As MicroPython: values beyond the format are ignored, missing ones leave zeros.
  const given = Math.min(values.length, countValues(layout));
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  let v = 0;
  for (const item of layout.items) {
    if (item.code === "x") continue;
    if (v >= given) break;
    if (item.code === "s") {
      const data = bufferOf(values[v++]);
      if (data === undefined) raise(PyTypeError, "object with buffer protocol required");
      for (let k = 0; k < item.count; k++) {
        target[base + item.offset + k] = k < data.length ? data[k] : 0;
      }
      continue;
    }
    for (let k = 0; k < item.count && v < given; k++) {
      writeValue(
        view,
        base + item.offset + k * item.size,
        item.code,
        item.size,
        layout.little,
        values[v++],
      );
    }
  }
}

function unpack(fmt: string, data: Uint8Array, base: number): PyValue {
  const layout = parseFormat(fmt);
  if (base + layout.size > data.length) raise(PyValueError, "buffer too small");
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: PyValue[] = [];
  for (const item of layout.items) {
    if (item.code === "x") continue;
    if (item.code === "s") {
      out.push(new PyBytes(data.slice(base + item.offset, base + item.offset + item.count)));
      continue;
    }
    for (let k = 0; k < item.count; k++) {
      out.push(
        readValue(view, base + item.offset + k * item.size, item.code, item.size, layout.little),
      );
    }
  }
  return makeTuple(out);
}

function formatArg(v: PyValue): string {
  if (typeof v === "string") return v;
  const b = bufferOf(v);
  if (b !== undefined) return new TextDecoder().decode(b);
  raise(PyTypeError, "format must be str");
}

function offsetArg(v: PyValue, size: number): number {
  let n = Number(asInt(v) ?? raise(PyTypeError, "offset must be an int"));
  if (n < 0) n += size;
  if (n < 0) raise(PyValueError, "buffer too small");
  return n;
}

registerBuiltinModule("struct", (m: PyModule) => {
  const d = m.dict;
  d.setStr("calcsize", native("calcsize", 1, 1, (a) => parseFormat(formatArg(a[0])).size));
  d.setStr(
    "pack",
    native("pack", 1, -1, (a) => {
      const fmt = formatArg(a[0]);
      const out = new Uint8Array(parseFormat(fmt).size);
      pack(fmt, a.slice(1), out, 0);
      return new PyBytes(out);
    }),
  );
  d.setStr(
    "pack_into",
    native("pack_into", 3, -1, (a) => {
      const fmt = formatArg(a[0]);
      const target = bufferOf(a[1]);
      if (target === undefined) raise(PyTypeError, "object with buffer protocol required");
      const offset = offsetArg(a[2], target.length);
      if (offset + parseFormat(fmt).size > target.length) raise(PyValueError, "buffer too small");
      pack(fmt, a.slice(3), target, offset);
      return null;
    }),
  );
  d.setStr(
    "unpack",
    native("unpack", 2, 2, (a) => {
      const fmt = formatArg(a[0]);
      const data = bufferOf(a[1]);
      if (data === undefined) raise(PyTypeError, "object with buffer protocol required");
      if (data.length < parseFormat(fmt).size) raise(PyValueError, "buffer too small");
      return unpack(fmt, data, 0);
    }),
  );
  d.setStr(
    "unpack_from",
    native("unpack_from", 2, 3, (a, kw) => {
      const fmt = formatArg(a[0]);
      const data = bufferOf(a[1]);
      if (data === undefined) raise(PyTypeError, "object with buffer protocol required");
      const n = kw === null ? a.length : a.length - kw.length;
      const offsetValue = n > 2
        ? a[2]
        : kw !== null && kw.includes("offset")
        ? a[n + kw.indexOf("offset")]
        : 0;
      return unpack(fmt, data, offsetArg(offsetValue, data.length));
    }, true),
  );
});
