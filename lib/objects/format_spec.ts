/**
 * The format-spec mini-language ([[fill]align][sign][#][0][width][,|_][.precision][type])
 * for int, float and str, as str.format, f-strings and format() apply it.
 *
 * MicroPython's dialect, where it differs from CPython:
 *  - only exact int/bool, float and str values take a spec; anything else (user
 *    subclasses included) fails: "can't convert 'X' object to str implicitly";
 *  - a float with no type letter formats as 'g' ("{:10}".format(1.0) is "1");
 *  - precision is ignored for ints, grouping and '#' are ignored for floats;
 *  - hex, octal and binary digits group by four, whichever separator is used;
 *  - the fill character cannot itself be an alignment character ("{:<<5}" is an
 *    invalid specifier), and the type letter must be one MicroPython knows.
 */

import type { PyValue } from "./base.ts";
import { PyMemoryError, PyOverflowError, PyTypeError, PyValueError, raise } from "./exception.ts";
import { floatType, PyFloat } from "./float.ts";
import { typeName } from "./typeof.ts";
import { formatFloatText } from "./format_float.ts";
import { hasSurrogates } from "./str.ts";
import { strLength } from "./ops.ts";

/** A parsed format spec. `align` and `fill` are "" when the spec leaves them out. */
export class FormatSpec {
  fill: string;
  align: string;
  sign: string;
  alternate: boolean;
  /** The '0' flag before the width (zero padding after the sign). */
  zero: boolean;
  width: number;
  /** "", "," or "_". */
  grouping: string;
  /** -1 when absent. */
  precision: number;
  /** The type letter, "" when absent. */
  type: string;

  constructor() {
    this.fill = "";
    this.align = "";
    this.sign = "";
    this.alternate = false;
    this.zero = false;
    this.width = 0;
    this.grouping = "";
    this.precision = -1;
    this.type = "";
  }
}

const TYPE_LETTERS = "bcdeEfFgGnosxX%";

