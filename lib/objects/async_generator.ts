/**
 * Async generators (PEP 525): an `async def` that yields. The body runs on a
 * PyGenerator frame like any generator, but two kinds of suspension leave it:
 * `yield v` produces the next value of the async iteration, while an `await`
 * inside passes the awaited object's own yields up to whoever drives the
 * awaiting coroutine (the event loop). The interpreter tells them apart by
 * wrapping a direct `yield` of such a frame in an AsyncGenValue.
 *
 * `__anext__()`, `asend(v)`, `athrow(...)` and `aclose()` each return an
 * AsyncGenStep: an awaitable that resumes the generator, forwards awaited
 * yields, and completes with the yielded value (StopIteration(v) to a manual
 * driver), or raises StopAsyncIteration once the generator has finished.
 */

import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import {
  PyBaseException,
  PyGeneratorExit,
  PyRuntimeError,
  PyStopAsyncIteration,
  PyStopIteration,
  PyTypeError,
  raise,
} from "./exception.ts";
import { native } from "./function.ts";
import { asyncGeneratorType, PyGenerator, resumeGenerator } from "./generator.ts";
import { makeException } from "../vm/raise.ts";
import { identityOf } from "./ops.ts";

/** A value an async generator's body yielded with `yield` (not from inside an await). */
export class AsyncGenValue {
  constructor(public value: PyValue) {}
}

/** What a step asks of the generator on its first resume. */
const enum StepKind {
  SEND, // __anext__() and asend(v): resume with a value
  THROW, // athrow(...): raise an exception at the paused yield
  CLOSE, // aclose(): raise GeneratorExit; the generator must finish
}

export const asyncGenStepType = new PyType("async_generator_step", []);

export class AsyncGenStep extends PyObject {
  gen: PyGenerator;
  kind: StepKind;
  /** The value to send, or the exception to throw, on the first resume. */
  first: PyValue;
  started: boolean;
  done: boolean;

  constructor(gen: PyGenerator, kind: StepKind, first: PyValue) {
    super(asyncGenStepType);
    this.gen = gen;
    this.kind = kind;
    this.first = first;
    this.started = false;
    this.done = false;
  }

  /**
   * Resumes the generator once. Returns a value the awaiting side must yield on
   * (this.done false) or the await's result (this.done true); raises
   * StopAsyncIteration when the generator has no more values.
   */
  step(value: PyValue, exc: PyValue): PyValue {
    if (this.done) raise(PyRuntimeError, "cannot reuse already awaited __anext__()/asend()");
    const gen = this.gen;
    if (!this.started) {
      this.started = true;
      if (this.kind === StepKind.CLOSE && (!gen.started || gen.finished)) {
        gen.finished = true;
        return this.finish(null);
      }
      if (gen.finished) {
        this.done = true;
        if (this.kind === StepKind.THROW) throw makeException(this.first);
        throw new PyBaseException(PyStopAsyncIteration, []);
      }
      if (this.kind === StepKind.SEND) value = this.first;
      else exc = this.first;
    }
    let r: PyValue;
    try {
      r = resumeGenerator(gen, value, exc);
    } catch (e) {
      this.done = true;
      if (e instanceof PyBaseException) {
        if (e.type.isSubclassOf(PyStopAsyncIteration)) {
          if (this.kind === StepKind.CLOSE) return null;
          throw new PyBaseException(PyRuntimeError, ["async generator raised StopAsyncIteration"]);
        }
        if (this.kind === StepKind.CLOSE && e.type.isSubclassOf(PyGeneratorExit)) return null;
      }
      throw e;
    }
    if (gen.finished) {
      this.done = true;
      if (this.kind === StepKind.CLOSE) return null;
      throw new PyBaseException(PyStopAsyncIteration, []);
    }
    if (r instanceof AsyncGenValue) {
      if (this.kind === StepKind.CLOSE) {
        this.done = true;
        raise(PyRuntimeError, "async generator ignored GeneratorExit");
      }
      return this.finish(r.value);
    }
    return r; // an await inside the body is waiting: pass its yield up
  }

  private finish(result: PyValue): PyValue {
    this.done = true;
    return result;
  }
}

/** A manual driver (send/throw/__next__ called from Python) sees completion as StopIteration. */
function drive(step: AsyncGenStep, value: PyValue, exc: PyValue): PyValue {
  const r = step.step(value, exc);
  if (step.done) throw new PyBaseException(PyStopIteration, r === null ? [] : [r]);
  return r;
}

function selfStep(args: PyValue[]): AsyncGenStep {
  const s = args[0];
  if (!(s instanceof AsyncGenStep)) raise(PyTypeError, "expected an async generator step");
  return s;
}

asyncGenStepType.iterSlot = (s) => s;
asyncGenStepType.nextSlot = (s: AsyncGenStep) => {
  const r = s.step(null, null);
  return s.done ? undefined : r;
};
asyncGenStepType.define("__await__", native("__await__", 1, 1, (a) => selfStep(a)));
asyncGenStepType.define("send", native("send", 2, 2, (a) => drive(selfStep(a), a[1], null)));
asyncGenStepType.define(
  "throw",
  native("throw", 2, 4, (a) => drive(selfStep(a), null, makeException(a[1], a[2]))),
);
asyncGenStepType.define(
  "close",
  native("close", 1, 1, (a) => {
    selfStep(a).done = true;
    return null;
  }),
);

function selfGen(args: PyValue[]): PyGenerator {
  const g = args[0];
  if (!(g instanceof PyGenerator) || g.type !== asyncGeneratorType) {
    raise(PyTypeError, "expected an async generator");
  }
  return g;
}

asyncGeneratorType.reprSlot = (g: PyGenerator) =>
  `<async_generator object '${g.frame.code.name}' at 0x${identityOf(g).toString(16)}>`;
asyncGeneratorType.define("__aiter__", native("__aiter__", 1, 1, (a) => selfGen(a)));
asyncGeneratorType.define(
  "__anext__",
  native("__anext__", 1, 1, (a) => new AsyncGenStep(selfGen(a), StepKind.SEND, null)),
);
asyncGeneratorType.define(
  "asend",
  native("asend", 2, 2, (a) => new AsyncGenStep(selfGen(a), StepKind.SEND, a[1])),
);
asyncGeneratorType.define(
  "athrow",
  native("athrow", 2, 4, (a) => {
    const exc = a.length > 2 || a[1] === null ? makeException(a[1], a[2]) : a[1];
    return new AsyncGenStep(selfGen(a), StepKind.THROW, exc);
  }),
);
asyncGeneratorType.define(
  "aclose",
  native("aclose", 1, 1, (a) => {
    return new AsyncGenStep(selfGen(a), StepKind.CLOSE, new PyBaseException(PyGeneratorExit, []));
  }),
);
