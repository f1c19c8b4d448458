/**
 * printf-style `str % args`, with MicroPython's rules and messages.
 *
 * `args` is a tuple of values, a dict (then `%(key)s` looks keys up, and the dict
 * also counts as the one positional value), or any single value. Conversions:
 * %s %r %c %d %i %u %o %x %X %e %E %f %F %g %G and %%; flags - + space 0 #; width
 * and precision as digits or `*`. Where MicroPython departs from CPython:
 *  - no %a, no nested parentheses in keys, and "%5%" is an unknown conversion;
 *  - a negative `*` width is ignored;
 *  - '-' with '0' pads numbers with zeros on the right ("%-05d" % 5 is "50000"),
 *    except ints with a precision, which pad with spaces;
 *  - '#' is ignored for floats, and nan/inf are zero padded like numbers.
 */

import type { PyValue } from "./base.ts";
import { PyOverflowError, PyTypeError, PyValueError, raise } from "./exception.ts";
import { asStr, hasSurrogates, setPercentFormat } from "./str.ts";
import { PyTuple } from "./tuple.ts";
import { PyDict } from "./dict.ts";
import { floatType, PyFloat } from "./float.ts";
import { asInt, intFromFloat } from "./int.ts";
import { getItem, repr, str, strLength } from "./ops.ts";
import { typeName, typeOf } from "./typeof.ts";
import { callValue } from "../vm/call.ts";
import { formatFloatText } from "./format_float.ts";
import { charOf, repeatFill } from "./format_spec.ts";
import { PyBytes } from "./bytes.ts";
import { encodeStr } from "./utf8.ts";

const enum Flag {
  LEFT = 1,
  PLUS = 2,
  SPACE = 4,
  ZERO = 8,
  ALTERNATE = 16,
}

/**
 * `bytes % args`: the format's bytes are read as Latin-1 characters, so the
 * str machinery runs byte for byte; %s of a bytes value inserts its bytes, other
 * text goes in UTF-8 encoded, and %c of an int is that byte.
 */
