/**
 * `slice` objects and the index arithmetic every sequence shares: normalising a
 * possibly negative index, and resolving a slice against a length.
 */

import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import {
  PyIndexError,
  PyNotImplementedError,
  PyTypeError,
  PyValueError,
  raise,
} from "./exception.ts";
import { asInt, machineWord } from "./int.ts";
import { repr } from "./ops.ts";
import { typeName } from "./typeof.ts";

export const sliceType = new PyType("slice", []);

export class PySlice extends PyObject {
  start: PyValue;
  stop: PyValue;
  step: PyValue;
  constructor(start: PyValue, stop: PyValue, step: PyValue) {
    super(sliceType);
    this.start = start;
    this.stop = stop;
    this.step = step;
  }
}

sliceType.reprSlot = (s: PySlice) => `slice(${repr(s.start)}, ${repr(s.stop)}, ${repr(s.step)})`;
sliceType.unhashable = true;

/** Resolved slice: iterate i = start; count times; i += step. */
export interface SliceRange {
  start: number;
  stop: number;
  step: number;
  count: number;
}

function sliceIndex(v: PyValue): number {
  const i = asInt(v);
  if (i === undefined) {
    raise(PyTypeError, "slice indices must be integers or None or have an __index__ method");
  }
  return typeof i === "number" ? i : (i < 0n ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER);
}

export function resolveSlice(s: PySlice, length: number): SliceRange {
  let step = 1;
  if (s.step !== null) {
    step = sliceIndex(s.step);
    if (step === 0) raise(PyValueError, "slice step can't be zero");
  }
  let start: number;
  let stop: number;
  if (step > 0) {
    start = s.start === null ? 0 : clamp(sliceIndex(s.start), length, 0, length);
    stop = s.stop === null ? length : clamp(sliceIndex(s.stop), length, 0, length);
  } else {
    start = s.start === null ? length - 1 : clamp(sliceIndex(s.start), length, -1, length - 1);
    stop = s.stop === null ? -1 : clamp(sliceIndex(s.stop), length, -1, length - 1);
  }
  let count = 0;
  if (step > 0) {
    if (stop > start) count = Math.floor((stop - start - 1) / step) + 1;
  } else if (start > stop) {
    count = Math.floor((start - stop - 1) / -step) + 1;
  }
  return { start, stop, step, count };
}

/**
 * resolveSlice for the sequences MicroPython slices only with step 1 (str,
 * bytes, bytearray, tuple, array, memoryview; lists take any step): any other
 * step is NotImplementedError there, even when the result would be empty.
 */
export function resolveUnitSlice(s: PySlice, length: number): SliceRange {
  const range = resolveSlice(s, length);
  if (range.step !== 1) {
    raise(PyNotImplementedError, "only slices with step=1 (aka None) are supported");
  }
  return range;
}

function clamp(i: number, length: number, low: number, high: number): number {
  if (i < 0) i += length;
  if (i < low) return low;
  if (i > high) return high;
  return i;
}

/** A sequence index: negative counts from the end; out of range raises IndexError. */
export function sequenceIndex(key: PyValue, length: number, what: string): number {
  let i: number;
  if (typeof key === "number") i = key;
  else {
    const v = asInt(key);
    if (v === undefined) {
      raise(PyTypeError, `${what} indices must be integers, not ${typeName(key)}`);
    }
    i = machineWord(v);
  }
  if (i < 0) i += length;
  if (i < 0 || i >= length) raise(PyIndexError, `${what} index out of range`);
  return i;
}

// slice.start/stop/step and slice.indices(length).
import { getter } from "./property.ts";
import { native } from "./function.ts";
import { makeTuple } from "./tuple.ts";
sliceType.define("start", getter((s: PySlice) => s.start));
sliceType.define("stop", getter((s: PySlice) => s.stop));
sliceType.define("step", getter((s: PySlice) => s.step));
sliceType.define(
  "indices",
  native("indices", 2, 2, (a) => {
    const n = asInt(a[1]);
    if (n === undefined) raise(PyTypeError, `can't convert ${typeName(a[1])} to int`);
    const r = resolveSlice(a[0] as PySlice, Number(n));
    return makeTuple([r.start, r.stop, r.step]);
  }),
);
