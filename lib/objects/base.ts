/**
 * The root of upy's object representation.
 *
 * A Python value (`PyValue`) is one of:
 *   int    -> JS number when it is a safe integer, else bigint (never a bigint in the safe
 *             range: every operation normalises, so `typeof v === "number"` is the small-int
 *             fast path)
 *   bool   -> JS boolean
 *   None   -> null
 *   str    -> JS string (UTF-16; str operations convert to code points where it matters)
 *   float  -> PyFloat (boxed so it cannot be confused with an int)
 *   others -> instances of PyObject subclasses, each carrying its Python type
 * `undefined` is never a Python value: the VM uses it for "unbound local" and "no value".
 */

import type { PyType } from "./type.ts";
import type { PyDict } from "./dict.ts";

// deno-lint-ignore no-explicit-any
export type PyValue = any;

export class PyObject {
  /** The Python type; user subclasses of builtins keep the builtin's JS class. */
  type: PyType;
  /** Instance attribute dict, created on first attribute store (null for most builtins). */
  dict: PyDict | null;

  constructor(type: PyType) {
    this.type = type;
    this.dict = null;
  }
}
