/**
 * `int`: arbitrary precision integers.
 *
 * Representation: a JS number while the value is a safe integer (|v| <= 2**53-1),
 * otherwise a bigint; every operation returns the normalised form, so a bigint
 * result that fits is turned back into a number. Number arithmetic is exact while
 * the result is safe, which `Number.isSafeInteger` checks cheaply; only then do we
 * pay for BigInt. -0 never escapes (it would print as "-0.0" once floated).
 *
 * Instances of user subclasses of int are PyIntObject wrappers around the value.
 */

import { checkArity } from "./function.ts";
import { chargeMemory, memoryCapped } from "../vm/limits.ts";
import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { BinaryOp, CompareOp } from "../compiler/bytecode.ts";
import {
  PyOverflowError,
  PyTypeError,
  PyValueError,
  PyZeroDivisionError,
  raise,
} from "./exception.ts";
import { NotImplemented } from "./singletons.ts";
import { floatPow, PyFloat } from "./float.ts";
import { UnaryOpKind } from "./ops.ts";

export const intType = new PyType("int", []);

/** An instance of a user subclass of int. */
export class PyIntObject extends PyObject {
  value: number | bigint;
  constructor(type: PyType, value: number | bigint) {
    super(type);
    this.value = value;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/** The canonical form of an integer result. */
export function normBig(v: bigint): number | bigint {
  return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v;
}

export function isInt(v: PyValue): boolean {
  const t = typeof v;
  return t === "number" || t === "bigint" || t === "boolean" || v instanceof PyIntObject;
}

/** The integer value of an int, bool or int-subclass instance; undefined otherwise. */
export function asInt(v: PyValue): number | bigint | undefined {
  switch (typeof v) {
    case "number":
    case "bigint":
      return v;
    case "boolean":
      return v ? 1 : 0;
  }
  if (v instanceof PyIntObject) return v.value;
  return undefined;
}

export function zeroDivision(): never {
  raise(PyZeroDivisionError, "divide by zero");
}

/** `a op b` for two small ints; NotImplemented for @. */
export function intBinary(a: number, b: number, op: number): PyValue {
  switch (op) {
    case BinaryOp.ADD: {
      const r = a + b;
      return Number.isSafeInteger(r) ? r : normBig(BigInt(a) + BigInt(b));
    }
    case BinaryOp.SUB: {
      const r = a - b;
      return Number.isSafeInteger(r) ? r : normBig(BigInt(a) - BigInt(b));
    }
    case BinaryOp.MUL: {
      const r = a * b;
      if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
      return normBig(BigInt(a) * BigInt(b));
    }
    case BinaryOp.TRUEDIV:
      if (b === 0) zeroDivision();
      return new PyFloat(a / b);
    case BinaryOp.FLOORDIV: {
      if (b === 0) zeroDivision();
      const r = a % b;
      let q = (a - r) / b;
      if (r !== 0 && (r < 0) !== (b < 0)) q -= 1;
      return q === 0 ? 0 : q;
    }
    case BinaryOp.MOD: {
      if (b === 0) zeroDivision();
      let r = a % b;
      if (r !== 0 && (r < 0) !== (b < 0)) r += b;
      return r === 0 ? 0 : r;
    }
    case BinaryOp.POW:
      return intPow(a, b);
    case BinaryOp.LSHIFT:
      if (b < 0) raise(PyValueError, "negative shift count");
      if (b < 32) {
        const r = a * 2 ** b;
        if (Number.isSafeInteger(r)) return r;
      }
      return shiftLeftBig(BigInt(a), b);
    case BinaryOp.RSHIFT:
      if (b < 0) raise(PyValueError, "negative shift count");
      if (b >= 53) return a < 0 ? -1 : 0;
      return Math.floor(a / 2 ** b);
    case BinaryOp.AND:
      if ((a | 0) === a && (b | 0) === b) return a & b;
      return normBig(BigInt(a) & BigInt(b));
    case BinaryOp.OR:
      if ((a | 0) === a && (b | 0) === b) return a | b;
      return normBig(BigInt(a) | BigInt(b));
    case BinaryOp.XOR:
      if ((a | 0) === a && (b | 0) === b) return a ^ b;
      return normBig(BigInt(a) ^ BigInt(b));
  }
  return NotImplemented;
}

function shiftLeftBig(a: bigint, b: number): number | bigint {
  if (b > 1 << 24) raise(PyOverflowError, "result overflows");
  return normBig(a << BigInt(b));
}

function intPow(a: number, b: number): PyValue {
  if (b < 0) return floatPow(a, b);
  let result = 1;
  let base = a;
  let exp = b;
  while (exp > 0) {
    if (exp & 1) {
      result *= base;
      if (!Number.isSafeInteger(result)) return bigPow(BigInt(a), BigInt(b));
    }
    exp = Math.floor(exp / 2);
    if (exp > 0) {
      base *= base;
      if (!Number.isSafeInteger(base)) return bigPow(BigInt(a), BigInt(b));
    }
  }
  return result;
}

function bigPow(a: bigint, b: bigint): number | bigint {
  if (b > 100000000n && a !== 0n && a !== 1n && a !== -1n) {
    raise(PyOverflowError, "result overflows");
  }
  // A huge power takes superlinear time that no limit can interrupt: charge the memory
  // budget eight times the result's size, so a sandbox stops it before it starts.
  if (b > 4096n) chargeMemory(Number(b) * (a < 0n ? -a : a).toString(16).length / 2 * 8);
  return normBig(a ** b);
}

/**
 * A sandbox's charge for multiplying huge ints: like a huge power, superlinear
 * time no limit can interrupt, so eight times the product's size is charged.
 */
function chargeProduct(x: bigint, y: bigint): void {
  const digits = (x < 0n ? -x : x).toString(16).length + (y < 0n ? -y : y).toString(16).length;
  if (digits > 8192) chargeMemory(digits * 4);
}

/** `a op b` where either operand may be a bigint. */
export function intBinaryBig(a: number | bigint, b: number | bigint, op: number): PyValue {
  if (typeof a === "number" && typeof b === "number") return intBinary(a, b, op);
  switch (op) {
    case BinaryOp.TRUEDIV: {
      if (b === 0) zeroDivision();
      return new PyFloat(bigToNumber(a) / bigToNumber(b));
    }
    case BinaryOp.POW:
      if (b < 0) return floatPow(bigToNumber(a), bigToNumber(b));
      return bigPow(BigInt(a), BigInt(b));
    case BinaryOp.LSHIFT:
      if (b < 0) raise(PyValueError, "negative shift count");
      return shiftLeftBig(BigInt(a), machineWord(b));
    case BinaryOp.RSHIFT:
      if (b < 0) raise(PyValueError, "negative shift count");
      return normBig(BigInt(a) >> BigInt(b));
  }
  const x = BigInt(a);
  const y = BigInt(b);
  switch (op) {
    case BinaryOp.ADD:
      return normBig(x + y);
    case BinaryOp.SUB:
      return normBig(x - y);
    case BinaryOp.MUL:
      if (memoryCapped()) chargeProduct(x, y);
      return normBig(x * y);
    case BinaryOp.FLOORDIV: {
      if (y === 0n) zeroDivision();
      let q = x / y;
      if (x % y !== 0n && (x < 0n) !== (y < 0n)) q -= 1n;
      return normBig(q);
    }
    case BinaryOp.MOD: {
      if (y === 0n) zeroDivision();
      let r = x % y;
      if (r !== 0n && (r < 0n) !== (y < 0n)) r += y;
      return normBig(r);
    }
    case BinaryOp.AND:
      return normBig(x & y);
    case BinaryOp.OR:
      return normBig(x | y);
    case BinaryOp.XOR:
      return normBig(x ^ y);
  }
  return NotImplemented;
}

/**
 * An int used as a size, index, count or shift: MicroPython converts these to a
 * signed machine word (64 bits on the unix port) and reports ints beyond it.
 * Within the word the caller's own range checks (IndexError, MemoryError) apply.
 */
export function machineWord(v: number | bigint): number {
  if (typeof v === "number") return v;
  if (v >= MACHINE_WORD_LIMIT || v < -MACHINE_WORD_LIMIT) {
    raise(PyOverflowError, "overflow converting long int to machine word");
  }
  return Number(v);
}
const MACHINE_WORD_LIMIT = 1n << 63n;

/**
 * `seq * times` sizes its result as byteLength * times in a machine size_t; a
 * product past that range is MicroPython's OverflowError, not a MemoryError.
 */
export function checkRepeatSize(byteLength: number, times: number | bigint): void {
  machineWord(times); // a count past the machine word fails first, as in MicroPython
  if (BigInt(byteLength) * BigInt(times) >= SIZE_T_LIMIT) {
    raise(PyOverflowError, "small int overflow");
  }
}
const SIZE_T_LIMIT = 1n << 64n;

/** Converts an int to a double; beyond the double range it is ±inf, as in MicroPython. */
export function bigToNumber(v: number | bigint): number {
  return typeof v === "number" ? v : Number(v);
}

export function intCompare(a: number | bigint, b: number | bigint, op: number): boolean {
  switch (op) {
    case CompareOp.LT:
      return a < b;
    case CompareOp.LE:
      return a <= b;
    case CompareOp.EQ:
      return a == b;
    case CompareOp.NE:
      return a != b;
    case CompareOp.GT:
      return a > b;
    default:
      return a >= b;
  }
}

export function intUnary(a: number | bigint, op: number): PyValue {
  switch (op) {
    case UnaryOpKind.NEG:
      if (typeof a === "number") return a === 0 ? 0 : -a;
      return normBig(-a);
    case UnaryOpKind.POS:
      return a;
    case UnaryOpKind.INVERT:
      if (typeof a === "number" && (a | 0) === a) return ~a;
      return normBig(~BigInt(a));
    case UnaryOpKind.ABS:
      if (typeof a === "number") return Math.abs(a);
      return normBig(a < 0n ? -a : a);
  }
  return NotImplemented;
}

intType.binarySlot = (self, other, op) => {
  const a = asInt(self)!;
  const b = asInt(other);
  if (b === undefined) return NotImplemented;
  return intBinaryBig(a, b, op & 15);
};
intType.rbinarySlot = (self, other, op) => {
  const a = asInt(other);
  if (a === undefined) return NotImplemented;
  return intBinaryBig(a, asInt(self)!, op);
};
intType.compareSlot = (self, other, op) => {
  const b = asInt(other);
  if (b === undefined) return NotImplemented;
  return intCompare(asInt(self)!, b, op);
};
intType.unarySlot = (self, op) => intUnary(asInt(self)!, op);
intType.boolSlot = (self) => asInt(self) != 0;
intType.reprSlot = (self) => String(asInt(self));
intType.hashSlot = (self) => asInt(self)!;

// ---- int(x), int(s, base) ----

/** Parses Python integer literal text as int() does; throws ValueError with MicroPython's message. */
export function parseInt(text: string, base: number): number | bigint {
  const original = text;
  let s = text.trim();
  let negative = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  const lower = s.toLowerCase();
  if (base === 0) {
    if (lower.startsWith("0x")) base = 16, s = s.slice(2);
    else if (lower.startsWith("0o")) base = 8, s = s.slice(2);
    else if (lower.startsWith("0b")) base = 2, s = s.slice(2);
    else {
      base = 10;
      if (/^0+[_0]*[1-9]/.test(s)) badInt(original, 0);
    }
  } else if (
    (base === 16 && lower.startsWith("0x")) || (base === 8 && lower.startsWith("0o")) ||
    (base === 2 && lower.startsWith("0b"))
  ) {
    s = s.slice(2);
  }
  if (base < 2 || base > 36) raise(PyValueError, "int() arg 2 must be >= 2 and <= 36");
  if (s.length === 0 || s.startsWith("_") || s.endsWith("_") || s.includes("__")) {
    badInt(original, base);
  }
  const prefix = base === 10
    ? ""
    : base === 16
    ? "0x"
    : base === 8
    ? "0o"
    : base === 2
    ? "0b"
    : null;
  if (prefix !== null && s.length > 15) {
    // A long literal: check its digits, then let BigInt parse it (digit by digit is quadratic).
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c !== 0x5f && digitValue(c) >= base) badInt(original, base);
    }
    const big = BigInt(prefix + s.replaceAll("_", ""));
    return normBig(negative ? -big : big);
  }
  let result = 0;
  let big: bigint | null = null;
  const bigBase = BigInt(base);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5f) continue;
    const digit = digitValue(c);
    if (digit >= base) badInt(original, base);
    if (big === null) {
      const next = result * base + digit;
      if (Number.isSafeInteger(next)) {
        result = next;
        continue;
      }
      big = BigInt(result);
    }
    big = big * bigBase + BigInt(digit);
  }
  if (big !== null) return normBig(negative ? -big : big);
  return negative ? (result === 0 ? 0 : -result) : result;
}

