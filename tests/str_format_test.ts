/**
 * str behaviour the reference interpreter used for tests/py (MicroPython 1.27's
 * WebAssembly port) gets wrong and MicroPython 1.29 fixed: widths counted in code
 * points rather than UTF-8 bytes, %c and {:c} past ASCII, and the decoder's
 * "ignore"/"replace" handlers. Expected values follow the suite's unicode/ tests
 * (str_center.py, unicode_char_format.py, bytes_decode_replace.py, ascii.py).
 */

import { deepEqual, equal, throws } from "node:assert/strict";
import "../lib/builtins/module.ts";
import { strType } from "../lib/objects/str.ts";
import { percentFormat } from "../lib/objects/str_percent.ts";
import { strFormat } from "../lib/objects/str_format.ts";
import { decodeBytes, encodeStr, encodeUtf8 } from "../lib/objects/utf8.ts";
import { PyBaseException } from "../lib/objects/exception.ts";
import { makeTuple } from "../lib/objects/tuple.ts";
import { floatReprText, formatFloatText } from "../lib/objects/format_float.ts";
import type { PyValue } from "../lib/objects/base.ts";

function call(name: string, ...args: PyValue[]): PyValue {
  return strType.lookup(name).call(args, null);
}

function pythonError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof PyBaseException) return `${e.type.name}: ${e.args[0] ?? ""}`;
    throw e;
  }
  throw new Error("no exception");
}

Deno.test("center counts code points", () => {
  equal(call("center", "héllo", 10), "  héllo   ");
  equal(call("center", "你好", 10), "    你好    ");
  equal(call("center", "🎉", 5), "  🎉  ");
  equal(call("center", "hello世界", 12), "  hello世界   ");
  equal(call("center", "test", 3), "test");
});

Deno.test("format widths and precisions count code points", () => {
  equal(strFormat("{:5}|{:^5}|{:.1}", ["😀", "é", "😀ab"], 0, null), "😀    |  é  |😀");
  equal(percentFormat("%5s|%-5s|%.1s", makeTuple(["é", "😀", "😀a"])), "    é|😀    |😀");
});

Deno.test("%c and {:c} produce any code point", () => {
  equal(percentFormat("%c%c", makeTuple([0x3bc, 0x1f40d])), "μ🐍");
  equal(percentFormat("%c", 255), "ÿ");
  equal(percentFormat("%c", "é"), "é");
  equal(strFormat("{:c}{:c}", [0x4e00, 0x10ffff], 0, null), "一\u{10ffff}");
  equal(pythonError(() => percentFormat("%c", 0x110000)).split(":")[0], "OverflowError");
  equal(pythonError(() => strFormat("{:c}", [0x200000], 0, null)).split(":")[0], "OverflowError");
});

Deno.test("decode: strict, ignore and replace", () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  equal(decodeBytes(bytes(0x68, 0xc3, 0xa9)), "hé");
  equal(pythonError(() => decodeBytes(bytes(0x61, 0x62, 0xa1))), "UnicodeError: ");
  equal(pythonError(() => decodeBytes(bytes(0xf0, 0xe0, 0xed, 0xe8))), "UnicodeError: ");
  equal(decodeBytes(bytes(0xff, 0xfe), "utf-8", "ignore"), "");
  equal(decodeBytes(bytes(0xe4, 0x20, 0x80), "utf-8", "replace"), "\ufffd \ufffd");
  equal(decodeBytes(bytes(0xe4, 0xb8), "utf-8", "replace"), "\ufffd");
  equal(decodeBytes(bytes(0xf0, 0x20, 0x98, 0x80), "utf-8", "replace"), "\ufffd \ufffd\ufffd");
  equal(decodeBytes(bytes(0xff, 0xc2, 0xa9), "utf-8", "replace"), "\ufffd©");
  equal(
    decodeBytes(bytes(0x61, 0xbb, 0xcc, 0xdd, 0x65), "ascii", "replace"),
    "a\ufffd\ufffd\ufffde",
  );
  equal(pythonError(() => decodeBytes(bytes(0x6e, 0xe5, 0xa5, 0xbd), "ascii")), "UnicodeError: ");
  // MicroPython checks only the shape of UTF-8: an encoded surrogate decodes.
  equal(decodeBytes(bytes(0xed, 0xa0, 0x80)), "\ud800");
});

Deno.test("encode: lone surrogates keep their bytes; ascii rejects the rest", () => {
  deepEqual([...encodeUtf8("a\ud800")], [0x61, 0xed, 0xa0, 0x80]);
  deepEqual([...encodeUtf8("😀")], [0xf0, 0x9f, 0x98, 0x80]);
  equal(pythonError(() => encodeStr("😀", "ascii")), "UnicodeError: ");
  throws(() => encodeStr("é", "ascii"));
});

Deno.test("float text: ties away from zero, 17 digits at most, 32-byte buffer", () => {
  equal(formatFloatText(0.5, "f", 0, ""), "1");
  equal(formatFloatText(0.125, "f", 2, ""), "0.13");
  equal(formatFloatText(0.15, "f", 1, ""), "0.1");
  equal(formatFloatText(2 / 3, "f", 20, ""), "0.66666666666666660000");
  equal(formatFloatText(0.1, "f", 40, ""), "0.10000000000000000000000000000");
  equal(formatFloatText(1e300, "f", -1, ""), "1e+300");
  equal(formatFloatText(1e23, "e", 3, ""), "1.000e+23");
  equal(formatFloatText(NaN, "F", -1, "+"), "+NAN");
  equal(formatFloatText(-0, "g", -1, ""), "-0");
});

Deno.test("float repr: 16 digits when they round-trip, else 17", () => {
  equal(floatReprText(9.995), "9.994999999999999");
  equal(floatReprText(0.1 + 0.2), "0.30000000000000004");
  equal(floatReprText(5e-324), "4.940656458412465e-324");
  equal(floatReprText(1e16), "1e+16");
  equal(floatReprText(1e15), "1000000000000000.0");
  equal(floatReprText(-0), "-0.0");
  equal(floatReprText(0.0001), "0.0001");
  equal(floatReprText(NaN), "nan");
});
