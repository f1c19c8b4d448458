/**
 * Methods of bytes and bytearray.
 *
 * The text-like methods (split, strip, find, replace, ...) behave exactly like
 * their str counterparts over byte values, so they reuse the str implementations:
 * the bytes are viewed as a Latin-1 string (one char per byte), the str method
 * runs, and string results turn back into bytes of the receiver's type. What only
 * bytes have (decode, hex, fromhex, bytearray's append/extend) is written here.
 */

import type { PyValue } from "./base.ts";
import {
  bufferOf,
  bytearrayType,
  bytesFromIterable,
  bytesType,
  hexMethod,
  PyByteArray,
  PyBytes,
  setEncodeHook,
} from "./bytes.ts";
import { native, PyClassMethod, type PyNativeFunction } from "./function.ts";
import { strType } from "./str.ts";
import { PyList } from "./list.ts";
import { PyTuple } from "./tuple.ts";
import { PyTypeError, PyValueError, raise } from "./exception.ts";
import { asInt } from "./int.ts";
import { decodeBytes, encodeStr } from "./utf8.ts";
import { typeName } from "./typeof.ts";
import { str } from "./ops.ts";
import { parseHex } from "./hex.ts";
import { bytesPercentFormat } from "./str_percent.ts";
import { BinaryOp } from "../compiler/bytecode.ts";
import { PyType } from "./type.ts";

function toLatin1(data: Uint8Array): string {
  let out = "";
  for (let i = 0; i < data.length; i += 8192) {
    out += String.fromCharCode(...data.subarray(i, Math.min(data.length, i + 8192)));
  }
  return out;
}

function fromLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function bytesArg(v: PyValue): PyValue {
  if (typeof v === "string") raise(PyTypeError, "can't convert 'str' object to bytes implicitly");
  const data = bufferOf(v);
  if (data !== undefined) return toLatin1(data);
  if (v instanceof PyTuple) return new PyTuple(v.items.map(bytesArg));
  if (v instanceof PyList) return new PyList(v.items.map(bytesArg));
  return v;
}

function backToBytes(v: PyValue, mutable: boolean): PyValue {
  if (typeof v === "string") {
    return mutable ? new PyByteArray(fromLatin1(v)) : new PyBytes(fromLatin1(v));
  }
  if (v instanceof PyList) return new PyList(v.items.map((x) => backToBytes(x, mutable)));
  if (v instanceof PyTuple) return new PyTuple(v.items.map((x) => backToBytes(x, mutable)));
  return v;
}

/** Methods whose first argument may also be a single byte value. */
const BYTE_SEARCHES = new Set(["find", "rfind", "index", "rindex", "count"]);

function searchArg(v: PyValue): PyValue {
  const n = typeof v === "boolean" ? undefined : asInt(v);
  if (n === undefined) return bytesArg(v);
  if (n < 0 || n > 255) raise(PyValueError, "byte must be in range(0, 256)");
  return String.fromCharCode(Number(n));
}

const TEXT_METHODS = [
  "count",
  "endswith",
  "find",
  "index",
  "isalpha",
  "isdigit",
  "islower",
  "isspace",
  "isupper",
  "lower",
  "lstrip",
  "replace",
  "rfind",
  "rindex",
  "rsplit",
  "rstrip",
  "split",
  "startswith",
  "strip",
  "upper",
  "center",
  "partition",
  "rpartition",
  "splitlines",
];

for (const type of [bytesType, bytearrayType]) {
  const mutable = type === bytearrayType;
  for (const name of TEXT_METHODS) {
    const strMethod = strType.ns.get(name) as PyNativeFunction | undefined;
    if (strMethod === undefined) continue;
    type.define(
      name,
      native(name, strMethod.minArgs, strMethod.maxArgs, (args, kwnames) => {
        const converted = args.map((a, i) =>
          i === 0
            ? toLatin1(a.data)
            : i === 1 && BYTE_SEARCHES.has(name)
            ? searchArg(a)
            : bytesArg(a)
        );
        const result = strMethod.fn(converted, kwnames);
        // Stripping nothing from immutable bytes gives back the same object.
        if (!mutable && result === converted[0] && name.endsWith("strip")) return args[0];
        return backToBytes(result, mutable);
      }, strMethod.takesKw),
    );
  }
  type.define(
    "join",
    native("join", 2, 2, (args) => {
      const parts: Uint8Array[] = [];
      const items = args[1] instanceof PyList || args[1] instanceof PyTuple
        ? args[1].items
        : [...iterate(args[1])];
      for (const item of items) {
        const data = bufferOf(item);
        if (data === undefined || typeof item === "string") {
          raise(
            PyTypeError,
            "join expects a list of str/bytes objects consistent with self object",
          );
        }
        parts.push(data);
      }
      const sep = (args[0] as PyBytes).data;
      const total = parts.reduce((n, p) => n + p.length, 0) +
        Math.max(0, parts.length - 1) * sep.length;
      const out = new Uint8Array(total);
      let off = 0;
      parts.forEach((p, i) => {
        if (i > 0) {
          out.set(sep, off);
          off += sep.length;
        }
        out.set(p, off);
        off += p.length;
      });
      return mutable ? new PyByteArray(out) : new PyBytes(out);
    }),
  );
  type.define(
    "decode",
    // Positional only, as in MicroPython: decode(encoding="utf-8") is a TypeError.
    native("decode", 1, 3, (args) => {
      const encoding = args.length > 1 ? args[1] : "utf-8";
      const errors = args.length > 2 ? args[2] : "strict";
      return decodeBytes((args[0] as PyBytes).data, str(encoding), str(errors));
    }),
  );
  type.define("hex", native("hex", 1, 2, (args) => hexMethod((args[0] as PyBytes).data, args[1])));
  type.define(
    "fromhex",
    new PyClassMethod(native("fromhex", 2, 2, (args) => {
      const out = parseHex(str(args[1]));
      const cls = args[0] as PyType;
      return cls === bytearrayType ? new PyByteArray(out) : new PyBytes(out);
    })),
  );
}

function* iterate(v: PyValue): Generator<PyValue> {
  const it = getIter(v);
  for (;;) {
    const item = iterNext(it);
    if (item === undefined) return;
    yield item;
  }
}
import { getIter, iterNext } from "./ops.ts";

bytearrayType.define(
  "append",
  native("append", 2, 2, (args) => {
    const n = asInt(args[1]);
    if (n === undefined) raise(PyTypeError, `can't convert ${typeName(args[1])} to int`);
    (args[0] as PyByteArray).append(Uint8Array.of(Number(n) & 0xff));
    return null;
  }),
);
bytearrayType.define(
  "extend",
  native("extend", 2, 2, (args) => {
    const data = bufferOf(args[1]) ?? bytesFromIterable(args[1], true);
    (args[0] as PyByteArray).append(data.slice());
    return null;
  }),
);

setEncodeHook((text, encoding) => encodeStr(text, encoding === null ? "utf-8" : str(encoding)));

// bytes % args (MicroPython formats bytes, not bytearray, the way it formats str).
const bytesBinary = bytesType.binarySlot!;
bytesType.binarySlot = (self, other, op) =>
  (op & 15) === BinaryOp.MOD
    ? new PyBytes(bytesPercentFormat((self as PyBytes).data, other))
    : bytesBinary(self, other, op);
