/**
 * `binascii`: hex and base64 conversions and CRC-32.
 */

import type { PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native, parseKwargs } from "../objects/function.ts";
import { PyTypeError, PyValueError, raise } from "../objects/exception.ts";
import { bufferOf, PyBytes } from "../objects/bytes.ts";
import { asInt } from "../objects/int.ts";
import { isTruthy } from "../objects/ops.ts";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const encoder = new TextEncoder();

function data(v: PyValue): Uint8Array {
  if (typeof v === "string") return encoder.encode(v);
  const b = bufferOf(v);
  if (b === undefined) raise(PyTypeError, "object with buffer protocol required");
  return b;
}

let crcTable: Uint32Array | null = null;
export function crc32(bytes: Uint8Array, crc = 0): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  crc = (crc ^ 0xffffffff) >>> 0;
  for (const b of bytes) crc = (crcTable[(crc ^ b) & 0xff] ^ (crc >>> 8)) >>> 0;
  return (crc ^ 0xffffffff) >>> 0;
}

function hexlify(bytes: Uint8Array, sep: string): PyBytes {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(sep);
  return new PyBytes(encoder.encode(hex));
}

function unhexlify(text: Uint8Array): PyBytes {
  if (text.length % 2 !== 0) raise(PyValueError, "odd-length string");
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const pair = String.fromCharCode(text[2 * i], text[2 * i + 1]);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) raise(PyValueError, "non-hex digit found");
    out[i] = parseInt(pair, 16);
  }
  return new PyBytes(out);
}

function b2a(bytes: Uint8Array, newline: boolean): PyBytes {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : "=";
    out += i + 2 < bytes.length ? B64[n & 63] : "=";
  }
  return new PyBytes(encoder.encode(newline ? out + "\n" : out));
}

/**
 * Base64 to bytes, as CPython's non-strict a2b_base64 (which MicroPython follows): other
 * characters are skipped, "=" only counts once two or more characters of a group are in,
 * a complete pad ends the input, and a group left unfinished is an error.
 */
function a2b(text: Uint8Array): PyBytes {
  const out: number[] = [];
  let group = 0; // characters of the current 4-character group seen
  let pads = 0;
  let carry = 0;
  for (const c of text) {
    if (c === 0x3d) {
      if (group >= 2 && group + ++pads >= 4) return new PyBytes(Uint8Array.from(out));
      continue;
    }
    const v = B64.indexOf(String.fromCharCode(c));
    if (v < 0) continue;
    pads = 0;
    if (group === 0) carry = v;
    else if (group === 1) {
      out.push(((carry << 2) | (v >> 4)) & 0xff);
      carry = v & 0x0f;
    } else if (group === 2) {
      out.push(((carry << 4) | (v >> 2)) & 0xff);
      carry = v & 0x03;
    } else out.push(((carry << 6) | v) & 0xff);
    group = (group + 1) & 3;
  }
  if (group !== 0) raise(PyValueError, "incorrect padding");
  return new PyBytes(Uint8Array.from(out));
}

registerBuiltinModule("binascii", (m: PyModule) => {
  const d = m.dict;
  const hex = native(
    "hexlify",
    1,
    2,
    (a) => hexlify(data(a[0]), a.length > 1 ? new TextDecoder().decode(data(a[1])) : ""),
  );
  const unhex = native("unhexlify", 1, 1, (a) => unhexlify(data(a[0])));
  d.setStr("hexlify", hex);
  d.setStr("b2a_hex", hex);
  d.setStr("unhexlify", unhex);
  d.setStr("a2b_hex", unhex);
  d.setStr(
    "b2a_base64",
    native("b2a_base64", 1, 1, (a, kw) => {
      const opts = parseKwargs(a, kw, ["newline"]);
      return b2a(data(a[0]), opts?.has("newline") ? isTruthy(opts.get("newline")) : true);
    }, true),
  );
  d.setStr("a2b_base64", native("a2b_base64", 1, 1, (a) => a2b(data(a[0]))));
  d.setStr(
    "crc32",
    native(
      "crc32",
      1,
      2,
      (a) => crc32(data(a[0]), a.length > 1 ? Number(asInt(a[1]) ?? 0) >>> 0 : 0),
    ),
  );
});
