/**
 * Behaviour of exception objects: construction, `args`, str/repr in
 * MicroPython's format (`ValueError('x',)`), `value` of StopIteration, `errno`
 * and the `[Errno 2] ENOENT` text of OSError, `code` of SystemExit.
 */

import type { PyValue } from "./base.ts";
import {
  PyAttributeError,
  PyBaseException,
  PyBaseExceptionType,
  PyOSError,
  PyStopIteration,
  PySystemExit,
  PyTypeError,
  raise,
} from "./exception.ts";
import { repr, str } from "./ops.ts";
import { makeTuple, PyTuple } from "./tuple.ts";
import { PyList } from "./list.ts";
import { getter } from "./property.ts";
import { native } from "./function.ts";
import { errnoName } from "../modules/errno_table.ts";

const base = PyBaseExceptionType;

base.newSlot = (cls, args, kwnames) => {
  const n = kwnames === null ? args.length : args.length - kwnames.length;
  return new PyBaseException(cls, args.slice(0, n));
};
base.initSlot = (self: PyBaseException, args, kwnames) => {
  const n = kwnames === null ? args.length : args.length - kwnames.length;
  self.args = args.slice(0, n);
  self.incomplete = false;
};
base.reprSlot = (self: PyBaseException) => {
  const args = self.args;
  if (args.length === 0) return `${self.type.name}()`;
  if (args.length === 1) return `${self.type.name}(${repr(args[0])},)`;
  return self.type.name + repr(new PyTuple(args));
};
base.strSlot = (self: PyBaseException) => exceptionMessage(self);

/** The text after "Type: " in a traceback, and str(exc). */
export function exceptionMessage(exc: PyBaseException): string {
  const args = exc.args;
  if (exc.type.isSubclassOf(PyOSError) && args.length >= 1 && typeof args[0] === "number") {
    // Only the codes errno knows by name get MicroPython's "[Errno N] NAME" form.
    const name = errnoName(args[0]);
    if (name !== undefined && args.length === 1) return `[Errno ${args[0]}] ${name}`;
    if (name !== undefined && args.length === 2) {
      return `[Errno ${args[0]}] ${name}: ${str(args[1])}`;
    }
  }
  if (args.length === 0) return "";
  if (args.length === 1) return str(args[0]);
  return repr(new PyTuple(args));
}

base.define(
  "args",
  getter((e: PyBaseException) => new PyTuple(e.args.slice()), (e: PyBaseException, v: PyValue) => {
    // A user subclass may set its own args (e.g. in __init__); a built-in exception's are fixed.
    if (!e.type.isHeapType) {
      raise(PyAttributeError, `'${e.type.name}' object has no attribute 'args'`);
    }
    e.args = v instanceof PyTuple ? v.items.slice() : [v];
  }),
);
// MicroPython's form of the traceback: (filename, line, function) tuples, innermost
// first; assigning None forgets it.
base.define(
  "__traceback__",
  getter(
    (e: PyBaseException) =>
      new PyList(e.traceback.map((t) => makeTuple([t.filename, t.line, t.name]))),
    (e: PyBaseException, v: PyValue) => {
      if (v !== null) raise(PyTypeError, "__traceback__ must be None");
      e.traceback = [];
    },
  ),
);
base.define(
  "__cause__",
  getter((e: PyBaseException) => e.cause, (e: PyBaseException, v: PyValue) => {
    e.cause = v;
  }),
);
base.define("with_traceback", native("with_traceback", 2, 2, (a) => a[0]));
PyStopIteration.define(
  "value",
  getter((e: PyBaseException) => (e.args.length > 0 ? e.args[0] : null)),
);
PySystemExit.define("code", getter((e: PyBaseException) => (e.args.length > 0 ? e.args[0] : null)));
PyOSError.define("errno", getter((e: PyBaseException) => (e.args.length > 0 ? e.args[0] : null)));
PyOSError.define(
  "strerror",
  getter((e: PyBaseException) => (e.args.length > 1 ? e.args[1] : null)),
);

// Exception instances of user subclasses get a __dict__ like any heap-type instance.
export { base as baseExceptionType };

// The builtin exception types were created before these slots existed: copy them down.
import { builtinExceptionTypes, PyJSError } from "./exception.ts";
for (const type of [...builtinExceptionTypes, PyJSError]) {
  if (type !== base) type.inheritSlots(base);
}
