/**
 * The methods of `str`: exactly the set MicroPython's unix port has (no ljust,
 * title, zfill, ...: their absence is an AttributeError, as there), with its
 * behaviour and messages. Also installs the % operator (str_percent.ts) and the
 * decoder behind str(bytes, encoding).
 *
 * MicroPython rules that differ from CPython:
 *  - arguments must be exact str (a str subclass instance is "can't convert 'S'
 *    object to str implicitly"), though `self` may be a subclass instance;
 *  - case and character classes are ASCII only ("é".isalpha() is False,
 *    "É".lower() is "É"), whitespace is " \t\n\r\v\f";
 *  - start/end are clamped to the string, so "abc".find("", 5) is 3 and an empty
 *    prefix or suffix always matches;
 *  - no keyword arguments except splitlines(keepends=); center has no fill
 *    character; rsplit(None, n) is not implemented; splitlines splits only at
 *    \n, \r and \r\n.
 * Indexes count code points. Strings without surrogate pairs (nearly all) use
 * UTF-16 offsets directly; others convert between the two.
 */

import { chargeMemory } from "../vm/limits.ts";
import type { PyValue } from "./base.ts";
import {
  PyMemoryError,
  PyNotImplementedError,
  PyOverflowError,
  PyTypeError,
  PyValueError,
  raise,
} from "./exception.ts";
import { native, parseKwargs, positionalCount } from "./function.ts";
import { asStr, hasSurrogates, setDecodeHook, strType } from "./str.ts";
import { asInt } from "./int.ts";
import { PyList } from "./list.ts";
import { makeTuple, PyTuple } from "./tuple.ts";
import { getIter, isTruthy, iterNext, strLength } from "./ops.ts";
import { typeName, typeOf } from "./typeof.ts";
import { PyBytes } from "./bytes.ts";
import { decodeBytes, encodeStr } from "./utf8.ts";
import { strFormat } from "./str_format.ts";
import "./str_percent.ts";

// ---- argument helpers ----

/** The text of `self`: a str or an instance of a str subclass. */
function selfText(self: PyValue): string {
  const text = asStr(self);
  if (text === undefined) {
    raise(PyTypeError, `argument should be a 'str' not a '${typeName(self)}'`);
  }
  return text;
}

/** A str argument: only an exact str will do. */
function textArg(value: PyValue): string {
  if (typeof value !== "string") cantConvert(value);
  return value;
}

function cantConvert(value: PyValue): never {
  raise(PyTypeError, `can't convert '${typeName(value)}' object to str implicitly`);
}

/** An int argument such as a count or width (bools count; floats and strs do not). */
function intArg(value: PyValue): number {
  const i = asInt(value);
  if (i === undefined) raise(PyTypeError, `can't convert ${typeName(value)} to int`);
  if (typeof i === "bigint") raise(PyOverflowError, "overflow converting long int to machine word");
  return i;
}

/**
 * A start/end argument, as a code point index clamped to [0, length]; None or a
 * missing argument gives `fallback`.
 */
function boundArg(value: PyValue, length: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  let i: number | bigint | undefined = typeof value === "number" ? value : asInt(value);
  if (i === undefined) {
    raise(PyTypeError, `string indices must be integers, not ${typeName(value)}`);
  }
  if (typeof i === "bigint") raise(PyOverflowError, "overflow converting long int to machine word");
  if (i < 0) {
    i += length;
    if (i < 0) i = 0;
  } else if (i > length) {
    i = length;
  }
  return i;
}

/** UTF-16 offset of code point index `index` (for strings with surrogate pairs). */
function offsetOf(s: string, index: number): number {
  let offset = 0;
  for (let k = 0; k < index && offset < s.length; k++) {
    const c = s.charCodeAt(offset);
    offset += c >= 0xd800 && c <= 0xdbff && offset + 1 < s.length ? 2 : 1;
  }
  return offset;
}

