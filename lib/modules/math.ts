/**
 * `math`: MicroPython's set of functions over doubles, with its error behaviour
 * (ValueError "math domain error" for arguments outside the domain or results
 * that overflow).
 */

import type { PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native, parseKwargs } from "../objects/function.ts";
import { asFloat, PyFloat, userFloat } from "../objects/float.ts";
import { asInt, intFromFloat, normBig } from "../objects/int.ts";
import { PyTypeError, PyValueError, raise } from "../objects/exception.ts";
import { makeTuple } from "../objects/tuple.ts";
import { typeName, typeOf } from "../objects/typeof.ts";
import { callValue } from "../vm/call.ts";

function toDouble(v: PyValue): number {
  const f = asFloat(v) ?? userFloat(v);
  if (f === undefined) raise(PyTypeError, `can't convert ${typeName(v)} to float`);
  return f;
}

function domainError(): never {
  raise(PyValueError, "math domain error");
}

/** A one-argument function; `valid` rejects arguments outside the domain. */
function unary(fn: (x: number) => number, valid: (x: number) => boolean = () => true) {
  return (a: PyValue[]) => {
    const x = toDouble(a[0]);
    if (x !== x) return new PyFloat(x);
    if (!valid(x)) domainError();
    const r = fn(x);
    if (!isFinite(r) && isFinite(x)) domainError();
    return new PyFloat(r);
  };
}

