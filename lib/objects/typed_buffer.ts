/**
 * Typed views over bytes, shared by array.array and memoryview: the struct-like
 * typecodes MicroPython's unix port uses (b B h H i I l L q Q f d; l/L and q/Q
 * are 8 bytes on a 64-bit build; P and S are pointer-sized, held here as
 * unsigned 8-byte ints since upy has no raw addresses), reading and writing an item at an index, and
 * converting Python values with MicroPython's truncating semantics.
 */

import type { PyValue } from "./base.ts";
import { PyTypeError, PyValueError, raise } from "./exception.ts";
import { asInt, normBig } from "./int.ts";
import { asFloat, PyFloat } from "./float.ts";
import { typeName } from "./typeof.ts";

export const ITEM_SIZES: Record<string, number> = {
  b: 1,
  B: 1,
  h: 2,
  H: 2,
  i: 4,
  I: 4,
  l: 8,
  L: 8,
  q: 8,
  Q: 8,
  P: 8,
  S: 8,
  f: 4,
  d: 8,
};

export function checkTypecode(code: PyValue): string {
  if (typeof code !== "string" || code.length !== 1 || !(code in ITEM_SIZES)) {
    raise(PyValueError, "bad typecode");
  }
  return code;
}

export function readItem(view: DataView, code: string, index: number): PyValue {
  const at = index * ITEM_SIZES[code];
  switch (code) {
    case "b":
      return view.getInt8(at);
    case "B":
      return view.getUint8(at);
    case "h":
      return view.getInt16(at, true);
    case "H":
      return view.getUint16(at, true);
    case "i":
      return view.getInt32(at, true);
    case "I":
      return view.getUint32(at, true);
    case "l":
    case "q":
      return normBig(view.getBigInt64(at, true));
    case "L":
    case "Q":
    case "P":
    case "S":
      return normBig(view.getBigUint64(at, true));
    case "f":
      return new PyFloat(view.getFloat32(at, true));
    default:
      return new PyFloat(view.getFloat64(at, true));
  }
}

export function writeItem(view: DataView, code: string, index: number, value: PyValue): void {
  const at = index * ITEM_SIZES[code];
  if (code === "f" || code === "d") {
    const x = asFloat(value);
    if (x === undefined) raise(PyTypeError, `can't convert ${typeName(value)} to float`);
    if (code === "f") view.setFloat32(at, x, true);
    else view.setFloat64(at, x, true);
    return;
  }
  let n = asInt(value);
  if (n === undefined) {
    if (value instanceof PyFloat) raise(PyTypeError, "can't convert float to int");
    raise(PyTypeError, `can't convert ${typeName(value)} to int`);
  }
  switch (code) {
    case "b":
    case "B":
      view.setUint8(at, Number(BigInt.asUintN(8, BigInt(n))));
      return;
    case "h":
    case "H":
      view.setUint16(at, Number(BigInt.asUintN(16, BigInt(n))), true);
      return;
    case "i":
    case "I":
      view.setUint32(at, Number(BigInt.asUintN(32, BigInt(n))), true);
      return;
    default:
      n = BigInt(n);
      view.setBigUint64(at, BigInt.asUintN(64, n), true);
  }
}
