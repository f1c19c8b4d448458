/**
 * Hex text of binary data, shared by bytes, bytearray and memoryview (`hex`,
 * `fromhex`). A leaf module: the object files import it without pulling in
 * each other's method tables.
 */

import type { PyValue } from "./base.ts";
import { chargeMemory } from "../vm/limits.ts";
import { PyValueError, raise } from "./exception.ts";
import { str } from "./ops.ts";

const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));
const HEX_DIGITS = new TextEncoder().encode("0123456789abcdef");

/**
 * bytes.hex / bytearray.hex / memoryview.hex: two digits a byte, the separator
 * between bytes (MicroPython uses only its first character).
 */
export function hexString(data: Uint8Array, sepArg: PyValue | undefined): string {
  const sep = sepArg === undefined ? "" : [...str(sepArg)].slice(0, 1).join("");
  if (data.length > 2048) chargeMemory(data.length * (2 + sep.length) * 2);
  if (sep === "") {
    // Straight to ASCII bytes and one decode: linear, where joining pairs is not.
    const ascii = new Uint8Array(data.length * 2);
    for (let i = 0; i < data.length; i++) {
      ascii[2 * i] = HEX_DIGITS[data[i] >> 4];
      ascii[2 * i + 1] = HEX_DIGITS[data[i] & 15];
    }
    return new TextDecoder().decode(ascii);
  }
  const pairs: string[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) pairs[i] = HEX_PAIRS[data[i]];
  return pairs.join(sep);
}

/**
 * bytes.fromhex: whitespace may stand between byte pairs but not inside one,
 * so "ab cd" is two bytes and "a b" is an error.
 */
export function parseHex(text: string): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    const hi = hexDigit(text.charCodeAt(i));
    const lo = i + 1 < text.length ? hexDigit(text.charCodeAt(i + 1)) : -1;
    if (hi < 0 || lo < 0) raise(PyValueError, "non-hex digit");
    out.push(hi * 16 + lo);
    i += 2;
  }
  return Uint8Array.from(out);
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
