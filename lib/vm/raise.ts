/**
 * What `raise X` does with X, and what `except T` matches: turning a class or an
 * instance into an exception object, and testing an exception against a type or a
 * tuple of types.
 */

import type { PyValue } from "../objects/base.ts";
import { PyType } from "../objects/type.ts";
import { PyBaseException, PyBaseExceptionType, PyTypeError, raise } from "../objects/exception.ts";
import { PyTuple } from "../objects/tuple.ts";
import { callValue } from "./call.ts";

/** The exception object for `raise value` (a class is instantiated, with `arg` if given). */
export function makeException(value: PyValue, arg?: PyValue): PyBaseException {
  if (value instanceof PyBaseException && !value.incomplete) return value;
  if (value instanceof PyType && value.isSubclassOf(PyBaseExceptionType)) {
    if (arg instanceof PyBaseException && arg.type.isSubclassOf(value)) return arg;
    const args = arg === undefined || arg === null
      ? []
      : arg instanceof PyTuple
      ? arg.items
      : [arg];
    const exc = callValue(value, args, null);
    if (exc instanceof PyBaseException) return exc;
  }
  raise(PyTypeError, "exceptions must derive from BaseException");
}

export function exceptionMatches(exc: PyValue, type: PyValue): boolean {
  if (!(exc instanceof PyBaseException)) return false;
  if (type instanceof PyType) return exc.type.isSubclassOf(type);
  if (type instanceof PyTuple) {
    for (const t of type.items) if (exceptionMatches(exc, t)) return true;
    return false;
  }
  raise(PyTypeError, "catching classes that do not inherit from BaseException is not allowed");
}