/** Code point index of UTF-16 offset `offset`. */
function indexOf16(s: string, offset: number): number {
  let index = 0;
  for (let k = 0; k < offset; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < s.length) k++;
    index++;
  }
  return index;
}

/** A [start, end) range of `s` from start/end arguments, as UTF-16 offsets. */
class Range {
  start: number;
  end: number;
  constructor(start: number, end: number) {
    this.start = start;
    this.end = end;
  }
}

/** The range start/end select, as UTF-16 offsets (only strings with surrogate pairs need converting). */
function rangeOf(s: string, startArg: PyValue, endArg: PyValue): Range {
  const whole = (startArg === undefined || startArg === null) &&
    (endArg === undefined || endArg === null);
  if (whole) return new Range(0, s.length);
  if (!hasSurrogates(s)) {
    return new Range(boundArg(startArg, s.length, 0), boundArg(endArg, s.length, s.length));
  }
  const length = strLength(s);
  const start = boundArg(startArg, length, 0);
  const end = boundArg(endArg, length, length);
  return new Range(offsetOf(s, start), offsetOf(s, end));
}

// ---- searching ----

/** Index of `sub` in s[start:end] (UTF-16 offsets), or -1. */
function findIn(s: string, sub: string, range: Range, reverse: boolean): number {
  const { start, end } = range;
  if (end - start < sub.length) return -1;
  if (reverse) {
    const at = s.lastIndexOf(sub, end - sub.length);
    return at >= start ? at : -1;
  }
  const at = s.indexOf(sub, start);
  return at >= 0 && at + sub.length <= end ? at : -1;
}

function find(args: PyValue[], reverse: boolean): number {
  const s = selfText(args[0]);
  const sub = textArg(args[1]);
  const at = findIn(s, sub, rangeOf(s, args[2], args[3]), reverse);
  return at > 0 && hasSurrogates(s) ? indexOf16(s, at) : at;
}

function index(args: PyValue[], reverse: boolean): number {
  const at = find(args, reverse);
  if (at < 0) raise(PyValueError, "substring not found");
  return at;
}

function count(args: PyValue[]): number {
  const s = selfText(args[0]);
  const sub = textArg(args[1]);
  const { start, end } = rangeOf(s, args[2], args[3]);
  if (end < start) return 0;
  if (sub.length === 0) return strLength(s.slice(start, end)) + 1;
  let n = 0;
  for (let at = s.indexOf(sub, start); at >= 0 && at + sub.length <= end; at = s.indexOf(sub, at)) {
    n++;
    at += sub.length;
  }
  return n;
}

/** startswith/endswith: `affix` is a str or a tuple of strs. */
function affixMatch(args: PyValue[], atEnd: boolean): boolean {
  const s = selfText(args[0]);
  const affix = args[1];
  const range = rangeOf(s, args[2], args[3]);
  if (affix instanceof PyTuple) {
    for (const item of affix.items) if (affixMatchOne(s, textArg(item), range, atEnd)) return true;
    return false;
  }
  return affixMatchOne(s, textArg(affix), range, atEnd);
}

function affixMatchOne(s: string, affix: string, range: Range, atEnd: boolean): boolean {
  if (affix.length === 0) return true;
  if (range.end - range.start < affix.length) return false;
  return s.startsWith(affix, atEnd ? range.end - affix.length : range.start);
}

/** removeprefix/removesuffix: an affix that is absent (or empty) leaves the str as it was. */
function removeAffix(args: PyValue[], atEnd: boolean): string {
  const s = selfText(args[0]);
  const affix = textArg(args[1]);
  if (affix.length === 0 || affix.length > s.length) return s;
  if (atEnd) return s.endsWith(affix) ? s.slice(0, s.length - affix.length) : s;
  return s.startsWith(affix) ? s.slice(affix.length) : s;
}

