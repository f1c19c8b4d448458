/**
 * round(): banker's rounding for floats (round half to even), exact integer
 * rounding for ints with negative ndigits.
 */

import type { PyValue } from "../objects/base.ts";
import { asInt, intFromFloat, normBig } from "../objects/int.ts";
import { PyFloat } from "../objects/float.ts";
import { PyTypeError, raise } from "../objects/exception.ts";
import { typeOf } from "../objects/typeof.ts";
import { callValue } from "../vm/call.ts";

/** `ndigits` undefined: round(x) gives an int. None is no default: MicroPython wants an int. */
export function roundValue(x: PyValue, ndigits: PyValue | undefined): PyValue {
  if (x instanceof PyFloat) {
    if (ndigits === undefined) return intFromFloat(roundHalfEven(x.value));
    const n = digitsOf(ndigits);
    if (!isFinite(x.value)) return x;
    if (n > 308) return x;
    const scaled = n >= 0 ? x.value * 10 ** n : x.value / 10 ** -n;
    if (!isFinite(scaled)) return x;
    const rounded = roundHalfEven(scaled);
    return new PyFloat(n >= 0 ? rounded / 10 ** n : rounded * 10 ** -n);
  }
  const i = asInt(x);
  if (i !== undefined) {
    if (ndigits === undefined) return i;
    const n = digitsOf(ndigits);
    if (n >= 0) return i;
    const pow = 10n ** BigInt(-n);
    const v = BigInt(i);
    let q = v / pow;
    const r = v - q * pow;
    const twice = 2n * (r < 0n ? -r : r);
    if (twice > pow || (twice === pow && (q & 1n) !== 0n)) q += v < 0n ? -1n : 1n;
    return normBig(q * pow);
  }
  const method = typeOf(x).lookup("__round__");
  if (method !== undefined) {
    return callValue(method, ndigits === undefined ? [x] : [x, ndigits], null);
  }
  raise(PyTypeError, `can't convert ${typeOf(x).name} to float`);
}

function digitsOf(ndigits: PyValue): number {
  const n = asInt(ndigits);
  if (n === undefined) raise(PyTypeError, `can't convert ${typeOf(ndigits).name} to int`);
  return Number(n);
}

function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const diff = v - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
