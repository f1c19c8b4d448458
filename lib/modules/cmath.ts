/**
 * `cmath`: complex math — MicroPython's set (cos, exp, log, log10, phase, polar,
 * rect, sin, sqrt, e, pi).
 */

import type { PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";
import { PyComplex, toComplex } from "../objects/complex.ts";
import { PyFloat } from "../objects/float.ts";
import { makeTuple } from "../objects/tuple.ts";
import { PyTypeError, raise } from "../objects/exception.ts";
import { typeName } from "../objects/typeof.ts";

function arg(v: PyValue): [number, number] {
  const c = toComplex(v);
  if (c === undefined) raise(PyTypeError, `can't convert ${typeName(v)} to complex`);
  return c;
}

function cx(re: number, im: number): PyComplex {
  return new PyComplex(re, im);
}

registerBuiltinModule("cmath", (m: PyModule) => {
  const d = m.dict;
  const def = (name: string, fn: (z: [number, number]) => PyValue) =>
    d.setStr(name, native(name, 1, 1, (a) => fn(arg(a[0]))));
  d.setStr("e", new PyFloat(Math.E));
  d.setStr("pi", new PyFloat(Math.PI));
  def("phase", ([re, im]) => new PyFloat(Math.atan2(im, re)));
  def(
    "polar",
    ([re, im]) => makeTuple([new PyFloat(Math.hypot(re, im)), new PyFloat(Math.atan2(im, re))]),
  );
  d.setStr(
    "rect",
    native("rect", 2, 2, (a) => {
      const r = arg(a[0])[0], phi = arg(a[1])[0];
      return cx(r * Math.cos(phi), r * Math.sin(phi));
    }),
  );
  def("exp", ([re, im]) => {
    const e = Math.exp(re);
    return cx(e * Math.cos(im), e * Math.sin(im));
  });
  // As MicroPython computes them: half the log of re² + im² (so log(0) is
  // -inf, not an error), with the same roundings.
  def("log", ([re, im]) => cx(0.5 * Math.log(re * re + im * im), Math.atan2(im, re)));
  def(
    "log10",
    ([re, im]) => cx(0.5 * Math.log10(re * re + im * im), Math.atan2(im, re) / Math.LN10),
  );
  def("sqrt", ([re, im]) => {
    const r = Math.sqrt(Math.hypot(re, im));
    const phi = Math.atan2(im, re) / 2;
    return cx(r * Math.cos(phi), r * Math.sin(phi));
  });
  def("cos", ([re, im]) => cx(Math.cos(re) * Math.cosh(im), -Math.sin(re) * Math.sinh(im)));
  def("sin", ([re, im]) => cx(Math.sin(re) * Math.cosh(im), Math.cos(re) * Math.sinh(im)));
});
