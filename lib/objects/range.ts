/**
 * `range` and its iterator. Bounds are JS numbers (ranges beyond 2**53 are not
 * supported, as MicroPython's are limited to machine words).
 */

import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { PyIndexError, PyTypeError, PyValueError, raise } from "./exception.ts";
import { asInt, machineWord } from "./int.ts";
import { CompareOp } from "../compiler/bytecode.ts";
import { NotImplemented } from "./singletons.ts";
import { PySlice, resolveSlice } from "./slice.ts";
import { typeName } from "./typeof.ts";

export const rangeType = new PyType("range", []);
export const rangeIteratorType = new PyType("range_iterator", []);

export class PyRange extends PyObject {
  start: number;
  stop: number;
  step: number;
  constructor(start: number, stop: number, step: number) {
    super(rangeType);
    this.start = start;
    this.stop = stop;
    this.step = step;
  }

  get length(): number {
    const { start, stop, step } = this;
    if (step > 0) return stop > start ? Math.floor((stop - start - 1) / step) + 1 : 0;
    return start > stop ? Math.floor((start - stop - 1) / -step) + 1 : 0;
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

function rangeArg(v: PyValue): number {
  const i = asInt(v);
  if (i === undefined) raise(PyTypeError, `can't convert ${typeName(v)} to int`);
  return machineWord(i);
}

rangeType.newSlot = (_cls, args) => {
  let start = 0, stop: number, step = 1;
  if (args.length === 1) stop = rangeArg(args[0]);
  else if (args.length === 2 || args.length === 3) {
    start = rangeArg(args[0]);
    stop = rangeArg(args[1]);
    if (args.length === 3) {
      step = rangeArg(args[2]);
      if (step === 0) raise(PyValueError, "zero step");
    }
  } else raise(PyTypeError, `function takes at most 3 positional arguments`);
  return new PyRange(start, stop, step);
};
rangeType.reprSlot = (r: PyRange) =>
  r.step === 1 ? `range(${r.start}, ${r.stop})` : `range(${r.start}, ${r.stop}, ${r.step})`;
rangeType.lenSlot = (r: PyRange) => r.length;
rangeType.boolSlot = (r: PyRange) => r.length !== 0;
rangeType.iterSlot = (r: PyRange) => new PyRangeIterator(r.start, r.stop, r.step);
rangeType.getItemSlot = (r: PyRange, key) => {
  const n = r.length;
  if (key instanceof PySlice) {
    const s = resolveSlice(key, n);
    return new PyRange(
      r.start + s.start * r.step,
      r.start + (s.start + s.count * s.step) * r.step,
      r.step * s.step,
    );
  }
  let i = asInt(key);
  if (i === undefined) raise(PyTypeError, `range indices must be integers, not ${typeName(key)}`);
  i = machineWord(i);
  if (i < 0) i += n;
  if (i < 0 || i >= n) raise(PyIndexError, "range object index out of range");
  return r.start + i * r.step;
};
rangeType.containsSlot = (r: PyRange, v) => {
  const i = asInt(v);
  if (i === undefined || typeof v === "boolean") return false;
  const x = Number(i);
  if (r.step > 0 ? x < r.start || x >= r.stop : x > r.start || x <= r.stop) return false;
  return (x - r.start) % r.step === 0;
};
rangeType.compareSlot = (a: PyRange, b, op) => {
  if (!(b instanceof PyRange) || (op !== CompareOp.EQ && op !== CompareOp.NE)) {
    return NotImplemented;
  }
  const n = a.length;
  const same = n === b.length &&
    (n === 0 || (a.start === b.start && (n === 1 || a.step === b.step)));
  return op === CompareOp.EQ ? same : !same;
};
rangeIteratorType.iterSlot = (it) => it;
rangeIteratorType.nextSlot = (it: PyRangeIterator) => {
  const cur = it.current;
  if (it.step > 0 ? cur < it.stop : cur > it.stop) {
    it.current = cur + it.step;
    return cur;
  }
  return undefined;
};
