/**
 * `complex`: a pair of doubles. Arithmetic mixes with int and float; powers go
 * through polar form as MicroPython does (so (1j)**2 is (-1+1.2246467991473532e-16j));
 * repr prints each part with float repr minus a trailing ".0", and omits a zero
 * real part.
 */

import { checkArity } from "./function.ts";
import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { BinaryOp, CompareOp } from "../compiler/bytecode.ts";
import { PyTypeError, PyValueError, PyZeroDivisionError, raise } from "./exception.ts";
import { NotImplemented } from "./singletons.ts";
import { asFloat, floatRepr, PyFloat, userFloat } from "./float.ts";
import { callValue } from "../vm/call.ts";
import { UnaryOpKind } from "./ops.ts";
import { asStr } from "./str.ts";
import { typeName } from "./typeof.ts";

export const complexType = new PyType("complex", []);

export class PyComplex extends PyObject {
  real: number;
  imag: number;
  constructor(real: number, imag: number, type: PyType = complexType) {
    super(type);
    this.real = real;
    this.imag = imag;
  }
}

function part(x: number): string {
  const s = floatRepr(x);
  return s.endsWith(".0") ? s.slice(0, -2) : s;
}

export function complexRepr(re: number, im: number): string {
  if (re === 0) return part(im) + "j";
  const imText = part(im);
  const sign = imText.startsWith("-") ? "" : "+";
  return `(${part(re)}${sign}${imText}j)`;
}

/** (re, im) of an int, float or complex; undefined for anything else. */
export function asComplex(v: PyValue): [number, number] | undefined {
  if (v instanceof PyComplex) return [v.real, v.imag];
  const f = asFloat(v);
  return f === undefined ? undefined : [f, 0];
}

/**
 * (re, im) of a user object as MicroPython converts one where a complex is needed: its
 * __float__ first (an exact float), else its __complex__ (an exact complex).
 */
export function userComplex(v: PyValue): [number, number] | undefined {
  const f = userFloat(v);
  if (f !== undefined) return [f, 0];
  if (!(v instanceof PyObject) || !v.type.isHeapType) return undefined;
  const method = v.type.lookup("__complex__");
  if (method === undefined) return undefined;
  const r = callValue(method, [v], null);
  return r instanceof PyComplex && r.type === complexType ? [r.real, r.imag] : undefined;
}

/** A complex operand or argument: a number, or a user object that converts to one. */
export function toComplex(v: PyValue): [number, number] | undefined {
  if (v instanceof PyObject && v.type.isHeapType) return userComplex(v);
  return asComplex(v);
}

export function complexPow(a: [number, number], b: [number, number]): PyComplex {
  const [ar, ai] = a;
  const [br, bi] = b;
  if (br === 0 && bi === 0) return new PyComplex(1, 0);
  if (ar === 0 && ai === 0) {
    if (bi !== 0 || br < 0) raise(PyZeroDivisionError, "0.0 to a complex power");
    return new PyComplex(0, 0);
  }
  const logAbs = Math.log(Math.hypot(ar, ai));
  const arg = Math.atan2(ai, ar);
  const mag = Math.exp(br * logAbs - bi * arg);
  const angle = bi * logAbs + br * arg;
  return new PyComplex(mag * Math.cos(angle), mag * Math.sin(angle));
}

function binary(a: [number, number], b: [number, number], op: number): PyValue {
  const [ar, ai] = a;
  const [br, bi] = b;
  switch (op & 15) {
    case BinaryOp.ADD:
      return new PyComplex(ar + br, ai + bi);
    case BinaryOp.SUB:
      return new PyComplex(ar - br, ai - bi);
    case BinaryOp.MUL:
      return new PyComplex(ar * br - ai * bi, ar * bi + ai * br);
    case BinaryOp.TRUEDIV: {
      if (br === 0 && bi === 0) raise(PyZeroDivisionError, "complex divide by zero");
      const d = br * br + bi * bi;
      return new PyComplex((ar * br + ai * bi) / d, (ai * br - ar * bi) / d);
    }
    case BinaryOp.POW:
      return complexPow(a, b);
  }
  return NotImplemented;
}