function isAlign(c: string | undefined): boolean {
  return c === "<" || c === ">" || c === "=" || c === "^";
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

// f-strings and loops format with the same few specs over and over.
const parsedSpecs = new Map<string, FormatSpec>();

export function parseFormatSpec(spec: string): FormatSpec {
  const cached = parsedSpecs.get(spec);
  if (cached !== undefined) return cached;
  const parsed = parseSpecText(spec);
  if (parsedSpecs.size > 256) parsedSpecs.clear();
  parsedSpecs.set(spec, parsed);
  return parsed;
}

function parseSpecText(spec: string): FormatSpec {
  const out = new FormatSpec();
  // MicroPython reads the spec as a C string: a NUL ends it.
  const nul = spec.indexOf("\0");
  if (nul >= 0) spec = spec.slice(0, nul);
  const n = spec.length;
  let i = 0;
  if (n > 0) {
    if (isAlign(spec[0])) {
      out.align = spec[0];
      i = 1;
    } else {
      // The fill may be any one character, including one outside the BMP.
      const fillLength = n > 1 && isHighSurrogate(spec.charCodeAt(0)) ? 2 : 1;
      if (isAlign(spec[fillLength])) {
        out.fill = spec.slice(0, fillLength);
        out.align = spec[fillLength];
        i = fillLength + 1;
      }
    }
  }
  const signChar = spec[i];
  if (signChar === "+" || signChar === "-" || signChar === " ") {
    out.sign = signChar === "-" ? "" : signChar;
    i++;
  }
  if (spec[i] === "#") {
    out.alternate = true;
    i++;
  }
  if (spec[i] === "0") {
    out.zero = true;
    i++;
  }
  let width = 0;
  while (i < n && isDigit(spec.charCodeAt(i))) width = width * 10 + spec.charCodeAt(i++) - 0x30;
  out.width = width;
  if (spec[i] === "," || spec[i] === "_") out.grouping = spec[i++];
  if (spec[i] === ".") {
    i++;
    let precision = 0;
    while (i < n && isDigit(spec.charCodeAt(i))) {
      precision = precision * 10 + spec.charCodeAt(i++) - 0x30;
    }
    out.precision = precision;
  }
  if (i < n) {
    const type = spec[i++];
    if (!TYPE_LETTERS.includes(type) || i < n) raise(PyValueError, "invalid format specifier");
    out.type = type;
  }
  return out;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** format(value, spec) for a non-empty spec. */
export function applyFormatSpec(value: PyValue, specText: string): string {
  const spec = parseFormatSpec(specText);
  // Checked before looking at the value: "{: s}".format(1) complains about the sign.
  if (spec.type === "s" && spec.sign !== "") signNotAllowed();
  switch (typeof value) {
    case "number":
    case "bigint":
      if (isIntType(spec.type)) return formatIntSpec(value, spec);
      if (isFloatType(spec.type)) return formatFloatSpec(Number(value), spec);
      unknownCode(spec.type, value);
      break;
    case "boolean":
      if (isIntType(spec.type)) return formatIntSpec(value ? 1 : 0, spec);
      if (isFloatType(spec.type)) return formatFloatSpec(value ? 1 : 0, spec);
      unknownCode(spec.type, value);
      break;
    default:
      if (value instanceof PyFloat && value.type === floatType) {
        if (isFloatType(spec.type)) return formatFloatSpec(value.value, spec);
        unknownCode(spec.type, value);
      }
  }
  return formatStrSpec(value, spec);
}

function signNotAllowed(): never {
  raise(PyValueError, "sign not allowed in string format specifier");
}

function isIntType(type: string): boolean {
  return type.length === 0 || "bcdnoxX".includes(type);
}

function isFloatType(type: string): boolean {
  return type.length === 0 || "eEfFgGn%".includes(type);
}

function unknownCode(type: string, value: PyValue): never {
  raise(PyValueError, `unknown format code '${type}' for object of type '${typeName(value)}'`);
}

// ---- str ----

/** Formats a str by `spec`; any other value raises the error MicroPython gives for it. */
export function formatStrSpec(value: PyValue, spec: FormatSpec): string {
  if (spec.align === "=") {
    raise(PyValueError, "'=' alignment not allowed in string format specifier");
  }
  if (spec.type !== "" && spec.type !== "s") unknownCode(spec.type, value);
  if (typeof value !== "string") {
    raise(PyTypeError, `can't convert '${typeName(value)}' object to str implicitly`);
  }
  const text = spec.precision >= 0 ? truncateCodePoints(value, spec.precision) : value;
  const fill = spec.fill !== "" ? spec.fill : spec.zero ? "0" : " ";
  return pad(text, spec.width, fill, spec.align === "" ? "<" : spec.align);
}

function truncateCodePoints(text: string, count: number): string {
  if (text.length <= count) return text;
  if (!hasSurrogates(text)) return text.slice(0, count);
  let end = 0;
  for (let taken = 0; taken < count && end < text.length; taken++) {
    end += isHighSurrogate(text.charCodeAt(end)) && end + 1 < text.length ? 2 : 1;
  }
  return text.slice(0, end);
}

/** Pads `text` to `width` code points with `fill` ("=" behaves as ">": callers split the sign). */
export function pad(text: string, width: number, fill: string, align: string): string {
  if (width <= 0) return text;
  const missing = width - strLength(text);
  if (missing <= 0) return text;
  if (align === "<") return text + repeatFill(fill, missing);
  if (align === "^") {
    const left = missing >> 1;
    return repeatFill(fill, left) + text + repeatFill(fill, missing - left);
  }
  return repeatFill(fill, missing) + text;
}

/** `fill` repeated `count` times; absurd widths are a MemoryError, as in MicroPython. */
export function repeatFill(fill: string, count: number): string {
  if (count > 0x3fffffff / fill.length) raise(PyMemoryError, "memory allocation failed");
  return fill.repeat(count);
}

/** Joins sign/prefix and digits, putting the padding between them for '=' alignment. */
function padNumber(
  prefix: string,
  body: string,
  width: number,
  fill: string,
  align: string,
): string {
  if (align === "=") {
    const missing = width - prefix.length - body.length;
    return missing > 0 ? prefix + repeatFill(fill, missing) + body : prefix + body;
  }
  return pad(prefix + body, width, fill, align);
}

// ---- int ----

/** Formats an int for a spec whose type is an int type ("", b c d n o x X). */
export function formatIntSpec(value: number | bigint, spec: FormatSpec): string {
  let base = 10;
  switch (spec.type) {
    case "":
    case "d":
    case "n":
      break;
    case "b":
      base = 2;
      break;
    case "o":
      base = 8;
      break;
    case "x":
    case "X":
      base = 16;
      break;
    case "c":
      return formatCharSpec(value, spec);
  }
  const negative = value < 0;
  let digits = (negative ? -value : value).toString(base);
  if (spec.type === "X") digits = digits.toUpperCase();
  let prefix = negative ? "-" : spec.sign;
  if (spec.alternate && base !== 10) {
    prefix += base === 16 ? (spec.type === "X" ? "0X" : "0x") : base === 8 ? "0o" : "0b";
  }
  const fill = spec.fill !== "" ? spec.fill : spec.zero ? "0" : " ";
  const align = spec.align !== "" ? spec.align : spec.zero ? "=" : ">";
  if (spec.grouping !== "") {
    digits = groupDigits(digits, base === 10 ? 3 : 4, spec.grouping);
    if (fill === "0" && (align === "=" || align === ">")) {
      return prefix + zeroPadGrouped(digits, spec.grouping, spec.width - prefix.length);
    }
  }
  return padNumber(prefix, digits, spec.width, fill, align);
}

/** Inserts `separator` every `size` digits, counting from the right. */
function groupDigits(digits: string, size: number, separator: string): string {
  const n = digits.length;
  if (n <= size) return digits;
  let head = n % size;
  if (head === 0) head = size;
  let out = digits.slice(0, head);
  for (let i = head; i < n; i += size) out += separator + digits.slice(i, i + size);
  return out;
}

/**
 * Zero padding of grouped digits up to `width`: MicroPython keeps grouping the
 * zeros, by three for ',' and by four for '_' whatever the base, carrying on from
 * the leftmost group, and never starts with a separator ("{:05_}" of 5 is "0_0005").
 */
function zeroPadGrouped(grouped: string, separator: string, width: number): string {
  if (grouped.length >= width) return grouped;
  if (width > 0x3fffffff) raise(PyMemoryError, "memory allocation failed");
  const size = separator === "," ? 3 : 4;
  const firstSeparator = grouped.indexOf(separator);
  let count = firstSeparator < 0 ? grouped.length : firstSeparator;
  let padding = "";
  let length = grouped.length;
  while (length < width) {
    if (count >= size) {
      padding = separator + padding;
      count = 0;
    } else {
      padding = "0" + padding;
      count++;
    }
    length++;
  }
  if (padding.charCodeAt(0) === separator.charCodeAt(0)) padding = "0" + padding;
  return padding + grouped;
}

function formatCharSpec(value: number | bigint, spec: FormatSpec): string {
  if (spec.sign !== "") raise(PyValueError, "sign not allowed with integer format specifier 'c'");
  const text = charOf(value);
  const fill = spec.fill !== "" ? spec.fill : spec.zero ? "0" : " ";
  const align = spec.align === "" || spec.align === "=" ? ">" : spec.align;
  return pad(text, spec.width, fill, align);
}

/** The character with code point `value`, as %c and {:c} produce it. */
export function charOf(value: number | bigint): string {
  if (typeof value === "bigint") {
    raise(PyOverflowError, "overflow converting long int to machine word");
  }
  if (value < 0 || value > 0x10ffff) raise(PyOverflowError, "chr() arg not in range(0x110000)");
  return String.fromCodePoint(value);
}

// ---- float ----

/** Formats a double for a spec whose type is a float type ("", e E f F g G n %). */
export function formatFloatSpec(x: number, spec: FormatSpec): string {
  let kind = spec.type;
  let suffix = "";
  if (kind === "" || kind === "n") {
    kind = "g";
  } else if (kind === "%") {
    kind = "f";
    x *= 100;
    suffix = "%";
  }
  const text = formatFloatText(x, kind, spec.precision, spec.sign) + suffix;
  const fill = spec.fill !== "" ? spec.fill : spec.zero ? "0" : " ";
  const align = spec.align !== "" ? spec.align : spec.zero ? "=" : ">";
  if (align === "=") {
    const first = text[0];
    const signLength = first === "-" || first === "+" || first === " " ? 1 : 0;
    return padNumber(text.slice(0, signLength), text.slice(signLength), spec.width, fill, "=");
  }
  return pad(text, spec.width, fill, align);
}