export function bytesPercentFormat(format: Uint8Array, arg: PyValue): Uint8Array {
  const text = percentFormat(bytesAsLatin1(format), arg, true);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function bytesAsLatin1(data: Uint8Array): string {
  let s = "";
  for (let i = 0; i < data.length; i += 4096) {
    s += String.fromCharCode(...data.subarray(i, i + 4096));
  }
  return s;
}

export function percentFormat(format: string, arg: PyValue, bytesMode = false): string {
  let args: PyValue[];
  let mapping: PyValue = null;
  if (arg instanceof PyTuple) {
    args = arg.items;
  } else {
    args = [arg];
    if (arg instanceof PyDict) mapping = arg;
  }
  const n = format.length;
  let argIndex = 0;
  let out = "";
  let i = 0;
  while (i < n) {
    const percent = format.indexOf("%", i);
    if (percent < 0) {
      out += i === 0 ? format : format.slice(i);
      break;
    }
    out += format.slice(i, percent);
    i = percent + 1;
    if (i >= n) raise(PyValueError, "incomplete format");
    if (format.charCodeAt(i) === 0x25) {
      out += "%";
      i++;
      continue;
    }
    let value: PyValue = undefined;
    if (format.charCodeAt(i) === 0x28) {
      if (mapping === null) raise(PyTypeError, "format needs a dict");
      const close = format.indexOf(")", i + 1);
      if (close < 0) raise(PyValueError, "incomplete format key");
      value = getItem(mapping, format.slice(i + 1, close));
      // The dict was the one positional argument: it is used up now.
      argIndex = 1;
      i = close + 1;
    }
    let flags = 0;
    for (; i < n; i++) {
      const c = format.charCodeAt(i);
      if (c === 0x2d) flags |= Flag.LEFT;
      else if (c === 0x2b) flags |= Flag.PLUS;
      else if (c === 0x20) flags |= Flag.SPACE;
      else if (c === 0x30) flags |= Flag.ZERO;
      else if (c === 0x23) flags |= Flag.ALTERNATE;
      else break;
    }
    let width = 0;
    if (format.charCodeAt(i) === 0x2a) {
      if (argIndex >= args.length) needMoreArguments();
      width = intArgument(args[argIndex++]);
      i++;
    } else {
      while (i < n && isDigit(format.charCodeAt(i))) {
        width = width * 10 + format.charCodeAt(i++) - 0x30;
      }
    }
    let precision = -1;
    if (format.charCodeAt(i) === 0x2e) {
      i++;
      precision = 0;
      if (format.charCodeAt(i) === 0x2a) {
        if (argIndex >= args.length) needMoreArguments();
        precision = intArgument(args[argIndex++]);
        i++;
      } else {
        while (i < n && isDigit(format.charCodeAt(i))) {
          precision = precision * 10 + format.charCodeAt(i++) - 0x30;
        }
      }
    }
    if (i >= n) raise(PyValueError, "incomplete format");
    const typeIndex = i;
    const type = format[i++];
    if (value === undefined) {
      if (argIndex >= args.length) needMoreArguments();
      value = args[argIndex++];
    }
    out += convert(value, type, flags, width, precision, format, typeIndex, bytesMode);
  }
  if (mapping === null && argIndex < args.length) {
    raise(PyTypeError, "format string didn't convert all arguments");
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function needMoreArguments(): never {
  raise(PyTypeError, "format string needs more arguments");
}

/** A `*` width or precision, or a value for %d: ints, bools, or objects with __int__. */
function intArgument(value: PyValue): number {
  const i = toInt(value);
  if (typeof i === "bigint") raise(PyOverflowError, "overflow converting long int to machine word");
  return i;
}

function toInt(value: PyValue): number | bigint {
  const i = asInt(value);
  if (i !== undefined) return i;
  const method = typeOf(value).isHeapType ? typeOf(value).lookup("__int__") : undefined;
  if (method !== undefined) {
    const result = asInt(callValue(method, [value], null));
    if (result !== undefined) return result;
  }
  raise(PyTypeError, `can't convert ${typeName(value)} to int`);
}

/** A value for %e/%f/%g: floats, ints, or objects with __float__ (not float subclasses). */
function toFloat(value: PyValue): number {
  switch (typeof value) {
    case "number":
      return value;
    case "bigint":
      return Number(value);
    case "boolean":
      return value ? 1 : 0;
  }
  if (value instanceof PyFloat && value.type === floatType) return value.value;
  const type = typeOf(value);
  const method = type.isHeapType ? type.lookup("__float__") : undefined;
  if (method !== undefined) {
    const result = callValue(method, [value], null);
    if (result instanceof PyFloat) return result.value;
  }
  raise(PyTypeError, `can't convert ${type.name} to float`);
}

function convert(
  value: PyValue,
  type: string,
  flags: number,
  width: number,
  precision: number,
  format: string,
  typeIndex: number,
  bytesMode: boolean,
): string {
  switch (type) {
    case "s":
    case "r": {
      let text: string;
      if (!bytesMode) text = type === "s" ? str(value) : repr(value);
      else if (type === "s" && value instanceof PyBytes) text = bytesAsLatin1(value.data);
      else text = bytesAsLatin1(encodeStr(type === "s" ? str(value) : repr(value)));
      if (precision >= 0) text = truncate(text, precision);
      return padText(text, width, flags);
    }
    case "c": {
      const int = bytesMode && typeof value !== "string" ? asInt(value) : undefined;
      if (int !== undefined && int >= 0 && int < 256) {
        return padText(String.fromCharCode(Number(int)), width, flags);
      }
      const text = charArgument(value);
      return padText(bytesMode ? bytesAsLatin1(encodeStr(text)) : text, width, flags);
    }
    case "d":
    case "i":
    case "u":
      return formatInteger(decimalArgument(value), 10, "", flags, width, precision);
    case "o":
      return formatInteger(strictInt(value), 8, "0o", flags, width, precision);
    case "x":
      return formatInteger(strictInt(value), 16, "0x", flags, width, precision);
    case "X":
      return formatInteger(strictInt(value), 16, "0X", flags, width, precision);
    case "e":
    case "E":
    case "f":
    case "F":
    case "g":
    case "G": {
      const sign = flags & Flag.PLUS ? "+" : flags & Flag.SPACE ? " " : "";
      const text = formatFloatText(toFloat(value), type, precision, sign);
      return padNumber(text, width, flags, (flags & Flag.ZERO) !== 0);
    }
  }
  const code = format.codePointAt(typeIndex)!;
  raise(
    PyValueError,
    `unsupported format character '${String.fromCodePoint(code)}' (0x${
      code.toString(16)
    }) at index ${typeIndex}`,
  );
}

function charArgument(value: PyValue): string {
  if (typeof value === "string") {
    if (
      value.length === 1 || (value.length === 2 && hasSurrogates(value) && strLength(value) === 1)
    ) {
      return value;
    }
    raise(PyTypeError, "%c needs int or char");
  }
  if (value instanceof PyFloat || asStr(value) !== undefined) raise(PyTypeError, "integer needed");
  const i = asInt(value);
  if (i === undefined) raise(PyTypeError, "integer needed");
  return charOf(i);
}

/** %d accepts floats (truncated toward zero) as well as ints. */
function decimalArgument(value: PyValue): number | bigint {
  if (value instanceof PyFloat && value.type === floatType) return intFromFloat(value.value);
  return toInt(value);
}

/** %o %x %X want a true integer. */
function strictInt(value: PyValue): number | bigint {
  if (value instanceof PyFloat) raise(PyTypeError, `can't convert ${typeName(value)} to int`);
  return toInt(value);
}

function formatInteger(
  value: number | bigint,
  base: number,
  altPrefix: string,
  flags: number,
  width: number,
  precision: number,
): string {
  const negative = value < 0;
  let digits = (negative ? -value : value).toString(base);
  if (altPrefix === "0X") digits = digits.toUpperCase();
  if (precision > digits.length) digits = repeatFill("0", precision - digits.length) + digits;
  let prefix = negative ? "-" : flags & Flag.PLUS ? "+" : flags & Flag.SPACE ? " " : "";
  if (flags & Flag.ALTERNATE && base !== 10) prefix += altPrefix;
  const zero = (flags & Flag.ZERO) !== 0 && !(flags & Flag.LEFT && precision >= 0);
  return padNumber(prefix + digits, width, flags, zero, prefix.length);
}

/** Pads a number; zero padding goes after the sign (and prefix), or after the text when left aligned. */
function padNumber(
  text: string,
  width: number,
  flags: number,
  zero: boolean,
  prefixLength = -1,
): string {
  const missing = width - text.length;
  if (missing <= 0) return text;
  if (flags & Flag.LEFT) return text + repeatFill(zero ? "0" : " ", missing);
  if (!zero) return repeatFill(" ", missing) + text;
  if (prefixLength < 0) {
    const first = text.charCodeAt(0);
    prefixLength = first === 0x2d || first === 0x2b || first === 0x20 ? 1 : 0;
  }
  return text.slice(0, prefixLength) + repeatFill("0", missing) + text.slice(prefixLength);
}

/** Pads text (%s %r %c) with spaces; the '0' flag does not apply to text. */
function padText(text: string, width: number, flags: number): string {
  if (width <= 0) return text;
  const missing = width - strLength(text);
  if (missing <= 0) return text;
  return flags & Flag.LEFT ? text + repeatFill(" ", missing) : repeatFill(" ", missing) + text;
}

function truncate(text: string, count: number): string {
  if (text.length <= count) return text;
  if (!hasSurrogates(text)) return text.slice(0, count);
  return Array.from(text).slice(0, count).join("");
}

setPercentFormat(percentFormat);
