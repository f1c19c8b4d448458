/**
 * `range` and its iterator. Bounds are machine words, as in MicroPython
 * (|v| < 2**63, beyond that OverflowError). Each bound is a normalised int: a
 * JS number while it is a safe integer, a bigint beyond (a range near
 * sys.maxsize). Ranges whose bounds are all numbers take the number code and
 * iterate with PyRangeIterator, which the interpreter's FOR_ITER steps inline;
 * the rare bigint ranges do their arithmetic in BigInt.
 */

import { checkArity } from "./function.ts";
import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { PyIndexError, PyOverflowError, PyTypeError, PyValueError, raise } from "./exception.ts";
import { asInt, normBig } from "./int.ts";
import { PySlice, resolveSlice } from "./slice.ts";
import { typeName } from "./typeof.ts";

export const rangeType = new PyType("range", []);
export const rangeIteratorType = new PyType("range_iterator", []);

type Int = number | bigint;

export class PyRange extends PyObject {
  start: Int;
  stop: Int;
  step: Int;
  constructor(start: Int, stop: Int, step: Int) {
    super(rangeType);
    this.start = start;
    this.stop = stop;
    this.step = step;
  }

  /** True when every bound is a JS number (the common case, done without BigInt). */
  get small(): boolean {
    return typeof this.start === "number" && typeof this.stop === "number" &&
      typeof this.step === "number";
  }

  get length(): Int {
    if (this.small) {
      const start = this.start as number, stop = this.stop as number, step = this.step as number;
      if (step > 0) return stop > start ? Math.floor((stop - start - 1) / step) + 1 : 0;
      return start > stop ? Math.floor((start - stop - 1) / -step) + 1 : 0;
    }
    const start = BigInt(this.start), stop = BigInt(this.stop), step = BigInt(this.step);
    if (step > 0n) return stop > start ? normBig((stop - start - 1n) / step + 1n) : 0;
    return start > stop ? normBig((start - stop - 1n) / -step + 1n) : 0;
  }

  /** The i-th element (0 <= i < length), as a normalised int. */
  at(i: Int): Int {
    if (this.small && typeof i === "number") {
      const v = (this.start as number) + i * (this.step as number);
      if (Number.isSafeInteger(v)) return v;
    }
    return normBig(BigInt(this.start) + BigInt(i) * BigInt(this.step));
  }
}

export class PyRangeIterator extends PyObject {
  current: number;
  stop: number;
  step: number;
  constructor(start: number, stop: number, step: number) {
    super(rangeIteratorType);
    this.current = start;
    this.stop = stop;
    this.step = step;
  }
}

/** Iterator over a range with a bound beyond 2**53 (stepped in BigInt). */
class PyBigRangeIterator extends PyObject {
  current: bigint;
  stop: bigint;
  step: bigint;
  constructor(start: Int, stop: Int, step: Int) {
    super(rangeIteratorType);
    this.current = BigInt(start);
    this.stop = BigInt(stop);
    this.step = BigInt(step);
  }
}

const MACHINE_WORD_LIMIT = 1n << 63n;

function rangeArg(v: PyValue): Int {
  const i = asInt(v);
  if (i === undefined) raise(PyTypeError, `can't convert ${typeName(v)} to int`);
  if (typeof i === "bigint" && (i >= MACHINE_WORD_LIMIT || i < -MACHINE_WORD_LIMIT)) {
    raise(PyOverflowError, "overflow converting long int to machine word");
  }
  return i;
}

rangeType.newSlot = (_cls, args) => {
  checkArity(args.length, 1, 3);
  let start: Int = 0, stop: Int, step: Int = 1;
  if (args.length === 1) stop = rangeArg(args[0]);
  else {
    start = rangeArg(args[0]);
    stop = rangeArg(args[1]);
    if (args.length === 3) {
      step = rangeArg(args[2]);
      if (step === 0) raise(PyValueError, "zero step");
    }
  }
  return new PyRange(start, stop, step);
};
rangeType.reprSlot = (r: PyRange) =>
  r.step === 1 ? `range(${r.start}, ${r.stop})` : `range(${r.start}, ${r.stop}, ${r.step})`;
rangeType.lenSlot = (r: PyRange) => {
  const n = r.length;
  if (typeof n === "bigint") raise(PyOverflowError, "overflow converting long int to machine word");
  return n;
};
rangeType.boolSlot = (r: PyRange) => r.length !== 0;
rangeType.iterSlot = (r: PyRange) =>
  r.small
    ? new PyRangeIterator(r.start as number, r.stop as number, r.step as number)
    : new PyBigRangeIterator(r.start, r.stop, r.step);
rangeType.getItemSlot = (r: PyRange, key) => {
  const length = r.length;
  if (key instanceof PySlice) {
    // As MicroPython: the new bounds are the resolved slice indices mapped
    // through this range, so range(4)[1::2] is range(1, 4, 2).
    const s = resolveSlice(key, Number(length));
    const step = typeof r.step === "number" && Number.isSafeInteger(r.step * s.step)
      ? r.step * s.step
      : normBig(BigInt(r.step) * BigInt(s.step));
    return new PyRange(r.at(s.start), r.at(s.stop), step);
  }
  let i = asInt(key);
  if (i === undefined) raise(PyTypeError, `range indices must be integers, not ${typeName(key)}`);
  if (typeof i === "number" && typeof length === "number") {
    if (i < 0) i += length;
    if (i < 0 || i >= length) raise(PyIndexError, "range index out of range");
  } else {
    let big = BigInt(i);
    const n = BigInt(length);
    if (big < 0n) big += n;
    if (big < 0n || big >= n) raise(PyIndexError, "range index out of range");
    i = normBig(big);
  }
  return r.at(i);
};
rangeType.containsSlot = (r: PyRange, v) => {
  const i = asInt(v);
  if (i === undefined || typeof v === "boolean") return false;
  if (r.small && typeof i === "number") {
    const start = r.start as number, stop = r.stop as number, step = r.step as number;
    if (step > 0 ? i < start || i >= stop : i > start || i <= stop) return false;
    return (i - start) % step === 0;
  }
  const x = BigInt(i), start = BigInt(r.start), stop = BigInt(r.stop), step = BigInt(r.step);
  if (step > 0n ? x < start || x >= stop : x > start || x <= stop) return false;
  return (x - start) % step === 0n;
};
// MicroPython's unix build compares ranges by identity and cannot hash them (its
// range comparison is an option it leaves off: basics/builtin_range_binop skips).
rangeType.unhashable = true;
rangeType.getAttrSlot = (r: PyRange, name: string) => {
  switch (name) {
    case "start":
      return r.start;
    case "stop":
      return r.stop;
    case "step":
      return r.step;
  }
  return undefined;
};

rangeIteratorType.iterSlot = (it) => it;
rangeIteratorType.nextSlot = (it: PyRangeIterator | PyBigRangeIterator) => {
  if (it instanceof PyBigRangeIterator) {
    const cur = it.current;
    if (it.step > 0n ? cur < it.stop : cur > it.stop) {
      it.current = cur + it.step;
      return normBig(cur);
    }
    return undefined;
  }
  const cur = it.current;
  if (it.step > 0 ? cur < it.stop : cur > it.stop) {
    it.current = cur + it.step;
    return cur;
  }
  return undefined;
};
