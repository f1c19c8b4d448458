/**
 * `str`: JS strings. Python indexes strings by code point while JS strings are
 * UTF-16, so index and slice operations take a fast path when the string has no
 * surrogate pairs (the common case, checked once per string value and cached for
 * the last string seen) and otherwise work on an array of code points.
 *
 * Methods live in str_methods.ts; %-formatting in str_percent.ts.
 */

import { checkArity } from "./function.ts";
import { chargeMemory } from "../vm/limits.ts";
import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { BinaryOp } from "../compiler/bytecode.ts";
import { PyIndexError, PyTypeError, raise, unimplementedKeywords } from "./exception.ts";
import { NotImplemented } from "./singletons.ts";
import { asInt, checkRepeatSize, machineWord } from "./int.ts";
import { PySlice, resolveUnitSlice } from "./slice.ts";
import { repr, str } from "./ops.ts";
import { typeName } from "./typeof.ts";
import { PyMemoryError } from "./exception.ts";

export const strType = new PyType("str", []);
export const strIteratorType = new PyType("str_iterator", []);

/** An instance of a user subclass of str. */
export class PyStrObject extends PyObject {
  value: string;
  constructor(type: PyType, value: string) {
    super(type);
    this.value = value;
  }
}

/** The string value of a str or str-subclass instance; undefined otherwise. */
export function asStr(v: PyValue): string | undefined {
  if (typeof v === "string") return v;
  if (v instanceof PyStrObject) return v.value;
  return undefined;
}

let lastChecked = "";
let lastHasSurrogates = false;

/** True when `s` contains characters outside the BMP (so UTF-16 indexes differ). */
export function hasSurrogates(s: string): boolean {
  if (s === lastChecked) return lastHasSurrogates;
  let found = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      found = true;
      break;
    }
  }
  lastChecked = s;
  lastHasSurrogates = found;
  return found;
}

export function codePoints(s: string): string[] {
  return Array.from(s);
}

export function strLen(s: string): number {
  return hasSurrogates(s) ? codePoints(s).length : s.length;
}

export function strIndex(s: string, key: PyValue): string {
  const k = typeof key === "number" ? key : asInt(key);
  if (k === undefined) raise(PyTypeError, `string indices must be integers, not ${typeName(key)}`);
  let i = machineWord(k);
  if (!hasSurrogates(s)) {
    if (i < 0) i += s.length;
    if (i < 0 || i >= s.length) raise(PyIndexError, "string index out of range");
    return s[i];
  }
  const cps = codePoints(s);
  if (i < 0) i += cps.length;
  if (i < 0 || i >= cps.length) raise(PyIndexError, "string index out of range");
  return cps[i];
}

export function strSlice(s: string, slice: PySlice): string {
  const cps = hasSurrogates(s) ? codePoints(s) : null;
  const n = cps === null ? s.length : cps.length;
  const { start, count } = resolveUnitSlice(slice, n);
  return cps === null ? s.slice(start, start + count) : cps.slice(start, start + count).join("");
}

export function repeatStr(s: string, times: PyValue): PyValue {
  const n = asInt(times);
  if (n === undefined) return NotImplemented;
  if (n <= 0) return "";
  checkRepeatSize(s.length, n);
  if (machineWord(n) * s.length > 0x3fffffff) {
    raise(PyMemoryError, "memory allocation failed");
  }
  chargeMemory(s.length * Number(n) * 2);
  return s.repeat(Number(n));
}

export class PyStrIterator extends PyObject {
  text: string;
  index: number;
  constructor(text: string) {
    super(strIteratorType);
    this.text = text;
    this.index = 0;
  }
}
strIteratorType.iterSlot = (it) => it;
strIteratorType.nextSlot = (it: PyStrIterator) => {
  const s = it.text;
  if (it.index >= s.length) return undefined;
  const c = s.charCodeAt(it.index);
  if (c >= 0xd800 && c <= 0xdbff && it.index + 1 < s.length) {
    it.index += 2;
    return s.slice(it.index - 2, it.index);
  }
  return s[it.index++];
};

/** Hook so str % args can live in its own file without an import cycle. */
let percentFormat: (format: string, args: PyValue) => string = () =>
  raise(PyTypeError, "% formatting unavailable");
export function setPercentFormat(fn: (format: string, args: PyValue) => string): void {
  percentFormat = fn;
}

strType.binarySlot = (self, other, op) => {
  const s = asStr(self)!;
  switch (op & 15) {
    case BinaryOp.ADD: {
      const o = asStr(other);
      if (o === undefined) return NotImplemented;
      return s + o;
    }
    case BinaryOp.MUL:
      return repeatStr(s, other);
    case BinaryOp.MOD:
      return percentFormat(s, other);
  }
  return NotImplemented;
};
strType.rbinarySlot = (self, other, op) => {
  if (op === BinaryOp.MUL) return repeatStr(asStr(self)!, other);
  return NotImplemented;
};
strType.compareSlot = (self, other, op) => {
  const a = asStr(self)!;
  const b = asStr(other);
  if (b === undefined) return NotImplemented;
  switch (op) {
    case 0:
      return a < b;
    case 1:
      return a <= b;
    case 2:
      return a === b;
    case 3:
      return a !== b;
    case 4:
      return a > b;
    default:
      return a >= b;
  }
};
strType.lenSlot = (self) => strLen(asStr(self)!);
strType.boolSlot = (self) => asStr(self)!.length !== 0;
strType.iterSlot = (self) => new PyStrIterator(asStr(self)!);
strType.containsSlot = (self, value) => {
  const v = asStr(value);
  if (v === undefined) {
    raise(PyTypeError, `can't convert '${typeName(value)}' object to str implicitly`);
  }
  return asStr(self)!.includes(v);
};
strType.getItemSlot = (self, key) => {
  const s = asStr(self)!;
  if (key instanceof PySlice) return strSlice(s, key);
  return strIndex(s, key);
};
strType.reprSlot = (self) => repr(asStr(self)!);
strType.strSlot = (self) => asStr(self)!;
strType.hashSlot = (self) => {
  return hashOfStr(asStr(self)!);
};

import { strHash as hashOfStr } from "./str_hash.ts";

/** str(x) and str(bytes, encoding). */
export function strConstruct(cls: PyType, args: PyValue[]): PyValue {
  checkArity(args.length, 0, 3);
  let value: string;
  if (args.length === 0) value = "";
  else if (args.length === 1) value = str(args[0]);
  else value = decodeHook(args[0], args[1], args.length > 2 ? args[2] : null);
  return cls === strType ? value : new PyStrObject(cls, value);
}

let decodeHook: (data: PyValue, encoding: PyValue, errors: PyValue) => string = () =>
  raise(PyTypeError, "decoding unavailable");
export function setDecodeHook(
  fn: (data: PyValue, encoding: PyValue, errors: PyValue) => string,
): void {
  decodeHook = fn;
}

strType.newSlot = (cls, args, kwnames) => {
  if (kwnames !== null && kwnames.length > 0) unimplementedKeywords();
  return strConstruct(cls, args);
};
