/**
 * Generators, coroutines and async generators: a suspended Frame plus its state.
 *
 * Resuming runs the frame as an entry frame of a nested dispatch loop until it
 * yields (frame.yielded) or returns. `send`, `throw` and `close` follow
 * MicroPython's messages; StopIteration escaping a generator body becomes
 * RuntimeError (PEP 479), as in MicroPython.
 */

import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import type { Frame } from "../vm/frame.ts";
import { CodeFlags } from "../compiler/bytecode.ts";
import {
  PyBaseException,
  PyGeneratorExit,
  PyRuntimeError,
  PyStopIteration,
  PyTypeError,
  PyValueError,
  raise,
} from "./exception.ts";
import { native } from "./function.ts";
import { execute } from "../vm/interpreter.ts";
import { makeException } from "../vm/raise.ts";
import { activeVM } from "../vm/state.ts";

export const generatorType = new PyType("generator", []);
// A coroutine keeps its own type (awaitable, and turned into a JS Promise at the
// interop boundary) but MicroPython calls it a generator, so that is its name.
export const coroutineType = new PyType("generator", []);

export class PyGenerator extends PyObject {
  frame: Frame;
  started: boolean;
  finished: boolean;
  running: boolean;
  /** What `pend_throw` left to be thrown in at the next resume (undefined: nothing). */
  pending: PyValue | undefined;

  constructor(frame: Frame, type: PyType) {
    super(type);
    this.frame = frame;
    this.started = false;
    this.finished = false;
    this.running = false;
    this.pending = undefined;
  }
}

export function makeGenerator(frame: Frame): PyGenerator {
  const flags = frame.code.flags;
  // An async def that yields (ASYNC_GENERATOR) makes a plain generator, as in
  // MicroPython, which has no async generators.
  const type = (flags & CodeFlags.COROUTINE) !== 0 ? coroutineType : generatorType;
  frame.isEntry = true;
  const gen = new PyGenerator(frame, type);
  frame.generator = gen;
  return gen;
}

/**
 * Resumes `gen` with `value` sent in (or `exc` thrown in). Returns the yielded
 * value, or — when gen.finished is now set — the return value. `exc` may be a
 * raw value from `throw(x)` rather than an exception: a `yield from` that
 * delegates to a user object's `throw` method hands it over unchanged, and only
 * where it is raised does it become an exception (or a TypeError).
 */
export function resumeGenerator(
  gen: PyGenerator,
  value: PyValue,
  exc: PyValue,
): PyValue {
  // MicroPython: a finished generator only stops again, whatever is thrown in.
  if (gen.finished) return null;
  if (gen.running) raise(PyValueError, "generator already executing");
  if (exc === null && gen.pending !== undefined) {
    // MicroPython's pend_throw: a plain resume throws the pended value instead.
    exc = gen.pending;
    value = null;
    gen.pending = undefined;
  }
  const frame = gen.frame;
  if (!gen.started) {
    if (exc === null && value !== null) {
      raise(PyTypeError, "can't send non-None value to a just-started generator");
    }
    gen.started = true;
    if (exc !== null) {
      gen.finished = true;
      throw makeException(exc);
    }
  } else if (exc === null) {
    frame.stack[frame.sp++] = value;
  } else {
    frame.throwOnResume = exc;
  }
  gen.running = true;
  const vm = activeVM();
  const outerHandled = vm.handled;
  vm.handled = frame.savedHandled;
  let result: PyValue;
  try {
    result = execute(frame, false);
  } catch (e) {
    gen.finished = true;
    if (e instanceof PyBaseException && e.type === PyStopIteration) {
      throw new PyBaseException(PyRuntimeError, ["generator raised StopIteration"]);
    }
    throw e;
  } finally {
    gen.running = false;
    frame.savedHandled = vm.handled;
    vm.handled = outerHandled;
  }
  if (!frame.yielded) gen.finished = true;
  return result;
}

function selfGen(args: PyValue[]): PyGenerator {
  const g = args[0];
  if (!(g instanceof PyGenerator)) raise(PyTypeError, "expected a generator");
  return g;
}

function stopIteration(value: PyValue): PyBaseException {
  return new PyBaseException(PyStopIteration, value === null ? [] : [value]);
}

export function sendToGenerator(
  gen: PyGenerator,
  value: PyValue,
  exc: PyValue,
): PyValue {
  const r = resumeGenerator(gen, value, exc);
  if (gen.finished) throw stopIteration(r);
  return r;
}

export function closeGenerator(gen: PyGenerator): PyValue {
  if (gen.finished) return null;
  if (!gen.started) {
    gen.finished = true;
    return null;
  }
  try {
    resumeGenerator(gen, null, new PyBaseException(PyGeneratorExit, []));
  } catch (e) {
    if (
      e instanceof PyBaseException &&
      (e.type.isSubclassOf(PyGeneratorExit) || e.type === PyStopIteration)
    ) {
      return null;
    }
    throw e;
  }
  if (!gen.finished) raise(PyRuntimeError, "generator ignored GeneratorExit");
  return null;
}

for (const type of [generatorType, coroutineType]) {
  type.reprSlot = (g: PyGenerator) =>
    `<${type.name} object '${g.frame.code.name}' at ${identity(g)}>`;
  type.define("send", native("send", 2, 2, (a) => sendToGenerator(selfGen(a), a[1], null)));
  type.define(
    "throw",
    native(
      "throw",
      2,
      4,
      (a) =>
        sendToGenerator(
          selfGen(a),
          null,
          a.length > 2 || a[1] === null ? makeException(a[1], a[2]) : a[1],
        ),
    ),
  );
  type.define("close", native("close", 1, 1, (a) => closeGenerator(selfGen(a))));
}
// generator.pend_throw(value): MicroPython's way to make the next resume raise
// `value` (asyncio cancels tasks with it); returns what was pended before.
generatorType.define(
  "pend_throw",
  native("pend_throw", 2, 2, (a) => {
    const gen = selfGen(a);
    const previous = gen.pending === undefined ? null : gen.pending;
    gen.pending = a[1];
    return previous;
  }),
);
generatorType.iterSlot = (g) => g;
generatorType.nextSlot = (g: PyGenerator) => {
  const r = resumeGenerator(g, null, null);
  return g.finished ? undefined : r;
};
coroutineType.define("__await__", native("__await__", 1, 1, (a) => selfGen(a)));
coroutineType.iterSlot = (g) => g;
coroutineType.nextSlot = generatorType.nextSlot;

import { identityOf } from "./ops.ts";
function identity(g: PyGenerator): string {
  return "0x" + identityOf(g).toString(16);
}
