/**
 * int.to_bytes and int.from_bytes, MicroPython's signatures:
 * to_bytes(length=1, byteorder="big", signed=False), from_bytes(bytes, byteorder="big", signed=False).
 */

import type { PyValue } from "./base.ts";
import { asInt, intType, machineWord, normBig } from "./int.ts";
import { native, PyClassMethod } from "./function.ts";
import { PyOverflowError, PyTypeError, PyValueError, raise } from "./exception.ts";
import { isTruthy } from "./ops.ts";
import { bufferOf, PyBytes } from "./bytes.ts";
import { typeName } from "./typeof.ts";

/** Reads positional-or-keyword arguments `names` (after the first `skip`) with defaults. */
function options(
  args: PyValue[],
  kwnames: string[] | null,
  names: string[],
  defaults: PyValue[],
  skip: number,
) {
  const npos = kwnames === null ? args.length : args.length - kwnames.length;
  const out = defaults.slice();
  for (let i = skip; i < npos; i++) out[i - skip] = args[i];
  if (kwnames !== null) {
    kwnames.forEach((k, i) => {
      const at = names.indexOf(k);
      if (at < 0) raise(PyTypeError, "extra keyword arguments given");
      out[at] = args[npos + i];
    });
  }
  return out;
}

/** MicroPython reads any byteorder other than "little" as big-endian. */
function littleEndian(order: PyValue): boolean {
  return order === "little";
}

// from_bytes first: help(int) lists the methods in MicroPython's order.
intType.define(
  "from_bytes",
  new PyClassMethod(native("from_bytes", 2, 4, (args, kwnames) => {
    const data = bufferOf(args[1]);
    if (data === undefined) raise(PyTypeError, "object with buffer protocol required");
    const [, order, signedArg] = options(args, kwnames, ["bytes", "byteorder", "signed"], [
      null,
      "big",
      false,
    ], 1);
    const little = littleEndian(order);
    let v = 0n;
    for (let i = 0; i < data.length; i++) {
      v = (v << 8n) | BigInt(data[little ? data.length - 1 - i : i]);
    }
    if (isTruthy(signedArg) && data.length > 0 && v >= 1n << BigInt(data.length * 8 - 1)) {
      v -= 1n << BigInt(data.length * 8);
    }
    return normBig(v);
  }, true)),
);

intType.define(
  "to_bytes",
  native("to_bytes", 1, 4, (args, kwnames) => {
    const value = BigInt(asInt(args[0])!);
    const [lengthArg, order, signedArg] = options(
      args,
      kwnames,
      ["length", "byteorder", "signed"],
      [1, "big", false],
      1,
    );
    const lengthInt = asInt(lengthArg);
    if (lengthInt === undefined) raise(PyTypeError, `can't convert ${typeName(lengthArg)} to int`);
    const length = machineWord(lengthInt);
    if (length < 0) raise(PyValueError, "length must be non-negative");
    const signed = isTruthy(signedArg);
    const little = littleEndian(order);
    const bits = BigInt(length) * 8n;
    if (!signed && value < 0n) raise(PyOverflowError, "can't convert negative int to unsigned");
    const fits = signed
      ? value >= -(1n << (bits - 1n)) && value < (1n << (bits - 1n))
      : value < (1n << bits);
    if (!fits && length > 0) raise(PyOverflowError, "buffer too small");
    if (length === 0 && value !== 0n) raise(PyOverflowError, "buffer too small");
    let v = value < 0n ? (1n << bits) + value : value;
    const out = new Uint8Array(Number(length));
    for (let i = 0; i < out.length; i++) {
      out[little ? i : out.length - 1 - i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return new PyBytes(out);
  }, true),
);
