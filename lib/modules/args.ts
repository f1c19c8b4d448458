/**
 * Argument conversions shared by the modules, with MicroPython's messages.
 */

import type { PyValue } from "../objects/base.ts";
import { PyTypeError, raise } from "../objects/exception.ts";
import { asInt } from "../objects/int.ts";
import { typeName } from "../objects/typeof.ts";

/** An int argument as a JS number ("can't convert X to int" otherwise). */
export function intArg(v: PyValue): number {
  const n = asInt(v);
  if (n === undefined) raise(PyTypeError, `can't convert ${typeName(v)} to int`);
  return Number(n);
}

/** An optional size argument: -1 when absent or None. */
export function sizeArg(args: PyValue[], i: number): number {
  return args.length > i && args[i] !== null ? intArg(args[i]) : -1;
}

/**
 * The part of `data` a stream's write(buf[, length]) or write(buf, offset, length)
 * sends: MicroPython's extended form, clamping offset and length to the buffer.
 */
export function writeWindow(data: Uint8Array, args: PyValue[]): Uint8Array {
  if (args.length < 3) return data;
  const offset = args.length > 3 ? Math.min(Math.max(intArg(args[2]), 0), data.length) : 0;
  const length = intArg(args[args.length > 3 ? 3 : 2]);
  return data.subarray(offset, offset + Math.max(length, 0));
}
