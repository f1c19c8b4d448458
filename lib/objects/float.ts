/**
 * `float`: IEEE doubles, boxed in PyFloat so they are never mistaken for ints
 * (ints are bare JS numbers). repr/str print the shortest text that reads back
 * to the same double, in Python's layout (exponent form below 1e-4 and from 1e16).
 */

import { checkArity } from "./function.ts";
import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { BinaryOp, CompareOp } from "../compiler/bytecode.ts";
import { PyOverflowError, PyValueError, PyZeroDivisionError, raise } from "./exception.ts";
import { NotImplemented } from "./singletons.ts";
import { asInt, bigToNumber, intCompare } from "./int.ts";
import { UnaryOpKind } from "./ops.ts";
import { floatReprText } from "./format_float.ts";

export const floatType = new PyType("float", []);

export class PyFloat extends PyObject {
  value: number;
  constructor(value: number, type: PyType = floatType) {
    super(type);
    this.value = value;
  }
}

/** MicroPython's repr of a double (see format_float.ts: not always the shortest text). */
export function floatRepr(x: number): string {
  return floatReprText(x);
}

/** The double value of an int, bool or float; undefined for anything else. */
export function asFloat(v: PyValue): number | undefined {
  if (v instanceof PyFloat) return v.value;
  const i = asInt(v);
  if (i === undefined) return undefined;
  return typeof i === "number" ? i : bigToNumber(i);
}

export function floatPow(a: number, b: number): PyValue {
  if (a === 1 || b === 0 || (a === -1 && !isFinite(b) && b === b)) return new PyFloat(1);
  // MicroPython words it as any division by zero (CPython: "0.0 to a negative power").
  if (a === 0 && b < 0 && isFinite(b)) raise(PyZeroDivisionError, "divide by zero");
  if (a < 0 && isFinite(a) && isFinite(b) && !Number.isInteger(b)) {
    // A negative base to a fractional power is complex in Python 3.
    return complexPowHook(a, b);
  }
  return new PyFloat(a ** b);
}

/** Set by complex.ts so float does not import it (avoids an import cycle). */
export let complexPowHook: (a: number, b: number) => PyValue = () =>
  raise(PyValueError, "math domain error");
export function setComplexPowHook(hook: (a: number, b: number) => PyValue): void {
  complexPowHook = hook;
}

export function floatMod(a: number, b: number): number {
  if (b === 0) raise(PyZeroDivisionError, "divide by zero");
  let r = a % b;
  if (r !== 0 && (r < 0) !== (b < 0)) r += b;
  else if (r === 0) r = b < 0 ? -0 : 0;
  return r;
}

export function floatFloorDiv(a: number, b: number): number {
  if (b === 0) raise(PyZeroDivisionError, "divide by zero");
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && (b < 0) !== (mod < 0)) div -= 1;
  if (div === 0) return a / b < 0 ? -0 : 0;
  const floored = Math.floor(div);
  return div - floored > 0.5 ? floored + 1 : floored;
}

export function floatBinary(a: number, b: number, op: number): PyValue {
  switch (op & 15) {
    case BinaryOp.ADD:
      return new PyFloat(a + b);
    case BinaryOp.SUB:
      return new PyFloat(a - b);
    case BinaryOp.MUL:
      return new PyFloat(a * b);
    case BinaryOp.TRUEDIV:
      if (b === 0) raise(PyZeroDivisionError, "divide by zero");
      return new PyFloat(a / b);
    case BinaryOp.FLOORDIV:
      return new PyFloat(floatFloorDiv(a, b));
    case BinaryOp.MOD:
      return new PyFloat(floatMod(a, b));
    case BinaryOp.POW:
      return floatPow(a, b);
  }
  return NotImplemented;
}

export function floatCompare(a: number, b: number, op: number): boolean {
  switch (op) {
    case CompareOp.LT:
      return a < b;
    case CompareOp.LE:
      return a <= b;
    case CompareOp.EQ:
      return a === b;
    case CompareOp.NE:
      return a !== b;
    case CompareOp.GT:
      return a > b;
    default:
      return a >= b;
  }
}

