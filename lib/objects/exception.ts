/**
 * Exceptions: the PyBaseException representation, MicroPython's builtin exception
 * hierarchy, and `raise`, the one helper every part of upy uses to raise a Python
 * error from TypeScript.
 *
 * Python exceptions are thrown as the PyBaseException object itself (not a JS
 * Error), so raising costs no JS stack capture; the VM appends a traceback entry
 * per Python frame as the exception unwinds.
 */

import { PyObject, type PyValue } from "./base.ts";
import { objectType, PyType } from "./type.ts";

export interface TracebackEntry {
  filename: string;
  line: number;
  name: string;
}

export class PyBaseException extends PyObject {
  args: PyValue[];
  traceback: TracebackEntry[];
  cause: PyValue;
  context: PyValue;
  /** Set on exceptions raised for the VM's own limits: Python code cannot catch them. */
  uncatchable: boolean;
  /**
   * True while a user `__init__` runs before BaseException.__init__ has: the
   * native part is not made yet, so `raise self` there is a TypeError, as in
   * MicroPython.
   */
  incomplete: boolean;

  constructor(type: PyType, args: PyValue[]) {
    super(type);
    this.args = args;
    this.traceback = [];
    this.cause = null;
    this.context = null;
    this.uncatchable = false;
    this.incomplete = false;
  }
}

function exceptionType(name: string, base: PyType | null): PyType {
  const type = new PyType(name, [base ?? objectType]);
  type.keywordlessNew = true; // BaseException's constructor takes positional args only
  return type;
}

export const PyBaseExceptionType = exceptionType("BaseException", null);
export const PySystemExit = exceptionType("SystemExit", PyBaseExceptionType);
export const PyKeyboardInterrupt = exceptionType("KeyboardInterrupt", PyBaseExceptionType);
export const PyGeneratorExit = exceptionType("GeneratorExit", PyBaseExceptionType);
export const PyException = exceptionType("Exception", PyBaseExceptionType);
export const PyStopIteration = exceptionType("StopIteration", PyException);
export const PyStopAsyncIteration = exceptionType("StopAsyncIteration", PyException);
export const PyArithmeticError = exceptionType("ArithmeticError", PyException);
export const PyOverflowError = exceptionType("OverflowError", PyArithmeticError);
export const PyZeroDivisionError = exceptionType("ZeroDivisionError", PyArithmeticError);
export const PyAssertionError = exceptionType("AssertionError", PyException);
export const PyAttributeError = exceptionType("AttributeError", PyException);
export const PyEOFError = exceptionType("EOFError", PyException);
export const PyImportError = exceptionType("ImportError", PyException);
export const PyLookupError = exceptionType("LookupError", PyException);
export const PyIndexError = exceptionType("IndexError", PyLookupError);
export const PyKeyError = exceptionType("KeyError", PyLookupError);
export const PyMemoryError = exceptionType("MemoryError", PyException);
export const PyNameError = exceptionType("NameError", PyException);
export const PyOSError = exceptionType("OSError", PyException);
export const PyRuntimeError = exceptionType("RuntimeError", PyException);
export const PyNotImplementedError = exceptionType("NotImplementedError", PyRuntimeError);
export const PySyntaxError = exceptionType("SyntaxError", PyException);
export const PyIndentationError = exceptionType("IndentationError", PySyntaxError);
export const PyTypeError = exceptionType("TypeError", PyException);
export const PyValueError = exceptionType("ValueError", PyException);
export const PyUnicodeError = exceptionType("UnicodeError", PyValueError);
/** A JavaScript exception surfacing in Python (from an awaited Promise or JS interop). */
export const PyJSError = exceptionType("JSError", PyException);

/** Every builtin exception type, in the order they appear in `builtins`. */
export const builtinExceptionTypes: PyType[] = [
  PyBaseExceptionType,
  PySystemExit,
  PyKeyboardInterrupt,
  PyGeneratorExit,
  PyException,
  PyStopIteration,
  PyStopAsyncIteration,
  PyArithmeticError,
  PyOverflowError,
  PyZeroDivisionError,
  PyAssertionError,
  PyAttributeError,
  PyEOFError,
  PyImportError,
  PyLookupError,
  PyIndexError,
  PyKeyError,
  PyMemoryError,
  PyNameError,
  PyOSError,
  PyRuntimeError,
  PyNotImplementedError,
  PySyntaxError,
  PyIndentationError,
  PyTypeError,
  PyValueError,
  PyUnicodeError,
];

/** Creates an exception instance of a builtin (or user) exception type. */
export function newException(type: PyType, message?: PyValue): PyBaseException {
  return new PyBaseException(type, message === undefined ? [] : [message]);
}

/** Raises a Python exception of `type` from TypeScript. */
export function raise(type: PyType, message?: PyValue): never {
  throw new PyBaseException(type, message === undefined ? [] : [message]);
}

export function isException(value: unknown): value is PyBaseException {
  return value instanceof PyBaseException;
}

/** MicroPython's answer to keywords its str() and bytes() constructors do not take. */
export function unimplementedKeywords(): never {
  raise(PyNotImplementedError, "keyword argument(s) not implemented - use normal args instead");
}

/** `OSError(errno)` as MicroPython raises it: args (errno,), printed `[Errno N] NAME`. */
export function raiseOSError(errno: number, text?: string): never {
  throw new PyBaseException(PyOSError, text === undefined ? [errno] : [errno, text]);
}

/**
 * Thrown (as a JS value, not a Python exception) when an internal invariant fails.
 * Reaching a user is a bug; the VM reports it distinctly.
 */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InternalError";
  }
}