// ---- splitting ----

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function splitWhitespace(s: string, maxsplit: number): PyList {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      out.push(s.slice(i));
      break;
    }
    const start = i;
    while (i < n && !isSpace(s.charCodeAt(i))) i++;
    if ((out.push(s.slice(start, i)) & 4095) === 0) chargeMemory(4096 * 32);
  }
  return new PyList(out);
}

function splitArgs(args: PyValue[]): [string, PyValue, number] {
  const s = selfText(args[0]);
  const sep = args.length > 1 ? args[1] : null;
  const maxsplit = args.length > 2 ? intArg(args[2]) : -1;
  return [s, sep, maxsplit];
}

function split(args: PyValue[]): PyList {
  const [s, sepArg, maxsplit] = splitArgs(args);
  if (sepArg === null) return splitWhitespace(s, maxsplit);
  const sep = textArg(sepArg);
  if (sep.length === 0) raise(PyValueError, "empty separator");
  const out: string[] = [];
  let start = 0;
  while (maxsplit < 0 || out.length < maxsplit) {
    const at = s.indexOf(sep, start);
    if (at < 0) break;
    if ((out.push(s.slice(start, at)) & 4095) === 0) chargeMemory(4096 * 32);
    start = at + sep.length;
  }
  out.push(start === 0 ? s : s.slice(start));
  return new PyList(out);
}

function rsplit(args: PyValue[]): PyList {
  // Without a limit it does not matter which end splitting starts from.
  if (args.length < 3) return split(args);
  const [s, sepArg, maxsplit] = splitArgs(args);
  if (maxsplit < 0) return split(args);
  if (sepArg === null) raise(PyNotImplementedError, "rsplit(None,n)");
  const sep = textArg(sepArg);
  if (sep.length === 0) raise(PyValueError, "empty separator");
  const out: string[] = [];
  let end = s.length;
  while (out.length < maxsplit && end >= sep.length) {
    const at = s.lastIndexOf(sep, end - sep.length);
    if (at < 0) break;
    out.push(s.slice(at + sep.length, end));
    end = at;
  }
  out.push(s.slice(0, end));
  out.reverse();
  return new PyList(out);
}

function splitlines(args: PyValue[], kwnames: string[] | null): PyList {
  const s = selfText(args[0]);
  let keepends = positionalCount(args, kwnames) > 1 ? isTruthy(args[1]) : false;
  const kw = parseKwargs(args, kwnames, ["keepends"]);
  if (kw !== null && kw.has("keepends")) keepends = isTruthy(kw.get("keepends"));
  const out: string[] = [];
  const n = s.length;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) continue;
    let next = i + 1;
    if (c === 0x0d && s.charCodeAt(next) === 0x0a) next++;
    out.push(s.slice(start, keepends ? next : i));
    start = next;
    i = next - 1;
  }
  if (start < n) out.push(s.slice(start));
  return new PyList(out);
}

function partition(args: PyValue[], reverse: boolean): PyTuple {
  const s = selfText(args[0]);
  const sep = textArg(args[1]);
  if (sep.length === 0) raise(PyValueError, "empty separator");
  const at = reverse ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (at < 0) return makeTuple(reverse ? ["", "", s] : [s, "", ""]);
  return makeTuple([s.slice(0, at), sep, s.slice(at + sep.length)]);
}

// ---- building ----

function join(args: PyValue[]): string {
  const sep = selfText(args[0]);
  const iterable = args[1];
  let items: PyValue[];
  if (iterable instanceof PyList || iterable instanceof PyTuple) {
    items = iterable.items;
  } else {
    items = [];
    const it = getIter(iterable);
    for (let item = iterNext(it); item !== undefined; item = iterNext(it)) items.push(item);
  }
  const n = items.length;
  let length = sep.length * n;
  for (let i = 0; i < n; i++) {
    if (typeof items[i] !== "string") {
      raise(PyTypeError, "join expects a list of str/bytes objects consistent with self object");
    }
    length += items[i].length;
  }
  if (n === 1) return items[0];
  if (length > 4096) chargeMemory(length * 2);
  return (items as string[]).join(sep);
}