floatType.binarySlot = (self: PyFloat, other, op) => {
  const b = asFloat(other) ?? userFloat(other);
  if (b === undefined) return NotImplemented;
  return floatBinary(self.value, b, op);
};
floatType.rbinarySlot = (self: PyFloat, other, op) => {
  const a = asFloat(other);
  if (a === undefined) return NotImplemented;
  return floatBinary(a, self.value, op);
};
floatType.compareSlot = (self: PyFloat, other, op) => {
  if (other instanceof PyFloat) return floatCompare(self.value, other.value, op);
  const i = asInt(other);
  if (i === undefined) return NotImplemented;
  if (typeof i === "bigint" && Number.isFinite(self.value) && Number.isInteger(self.value)) {
    return intCompare(BigInt(self.value), i, op);
  }
  return floatCompare(self.value, Number(i), op);
};
floatType.unarySlot = (self: PyFloat, op) => {
  switch (op) {
    case UnaryOpKind.NEG:
      return new PyFloat(-self.value);
    case UnaryOpKind.POS:
      return self.type === floatType ? self : new PyFloat(self.value);
    case UnaryOpKind.ABS:
      return new PyFloat(Math.abs(self.value));
  }
  return NotImplemented;
};
floatType.boolSlot = (self: PyFloat) => self.value !== 0;
floatType.reprSlot = (self: PyFloat) => floatRepr(self.value);
floatType.hashSlot = (self: PyFloat) => floatHash(self.value);

export function floatHash(x: number): number | bigint {
  if (Number.isInteger(x)) {
    if (Number.isSafeInteger(x)) return x;
    return BigInt(x);
  }
  // MicroPython hashes a float by its integer part (without its high-quality float hash), so
  // 0.5 and 0.25 share a hash; infinities and nan hash as 0 here.
  if (!Number.isFinite(x)) return 0;
  return Math.trunc(x) + 0;
}

/** float("1.5"), float("inf"), float(" -nan "): MicroPython's parser and error text. */
export function parseFloat(text: string): number {
  const s = text.trim().toLowerCase().replaceAll("_", "");
  let body = s;
  let sign = 1;
  if (body.startsWith("+") || body.startsWith("-")) {
    if (body[0] === "-") sign = -1;
    body = body.slice(1);
  }
  if (body === "inf" || body === "infinity") return sign * Infinity;
  if (body === "nan") return NaN;
  if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(body)) return sign * Number(body);
  raise(PyValueError, "invalid syntax for number");
}

export function checkFloatOverflow(x: number): number {
  if (!isFinite(x) && x === x) {
    raise(PyOverflowError, "overflow converting long int to machine word");
  }
  return x;
}

// ---- constructor ----

import { asStr } from "./str.ts";
import { typeName } from "./typeof.ts";
import { callValue } from "../vm/call.ts";
import { PyTypeError } from "./exception.ts";

/**
 * The double a user object stands for, as MicroPython converts one wherever a float is
 * needed (float(), math functions, the right operand of float arithmetic): its class's
 * __float__, which must return an exact float. Undefined when the object is not a
 * user-class instance, has no __float__, or it returns anything else.
 */
export function userFloat(v: PyValue): number | undefined {
  if (!(v instanceof PyObject) || !v.type.isHeapType) return undefined;
  const method = v.type.lookup("__float__");
  if (method === undefined) return undefined;
  const r = callValue(method, [v], null);
  return r instanceof PyFloat && r.type === floatType ? r.value : undefined;
}

export function floatConstruct(args: PyValue[]): number {
  if (args.length === 0) return 0;
  const x = args[0];
  if (x instanceof PyFloat && x.type === floatType) return x.value;
  // A user class (even one deriving from int or float) converts only through its own
  // __float__, as in MicroPython.
  const f = x instanceof PyObject && x.type.isHeapType ? userFloat(x) : asFloat(x);
  if (f !== undefined) return f;
  const text = asStr(x) ??
    (x?.data instanceof Uint8Array ? new TextDecoder().decode(x.data) : undefined);
  if (text !== undefined) return parseFloat(text);
  raise(PyTypeError, `can't convert ${typeName(x)} to float`);
}

floatType.newSlot = (cls, args) => {
  checkArity(args.length, 0, 1);
  return new PyFloat(floatConstruct(args), cls);
};
