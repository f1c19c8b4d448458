/**
 * Exceptions crossing the boundary.
 *
 * Python -> JS: a Python exception reaching JS code becomes a `PythonError`
 * carrying the Python type name, message and formatted traceback; a sandbox
 * limit hit becomes its subclass `LimitError`. JS -> Python: anything a JS
 * function throws (or a Promise rejects with) becomes a Python `JSError` whose
 * `js` attribute is the original value and whose `stack` is the JS stack. An
 * exception that crosses back the way it came is unwrapped, so a Python
 * exception passing through a JS callback is still the same Python exception.
 */

import { PyBaseException, PyJSError } from "../objects/exception.ts";
import { getter } from "../objects/property.ts";
import { formatException, formatExceptionOnly } from "../vm/traceback.ts";
import { type LimitKind, limitKindOf } from "../vm/limits.ts";

/** A Python exception seen from JavaScript. */
export class PythonError extends Error {
  /** The Python exception type's name, e.g. `"ValueError"`. */
  readonly pythonType: string;
  /** `str()` of the exception: the message without the type. */
  readonly pythonMessage: string;
  /** The traceback as Python prints it ("Traceback (most recent call last): ..."). */
  readonly traceback: string;
  /** @internal The Python exception itself (re-raised if this error goes back into Python). */
  readonly exception: PyBaseException;

  /** @ignore Made by the VM from a Python exception. */
  constructor(exception: PyBaseException, options?: ErrorOptions) {
    const only = formatExceptionOnly(exception).trimEnd();
    super(only, options);
    this.name = "PythonError";
    this.exception = exception;
    this.pythonType = exception.type.name;
    this.pythonMessage = only.slice(exception.type.name.length + 2);
    this.traceback = formatException(exception);
  }
}

/** A run stopped by a sandbox limit; Python code could not catch it. */
export class LimitError extends PythonError {
  /** Which limit was hit. */
  readonly limit: LimitKind;
  /** @ignore Made by the VM when a limit stops a run. */
  constructor(exception: PyBaseException, limit: LimitKind) {
    super(exception);
    this.name = "LimitError";
    this.limit = limit;
  }
}

/** The JS value behind each JSError raised in Python. */
const jsCauses = new WeakMap<PyBaseException, unknown>();

/** Lets the JSError type show the JS value (`e.js`) and stack (`e.stack`); set by convert.ts. */
let wrapForPython: (value: unknown) => unknown = (value) => value;
export function setJSErrorWrapper(wrap: (value: unknown) => unknown): void {
  wrapForPython = wrap;
}

PyJSError.define(
  "js",
  getter((e: PyBaseException) => {
    const cause = jsCauses.get(e);
    return cause === undefined ? null : wrapForPython(cause);
  }),
);
PyJSError.define(
  "stack",
  getter((e: PyBaseException) => {
    const cause = jsCauses.get(e);
    return cause instanceof Error && typeof cause.stack === "string" ? cause.stack : null;
  }),
);

/** What a thrown JS value becomes in Python. */
export function jsErrorToPython(error: unknown): PyBaseException {
  if (error instanceof PyBaseException) return error;
  if (error instanceof PythonError) return error.exception;
  let message: string;
  if (error instanceof Error) message = `${error.name}: ${error.message}`;
  else {
    try {
      message = String(error);
    } catch {
      message = "<unprintable JS value>";
    }
  }
  const exc = new PyBaseException(PyJSError, [message]);
  jsCauses.set(exc, error);
  return exc;
}

/** What a Python exception becomes in JS: a PythonError (a LimitError for a limit hit). */
export function pythonErrorToJS(exc: PyBaseException): PythonError {
  const limit = limitKindOf(exc);
  if (limit !== undefined) return new LimitError(exc, limit);
  const cause = jsCauses.get(exc);
  return new PythonError(exc, cause === undefined ? undefined : { cause });
}