function replace(args: PyValue[]): string {
  const s = selfText(args[0]);
  const limit = args.length > 3 ? intArg(args[3]) : -1;
  if (limit === 0) return s;
  const old = textArg(args[1]);
  const replacement = textArg(args[2]);
  if (old.length === 0) return insertBetween(s, replacement, limit);
  if (limit < 0) {
    if (s.length < 0x10000) return s.replaceAll(old, replacement);
    // Long text: charge the memory budget for the result before building it (split and
    // join is also several times faster than V8's replaceAll with many matches).
    const matches = countMatches(s, old);
    chargeMemory((s.length + matches * (replacement.length - old.length)) * 2);
    return s.split(old).join(replacement);
  }
  let out = "";
  let start = 0;
  for (let done = 0; done < limit; done++) {
    const at = s.indexOf(old, start);
    if (at < 0) break;
    out += s.slice(start, at) + replacement;
    start = at + old.length;
  }
  return start === 0 ? s : out + s.slice(start);
}

function countMatches(s: string, old: string): number {
  let count = 0;
  for (let at = s.indexOf(old); at >= 0; at = s.indexOf(old, at + old.length)) count++;
  return count;
}

/** "abc".replace("", "-") is "-a-b-c-": the text goes before each code point and at the end. */
function insertBetween(s: string, text: string, limit: number): string {
  let out = "";
  let done = 0;
  let i = 0;
  const n = s.length;
  for (; i < n && (limit < 0 || done < limit); done++) {
    const c = s.charCodeAt(i);
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    out += text + s.slice(i, i + width);
    i += width;
  }
  if (i >= n && (limit < 0 || done < limit)) return out + text;
  return out + s.slice(i);
}

function center(args: PyValue[]): string {
  const s = selfText(args[0]);
  const width = intArg(args[1]);
  if (width > 0x3fffffff) raise(PyMemoryError, "memory allocation failed");
  const missing = width - strLength(s);
  if (missing <= 0) return s;
  const left = missing >> 1;
  return " ".repeat(left) + s + " ".repeat(missing - left);
}

// ---- stripping ----

const enum Strip {
  LEFT = 1,
  RIGHT = 2,
  BOTH = 3,
}

function strip(args: PyValue[], sides: Strip): string {
  const s = selfText(args[0]);
  if (args.length < 2) {
    let start = 0;
    let end = s.length;
    if (sides & Strip.LEFT) { while (start < end && isSpace(s.charCodeAt(start))) start++; }
    if (sides & Strip.RIGHT) { while (end > start && isSpace(s.charCodeAt(end - 1))) end--; }
    return start === 0 && end === s.length ? s : s.slice(start, end);
  }
  const chars = textArg(args[1]);
  if (hasSurrogates(chars) || hasSurrogates(s)) return stripCodePoints(s, chars, sides);
  let start = 0;
  let end = s.length;
  if (sides & Strip.LEFT) { while (start < end && chars.includes(s[start])) start++; }
  if (sides & Strip.RIGHT) { while (end > start && chars.includes(s[end - 1])) end--; }
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function stripCodePoints(s: string, chars: string, sides: Strip): string {
  const set = new Set(Array.from(chars));
  const points = Array.from(s);
  let start = 0;
  let end = points.length;
  if (sides & Strip.LEFT) { while (start < end && set.has(points[start])) start++; }
  if (sides & Strip.RIGHT) { while (end > start && set.has(points[end - 1])) end--; }
  return points.slice(start, end).join("");
}

// ---- case and character classes (ASCII only, as in MicroPython) ----

function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

function changeCase(s: string, upper: boolean): string {
  if (isAsciiText(s)) return upper ? s.toUpperCase() : s.toLowerCase();
  const from = upper ? 0x61 : 0x41;
  let out = "";
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= from && c < from + 26) {
      out += s.slice(start, i) + String.fromCharCode(c ^ 0x20);
      start = i + 1;
    }
  }
  return start === 0 ? s : out + s.slice(start);
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function allChars(s: string, test: (c: number) => boolean): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!test(s.charCodeAt(i))) return false;
  return true;
}

