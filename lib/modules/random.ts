/**
 * `random`: MicroPython's small API over the Yasmarang generator (a 32-bit
 * generator with tiny state), so a seeded sequence is reproducible.
 */

import type { PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";
import { PyIndexError, PyTypeError, PyValueError, raise } from "../objects/exception.ts";
import { asFloat, PyFloat } from "../objects/float.ts";
import { asInt, normBig } from "../objects/int.ts";
import { getItem, len } from "../objects/ops.ts";
import { typeName } from "../objects/typeof.ts";

class Yasmarang {
  pad = 0xeda4baba;
  n = 69;
  d = 233;
  dat = 0;

  seed(s: number): void {
    this.pad = s >>> 0;
    this.n = 69;
    this.d = 233;
    this.dat = 0;
  }

  next(): number {
    this.pad = (this.pad + this.dat + Math.imul(this.d, this.n)) >>> 0;
    this.pad = ((this.pad << 3) | (this.pad >>> 29)) >>> 0;
    this.n = (this.pad | 2) >>> 0;
    this.d = (this.d ^ (((this.pad << 31) >>> 0) + (this.pad >>> 1))) >>> 0;
    this.dat = (this.dat ^ ((this.pad & 0xff) ^ (this.d >>> 8) ^ 1)) & 0xff;
    return (this.pad ^ (this.d << 5) ^ (this.pad >>> 18) ^ (this.dat << 1)) >>> 0;
  }

  bits(n: number): number | bigint {
    if (n <= 32) return n === 0 ? 0 : n === 32 ? this.next() : (this.next() & ((1 << n) - 1)) >>> 0;
    let v = 0n;
    let left = n;
    while (left > 0) {
      const take = Math.min(32, left);
      v = (v << BigInt(take)) |
        BigInt(take === 32 ? this.next() : (this.next() & ((1 << take) - 1)) >>> 0);
      left -= take;
    }
    return normBig(v);
  }

  below(n: number): number {
    let mask = 1;
    while (mask < n) mask = mask * 2;
    mask -= 1;
    for (;;) {
      const r = n > 0xffffffff ? Number(this.bits(53)) % (mask + 1) : (this.next() & mask) >>> 0;
      if (r < n) return r;
    }
  }

  float(): number {
    // 52 random mantissa bits under an exponent for [1, 2), minus 1.
    const hi = this.next() >>> 12;
    const lo = this.next();
    return (hi * 2 ** 32 + lo) / 2 ** 52;
  }
}

function intArg(v: PyValue): number {
  const n = asInt(v);
  if (n === undefined) raise(PyTypeError, `can't convert ${typeName(v)} to int`);
  return Number(n);
}

registerBuiltinModule("random", (m: PyModule) => {
  const rng = new Yasmarang();
  rng.seed((Date.now() ^ (performance.now() * 1000)) >>> 0);
  const d = m.dict;
  d.setStr(
    "seed",
    native("seed", 0, 1, (a) => {
      rng.seed(
        a.length === 0 || a[0] === null
          ? (Date.now() ^ (performance.now() * 1000)) >>> 0
          : Number(BigInt.asUintN(32, BigInt(intArg(a[0])))),
      );
      return null;
    }),
  );
  d.setStr(
    "getrandbits",
    native("getrandbits", 1, 1, (a) => {
      const n = intArg(a[0]);
      if (n < 0 || n > 32) raise(PyValueError, "bits must be 32 or less");
      return rng.bits(n);
    }),
  );
  const randrange = (start: number, stop: number, step: number): number => {
    if (step === 1) {
      if (start >= stop) raise(PyValueError);
      return start + rng.below(stop - start);
    }
    if (step === 0) raise(PyValueError);
    const count = step > 0
      ? Math.floor((stop - start + step - 1) / step)
      : Math.floor((stop - start + step + 1) / step);
    if (count <= 0) raise(PyValueError);
    return start + step * rng.below(count);
  };
  d.setStr(
    "randrange",
    native("randrange", 1, 3, (a) => {
      if (a.length === 1) return randrange(0, intArg(a[0]), 1);
      return randrange(intArg(a[0]), intArg(a[1]), a.length > 2 ? intArg(a[2]) : 1);
    }),
  );
  d.setStr("randint", native("randint", 2, 2, (a) => randrange(intArg(a[0]), intArg(a[1]) + 1, 1)));
  d.setStr(
    "choice",
    native("choice", 1, 1, (a) => {
      const n = len(a[0]);
      if (n === 0) raise(PyIndexError);
      return getItem(a[0], rng.below(n));
    }),
  );
  d.setStr("random", native("random", 0, 0, () => new PyFloat(rng.float())));
  d.setStr(
    "uniform",
    native("uniform", 2, 2, (a) => {
      const lo = asFloat(a[0]) ?? raise(PyTypeError, "can't convert to float");
      const hi = asFloat(a[1]) ?? raise(PyTypeError, "can't convert to float");
      return new PyFloat(lo + (hi - lo) * rng.float());
    }),
  );
});
