/**
 * Argument parsing the way MicroPython's mp_arg_parse_all does it for machine's
 * constructors and init methods: named parameters, some keyword-only, with defaults.
 */

import type { PyValue } from "../../objects/base.ts";
import { PyMemoryError, PyTypeError, PyValueError, raise } from "../../objects/exception.ts";
import { asInt } from "../../objects/int.ts";
import { asFloat } from "../../objects/float.ts";
import { typeName } from "../../objects/typeof.ts";

export interface Param {
  name: string;
  kwOnly?: boolean;
  required?: boolean;
}

/**
 * Binds `args` (from index `skip`, e.g. past self) and keywords to `params`; unset ones are
 * undefined. Extra positionals, unknown keywords and missing required ones raise TypeError.
 */
export function bindArgs(
  args: PyValue[],
  kwnames: string[] | null,
  params: readonly Param[],
  skip = 0,
): (PyValue | undefined)[] {
  const nkw = kwnames === null ? 0 : kwnames.length;
  const positional = args.length - nkw - skip;
  const out: (PyValue | undefined)[] = new Array(params.length).fill(undefined);
  let maxPositional = 0;
  while (maxPositional < params.length && !params[maxPositional].kwOnly) maxPositional++;
  if (positional > maxPositional) {
    raise(
      PyTypeError,
      `function takes ${maxPositional + skip} positional arguments but ${
        positional + skip
      } were given`,
    );
  }
  for (let i = 0; i < positional; i++) out[i] = args[skip + i];
  for (let k = 0; k < nkw; k++) {
    const name = kwnames![k];
    const index = params.findIndex((p) => p.name === name);
    if (index < 0) raise(PyTypeError, `unexpected keyword argument '${name}'`);
    out[index] = args[args.length - nkw + k];
  }
  params.forEach((p, i) => {
    if (p.required && out[i] === undefined) raise(PyTypeError, `'${p.name}' argument required`);
  });
  return out;
}

/** An int argument (bools count, as in MicroPython). */
export function intOf(v: PyValue): number {
  const n = asInt(v);
  if (n === undefined) raise(PyTypeError, `can't convert ${typeName(v)} to int`);
  return Number(n);
}

/** An int argument, or `fallback` when absent or None. */
export function intOr(v: PyValue | undefined, fallback: number): number {
  return v === undefined || v === null ? fallback : intOf(v);
}

/** Largest buffer a bus call allocates (the limit upy's sequences have too). */
const MAX_COUNT = 2 ** 24;

/** A byte count: an int that is not negative, and small enough to allocate. */
export function countOf(v: PyValue): number {
  const n = intOf(v);
  if (n < 0) raise(PyValueError, "negative count");
  if (n > MAX_COUNT) raise(PyMemoryError, "memory allocation failed");
  return n;
}

export function floatOf(v: PyValue): number {
  const f = asFloat(v);
  if (f === undefined) raise(PyTypeError, `can't convert ${typeName(v)} to float`);
  return f;
}