complexType.binarySlot = (self: PyComplex, other, op) => {
  const b = asComplex(other) ?? userComplex(other);
  return b === undefined ? NotImplemented : binary([self.real, self.imag], b, op);
};
complexType.rbinarySlot = (self: PyComplex, other, op) => {
  const a = asComplex(other);
  return a === undefined ? NotImplemented : binary(a, [self.real, self.imag], op);
};
complexType.compareSlot = (self: PyComplex, other, op) => {
  if (op !== CompareOp.EQ && op !== CompareOp.NE) return NotImplemented;
  const b = asComplex(other);
  if (b === undefined) return NotImplemented;
  const same = self.real === b[0] && self.imag === b[1];
  return op === CompareOp.EQ ? same : !same;
};
complexType.unarySlot = (self: PyComplex, op) => {
  switch (op) {
    case UnaryOpKind.NEG:
      return new PyComplex(-self.real, -self.imag);
    case UnaryOpKind.POS:
      return self;
    case UnaryOpKind.ABS:
      return new PyFloat(Math.hypot(self.real, self.imag));
  }
  return NotImplemented;
};
complexType.boolSlot = (self: PyComplex) => self.real !== 0 || self.imag !== 0;
complexType.reprSlot = (self: PyComplex) => complexRepr(self.real, self.imag);
complexType.hashSlot = (self: PyComplex) => {
  if (self.imag === 0 && Number.isInteger(self.real)) return self.real;
  return (Math.floor(self.real * 1000003) ^ Math.floor(self.imag * 7919)) | 0;
};

/** One real part of a complex literal: a decimal, inf or nan with an optional sign. */
function partValue(text: string): number {
  if (text === "" || text === "+") return 1;
  if (text === "-") return -1;
  const body = text.replace(/^[+-]/, "").toLowerCase();
  const sign = text.startsWith("-") ? -1 : 1;
  if (body === "inf" || body === "infinity") return sign * Infinity;
  if (body === "nan") return NaN;
  return Number(text);
}

/** complex("1+2j"): MicroPython's syntax, which allows spaces only around the whole text. */
function parseComplex(text: string): [number, number] {
  const s = text.trim().replaceAll("_", "");
  const num = "(?:[0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\\.|infinity|inf|nan)";
  let m = new RegExp(`^([+-]?${num})?(?:([+-]${num}?)j)?$`, "i").exec(s);
  if (
    m !== null && (m[1] !== undefined || m[2] !== undefined) &&
    !(m[2] === undefined && /j$/i.test(s))
  ) {
    const im = m[2] === undefined ? 0 : partValue(m[2]);
    return [m[1] === undefined ? 0 : partValue(m[1]), im];
  }
  m = new RegExp(`^([+-]?${num}?)j$`, "i").exec(s);
  if (m !== null) return [0, partValue(m[1])];
  raise(PyValueError, "invalid syntax for number");
}

complexType.newSlot = (cls, args) => {
  checkArity(args.length, 0, 2);
  if (args.length === 0) return new PyComplex(0, 0, cls);
  const text = asStr(args[0]);
  if (text !== undefined && args.length === 1) {
    const [re, im] = parseComplex(text);
    return new PyComplex(re, im, cls);
  }
  const a = toComplex(args[0]);
  if (a === undefined) raise(PyTypeError, `can't convert ${typeName(args[0])} to complex`);
  const b = args.length > 1 ? toComplex(args[1]) : [0, 0];
  if (b === undefined) raise(PyTypeError, `can't convert ${typeName(args[1])} to complex`);
  // complex(a, b) = a + b*j for complex a and b as well.
  return new PyComplex(a[0] - b[1], a[1] + b[0], cls);
};
