/**
 * Awaiting a JS Promise inside an asyncio task. asyncio's loop (written in
 * Python, lib/modules/asyncio_source.ts) resumes tasks itself, so the host's
 * coroutine driver never sees what they yield; instead the await becomes a
 * small coroutine that lets other tasks run (`asyncio.sleep_ms`) until the
 * Promise has settled. The loop's own sleeps give the JS event loop its turns
 * (time.sleep_ms returns a Promise where the VM can suspend), so the Promise
 * does settle, and the run's time limit bounds the wait.
 */

import { PyObject, type PyValue } from "../objects/base.ts";
import { PyType } from "../objects/type.ts";
import { native } from "../objects/function.ts";
import type { PyDict } from "../objects/dict.ts";
import { PyBaseException } from "../objects/exception.ts";
import { activeVM } from "../vm/state.ts";
import { compileSource } from "../vm/compile_bridge.ts";
import { Frame } from "../vm/frame.ts";
import { prepareCode } from "../vm/code_info.ts";
import { runFrame } from "../vm/interpreter.ts";
import { callValue } from "../vm/call.ts";
import { PyModule } from "../objects/module.ts";
import { jsErrorToPython } from "./errors.ts";
import { toPython } from "./convert.ts";

const promiseStateType = new PyType("JsPromiseState", []);

/** A Promise's outcome as Python polls it. */
class PyPromiseState extends PyObject {
  done: boolean;
  value: unknown;
  error: unknown;
  failed: boolean;
  constructor(promise: PromiseLike<unknown>) {
    super(promiseStateType);
    this.done = false;
    this.value = undefined;
    this.error = undefined;
    this.failed = false;
    promise.then((value) => {
      this.value = value;
      this.done = true;
    }, (error) => {
      this.error = error;
      this.failed = true;
      this.done = true;
    });
  }
}

promiseStateType.define("done", native("done", 1, 1, (a) => (a[0] as PyPromiseState).done));
promiseStateType.define(
  "result",
  native("result", 1, 1, (a) => {
    const state = a[0] as PyPromiseState;
    if (state.failed) {
      const error = state.error;
      throw error instanceof PyBaseException ? error : jsErrorToPython(error);
    }
    return toPython(state.value);
  }),
);

const HELPER_SOURCE = `
from asyncio import sleep_ms
async def wait(state):
    while not state.done():
        await sleep_ms(1)
    return state.result()
`;

/** The asyncio module when the current code runs inside one of its tasks, else null. */
export function runningAsyncio(): PyModule | null {
  const asyncio = activeVM().modules.getStr("asyncio");
  if (!(asyncio instanceof PyModule)) return null;
  const task = asyncio.dict.getStr("_cur_task");
  return task === undefined || task === null ? null : asyncio;
}

/** Each asyncio module's compiled helper (a VM's reset makes a new asyncio). */
const helpers = new WeakMap<PyModule, PyDict>();

/**
 * A coroutine that finishes with the Promise's value (or raises its rejection
 * as JSError), letting the other tasks of `asyncio` run meanwhile.
 */
export function awaitInAsyncio(asyncio: PyModule, promise: PromiseLike<unknown>): PyValue {
  let helper = helpers.get(asyncio);
  if (helper === undefined) {
    const code = compileSource(HELPER_SOURCE, "<js await>", "exec");
    const module = new PyModule("_js_await");
    const frame = new Frame(code, null, module.dict, module.dict, prepareCode(code).consts);
    frame.isEntry = true;
    runFrame(frame);
    helper = module.dict;
    helpers.set(asyncio, helper);
  }
  return callValue(helper.getStr("wait"), [new PyPromiseState(promise)], null);
}
