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
