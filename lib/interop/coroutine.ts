/**
 * Python coroutines as JS Promises. The driver resumes the coroutine; each time
 * it yields a PyJsPromise (an `await` on a JsProxy, see js_proxy.ts, or on
 * asyncio's own JsPromise) the driver awaits it, then sends the value (or
 * throws the rejection, as JSError) back in. A bare `yield` (None) gives the event loop one turn. The wall-clock
 * limit covers the waiting.
 */

import type { PyValue } from "../objects/base.ts";
import { PyBaseException, PyRuntimeError } from "../objects/exception.ts";
import { type PyGenerator, resumeGenerator } from "../objects/generator.ts";
import { activeVM, type VMState } from "../vm/state.ts";
import { beforeDeadline } from "../vm/drive.ts";
import { PyJsPromise } from "../modules/asyncio_native.ts";
import { jsErrorToPython } from "./errors.ts";
import { toJS as toJSValue } from "./convert.ts";
import { hostOf } from "./host.ts";
import { withVM } from "./calls.ts";

/** Runs a coroutine to completion; resolves with its return value. */
export async function driveCoroutine(state: VMState, coroutine: PyGenerator): Promise<PyValue> {
  let send: PyValue = null;
  let thrown: PyBaseException | null = null;
  for (;;) {
    const yielded = withVM(state, () => resumeGenerator(coroutine, send, thrown));
    if (coroutine.finished) return yielded;
    send = null;
    thrown = null;
    if (yielded instanceof PyJsPromise) {
      try {
        const value = await beforeDeadline(state, yielded.promise);
        send = value === undefined ? null : value;
      } catch (e) {
        thrown = e instanceof PyBaseException ? e : withVM(state, () => jsErrorToPython(e));
      }
    } else if (yielded === null) {
      await new Promise((resolve) => setTimeout(resolve, 0));
    } else {
      thrown = new PyBaseException(PyRuntimeError, [
        "a coroutine run from JS can only await JS Promises and Python coroutines",
      ]);
    }
  }
}

/** A coroutine crossing into JS: a Promise of its result, converted to JS. */
export function coroutineToPromise(coroutine: PyGenerator): Promise<unknown> {
  const host = hostOf(activeVM());
  return host.runAsync(async () => {
    const result = await driveCoroutine(host.state, coroutine);
    return withVM(host.state, () => toJSValue(result));
  });
}