/** isupper/islower: every letter has the case, and there is at least one letter. */
function hasCase(s: string, upper: boolean): boolean {
  let letters = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isAlpha(c)) continue;
    if ((c <= 0x5a) !== upper) return false;
    letters = true;
  }
  return letters;
}

// ---- encoding ----

function encode(args: PyValue[]): PyBytes {
  const s = selfText(args[0]);
  const encoding = args.length > 1 ? asStr(args[1]) : undefined;
  return new PyBytes(encodeStr(s, encoding ?? "utf-8"));
}

/** str(data, encoding[, errors]): data is anything with the buffer protocol (or a str). */
function decodeForStr(data: PyValue, encoding: PyValue, errors: PyValue): string {
  const encodingName = asStr(encoding) ?? "utf-8";
  const errorsName = asStr(errors) ?? "strict";
  let bytes: Uint8Array;
  const type = typeOf(data);
  if (type.bufferSlot !== null) bytes = type.bufferSlot(data);
  else if (data instanceof PyBytes) bytes = data.data;
  else if (typeof data === "string") bytes = encodeStr(data);
  else raise(PyTypeError, "object with buffer protocol required");
  return decodeBytes(bytes, encodingName, errorsName);
}

// ---- registration ----

function method(
  name: string,
  minArgs: number,
  maxArgs: number,
  fn: (args: PyValue[], kwnames: string[] | null) => PyValue,
  takesKw = false,
): void {
  strType.define(name, native(name, minArgs, maxArgs, fn, takesKw));
}

method("count", 2, 4, (args) => count(args));
method("endswith", 2, 4, (args) => affixMatch(args, true));
method("find", 2, 4, (args) => find(args, false));
method(
  "format",
  1,
  -1,
  (args, kwnames) => strFormat(selfText(args[0]), args, 1, kwnames),
  true,
);
method("index", 2, 4, (args) => index(args, false));
method("isalpha", 1, 1, (args) => allChars(selfText(args[0]), isAlpha));
method("isdigit", 1, 1, (args) => allChars(selfText(args[0]), (c) => c >= 0x30 && c <= 0x39));
method("islower", 1, 1, (args) => hasCase(selfText(args[0]), false));
method("isspace", 1, 1, (args) => allChars(selfText(args[0]), isSpace));
method("isupper", 1, 1, (args) => hasCase(selfText(args[0]), true));
method("join", 2, 2, join);
method("lower", 1, 1, (args) => changeCase(selfText(args[0]), false));
method("lstrip", 1, 2, (args) => strip(args, Strip.LEFT));
method("replace", 3, 4, replace);
method("rfind", 2, 4, (args) => find(args, true));
method("rindex", 2, 4, (args) => index(args, true));
method("rsplit", 1, 3, rsplit);
method("rstrip", 1, 2, (args) => strip(args, Strip.RIGHT));
method("split", 1, 3, split);
method("startswith", 2, 4, (args) => affixMatch(args, false));
method("strip", 1, 2, (args) => strip(args, Strip.BOTH));
method("upper", 1, 1, (args) => changeCase(selfText(args[0]), true));
method("center", 2, 2, center);
method("encode", 1, 3, encode);
method("partition", 2, 2, (args) => partition(args, false));
method("rpartition", 2, 2, (args) => partition(args, true));
method("splitlines", 1, 2, splitlines, true);
method("removeprefix", 2, 2, (args) => removeAffix(args, false));
method("removesuffix", 2, 2, (args) => removeAffix(args, true));

setDecodeHook(decodeForStr);