/** A digit's value in bases up to 36 (99 for anything else). */
function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return 99;
}

function badInt(text: string, base: number): never {
  raise(PyValueError, `invalid syntax for integer with base ${base}: ${reprForError(text)}`);
}

function reprForError(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  return quote + text + quote;
}

export function intFromFloat(x: number): number | bigint {
  if (Number.isNaN(x)) raise(PyValueError, "can't convert NaN to int");
  if (!isFinite(x)) raise(PyOverflowError, "can't convert inf to int");
  const t = Math.trunc(x);
  if (Number.isSafeInteger(t)) return t === 0 ? 0 : t;
  return normBig(BigInt(t));
}

export function requireInt(v: PyValue, what = "int"): number | bigint {
  const i = asInt(v);
  if (i === undefined) {
    raise(PyTypeError, `can't convert ${(v?.type?.name) ?? typeof v} to ${what}`);
  }
  return i;
}

// ---- constructor ----

import { asStr } from "./str.ts";
import { PyFloat as FloatValue } from "./float.ts";
import { typeName as nameOfType } from "./typeof.ts";
import { getAttrOrUndefined as attrOf } from "./attr.ts";
import { callValue as invoke } from "../vm/call.ts";

/** int(x) / int(text, base), without subclass wrapping. */
export function intConstruct(args: PyValue[]): number | bigint {
  if (args.length === 0) return 0;
  const x = args[0];
  if (args.length >= 2) {
    const base = asInt(args[1]);
    if (base === undefined) raise(PyTypeError, "can't convert to int");
    const text = asStr(x) ?? bytesText(x);
    if (text === undefined) raise(PyTypeError, "can't convert non-string with explicit base");
    return parseInt(text, Number(base));
  }
  const i = asInt(x);
  if (i !== undefined) return i;
  if (x instanceof FloatValue) return intFromFloat(x.value);
  const text = asStr(x) ?? bytesText(x);
  if (text !== undefined) return parseInt(text, 10);
  const method = attrOf(x, "__int__") ?? attrOf(x, "__index__");
  if (method !== undefined) {
    const r = asInt(invoke(method, [], null));
    if (r !== undefined) return r;
  }
  raise(PyTypeError, `can't convert ${nameOfType(x)} to int`);
}

function bytesText(x: PyValue): string | undefined {
  const data = (x as { data?: unknown })?.data;
  if (data instanceof Uint8Array && ["bytes", "bytearray", "memoryview"].includes(x.type.name)) {
    return new TextDecoder().decode(data);
  }
  return undefined;
}

intType.newSlot = (cls, args) => {
  checkArity(args.length, 0, 2);
  const value = intConstruct(args);
  return cls === intType ? value : new PyIntObject(cls, value);
};
