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

export function roundValue(x: PyValue, ndigits: PyValue): PyValue {
  if (x instanceof PyFloat) {
    if (ndigits === null) return intFromFloat(roundHalfEven(x.value));
    const n = Number(asInt(ndigits) ?? raise(PyTypeError, "ndigits must be an int"));
    if (!isFinite(x.value)) return x;
    if (n > 308) return x;
    const scaled = n >= 0 ? x.value * 10 ** n : x.value / 10 ** -n;
    if (!isFinite(scaled)) return x;
    const rounded = roundHalfEven(scaled);
    return new PyFloat(n >= 0 ? rounded / 10 ** n : rounded * 10 ** -n);
  }
  const i = asInt(x);
  if (i !== undefined) {
    if (ndigits === null) return i;
    const n = Number(asInt(ndigits) ?? raise(PyTypeError, "ndigits must be an int"));
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
  if (method !== undefined) return callValue(method, ndigits === null ? [x] : [x, ndigits], null);
  raise(PyTypeError, `can't convert ${typeOf(x).name} to float`);
}

function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const diff = v - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