/** Lanczos approximation (g = 7), accurate to about 15 significant digits. */
const LANCZOS = [
  0.99999999999980993,
  676.5203681218851,
  -1259.1392167224028,
  771.32342877765313,
  -176.61502916214059,
  12.507343278686905,
  -0.13857109526572012,
  9.9843695780195716e-6,
  1.5056327351493116e-7,
];
function gamma(x: number): number {
  if (x === Infinity) return Infinity;
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return Math.sqrt(2 * Math.PI) * t ** (x + 0.5) * Math.exp(-t) * a;
}
function lgamma(x: number): number {
  if (x === Infinity || x === -Infinity) return Infinity;
  if (x === 1 || x === 2) return 0;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** erf by its Taylor series near 0 and a continued fraction for erfc further out. */
function erf(x: number): number {
  if (x !== x) return x;
  if (x === Infinity) return 1;
  if (x === -Infinity) return -1;
  if (Math.abs(x) < 2.5) {
    let sum = x, term = x;
    for (let n = 1; n < 200; n++) {
      term *= -x * x / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }
  return x > 0 ? 1 - erfc(x) : erfc(-x) - 1;
}
function erfc(x: number): number {
  if (x !== x) return x;
  if (x === Infinity) return 0;
  if (x < 2.5) return 1 - erf(x);
  // Lentz's algorithm for the continued fraction of erfc.
  let f = x, c = x, d = 0;
  for (let n = 1; n < 300; n++) {
    const an = n / 2;
    d = x + an * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = x + an / c;
    if (c === 0) c = 1e-300;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
}

function roundingToInt(fn: (x: number) => number) {
  return (a: PyValue[]) => {
    const v = a[0];
    const i = asInt(v);
    if (i !== undefined && typeof v !== "boolean") return i;
    if (!(v instanceof PyFloat)) {
      const type = typeOf(v);
      const name = fn === Math.ceil ? "__ceil__" : fn === Math.floor ? "__floor__" : "__trunc__";
      const method = type.lookup(name);
      if (method !== undefined) return callValue(method, [v], null);
    }
    return intFromFloat(fn(toDouble(v)));
  };
}

registerBuiltinModule("math", (m: PyModule) => {
  const d = m.dict;
  const def = (
    name: string,
    min: number,
    max: number,
    fn: (a: PyValue[], kw: string[] | null) => PyValue,
    kw = false,
  ) => d.setStr(name, native(name, min, max, fn, kw));
  d.setStr("pi", new PyFloat(Math.PI));
  d.setStr("e", new PyFloat(Math.E));
  d.setStr("tau", new PyFloat(2 * Math.PI));
  d.setStr("inf", new PyFloat(Infinity));
  d.setStr("nan", new PyFloat(NaN));
  def("sqrt", 1, 1, unary(Math.sqrt, (x) => x >= 0 || x !== x));
  def("exp", 1, 1, unary(Math.exp));
  def("expm1", 1, 1, unary(Math.expm1));
  def("log2", 1, 1, unary(Math.log2, (x) => x > 0 || x !== x));
  def("log10", 1, 1, unary(Math.log10, (x) => x > 0 || x !== x));
  def("log", 1, 2, (a) => {
    const x = toDouble(a[0]);
    if (x <= 0) domainError();
    if (a.length === 1) return new PyFloat(Math.log(x));
    const base = toDouble(a[1]);
    if (base <= 0) domainError();
    if (base === 1) raise(zeroDivision(), "divide by zero");
    return new PyFloat(Math.log(x) / Math.log(base));
  });
  def("sin", 1, 1, unary(Math.sin, isFinite));
  def("cos", 1, 1, unary(Math.cos, isFinite));
  def("tan", 1, 1, unary(Math.tan, isFinite));
  def("asin", 1, 1, unary(Math.asin, (x) => (x >= -1 && x <= 1) || x !== x));
  def("acos", 1, 1, unary(Math.acos, (x) => (x >= -1 && x <= 1) || x !== x));
  def("atan", 1, 1, unary(Math.atan));
  def("sinh", 1, 1, unary(Math.sinh));
  def("cosh", 1, 1, unary(Math.cosh));
  def("tanh", 1, 1, unary(Math.tanh));
  def("asinh", 1, 1, unary(Math.asinh));
  def("acosh", 1, 1, unary(Math.acosh, (x) => x >= 1 || x !== x));
  def("atanh", 1, 1, unary(Math.atanh, (x) => (x > -1 && x < 1) || x !== x));
  def("erf", 1, 1, unary(erf));
  def("erfc", 1, 1, unary(erfc));
  def("gamma", 1, 1, unary(gamma, (x) => !(x <= 0 && Number.isInteger(x)) && x !== -Infinity));
  def("lgamma", 1, 1, unary(lgamma, (x) => !(x <= 0 && Number.isInteger(x))));
  def("fabs", 1, 1, (a) => new PyFloat(Math.abs(toDouble(a[0]))));
  def("degrees", 1, 1, (a) => new PyFloat(toDouble(a[0]) * 180 / Math.PI));
  def("radians", 1, 1, (a) => new PyFloat(toDouble(a[0]) * Math.PI / 180));
  def("atan2", 2, 2, (a) => new PyFloat(Math.atan2(toDouble(a[0]), toDouble(a[1]))));
  def("pow", 2, 2, (a) => {
    const x = toDouble(a[0]), y = toDouble(a[1]);
    if (x === 0 && y < 0 && isFinite(y)) domainError();
    if (x < 0 && isFinite(x) && !Number.isInteger(y) && isFinite(y)) domainError();
    return new PyFloat(x === 1 || (y === 0) ? 1 : x ** y);
  });
  def("fmod", 2, 2, (a) => {
    const x = toDouble(a[0]), y = toDouble(a[1]);
    if (x !== x || y !== y) return new PyFloat(NaN);
    if (y === 0 || !isFinite(x)) domainError();
    return new PyFloat(x % y);
  });
  def("copysign", 2, 2, (a) => {
    const x = Math.abs(toDouble(a[0])), y = toDouble(a[1]);
    return new PyFloat(y < 0 || Object.is(y, -0) ? -x : x);
  });
  def("ldexp", 2, 2, (a) => new PyFloat(toDouble(a[0]) * 2 ** Number(asInt(a[1]) ?? 0)));
  def("frexp", 1, 1, (a) => {
    const x = toDouble(a[0]);
    if (x === 0 || !isFinite(x)) return makeTuple([new PyFloat(x), 0]);
    let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
    let mant = x * 2 ** -e;
    while (Math.abs(mant) < 0.5) {
      mant *= 2;
      e--;
    }
    while (Math.abs(mant) >= 1) {
      mant /= 2;
      e++;
    }
    return makeTuple([new PyFloat(mant), e]);
  });
  def("modf", 1, 1, (a) => {
    const x = toDouble(a[0]);
    const int = Math.trunc(x);
    const frac = isFinite(x) ? x - int : 0 * Math.sign(x);
    return makeTuple([
      new PyFloat(Object.is(int, -0) || x < 0 ? (frac === 0 ? -0 : frac) : frac),
      new PyFloat(int),
    ]);
  });
  def("isfinite", 1, 1, (a) => isFinite(toDouble(a[0])));
  def("isinf", 1, 1, (a) => {
    const x = toDouble(a[0]);
    return x === Infinity || x === -Infinity;
  });
  def("isnan", 1, 1, (a) => {
    const x = toDouble(a[0]);
    return x !== x;
  });
  def("isclose", 2, 2, (a, kw) => {
    const opts = parseKwargs(a, kw, ["rel_tol", "abs_tol"]);
    const x = toDouble(a[0]), y = toDouble(a[1]);
    const rel = opts?.has("rel_tol") ? toDouble(opts.get("rel_tol")) : 1e-9;
    const abs = opts?.has("abs_tol") ? toDouble(opts.get("abs_tol")) : 0;
    if (rel < 0 || abs < 0) raise(PyValueError, "tolerances must be non-negative");
    if (x === y) return true;
    if (!isFinite(x) || !isFinite(y)) return false;
    const diff = Math.abs(x - y);
    return diff <= Math.abs(rel * y) || diff <= Math.abs(rel * x) || diff <= abs;
  }, true);
  def("ceil", 1, 1, roundingToInt(Math.ceil));
  def("floor", 1, 1, roundingToInt(Math.floor));
  def("trunc", 1, 1, roundingToInt(Math.trunc));
  def("factorial", 1, 1, (a) => {
    const n = asInt(a[0]);
    if (n === undefined) raise(PyTypeError, `can't convert ${typeName(a[0])} to int`);
    if (n < 0) raise(PyValueError, "negative factorial");
    let r = 1n;
    for (let i = 2n; i <= BigInt(n); i++) r *= i;
    return normBig(r);
  });
});

import { PyZeroDivisionError } from "../objects/exception.ts";
function zeroDivision() {
  return PyZeroDivisionError;
}
