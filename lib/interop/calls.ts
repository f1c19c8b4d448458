/**
 * Calling Python from JS. A Python function runs through the async driver, so
 * JS Promises it meets suspend it without blocking the event loop; other
 * callables (natives, classes, bound methods of natives) are called directly.
 * A coroutine that comes back is run to completion by the coroutine driver, so
 * calling an `async def` from JS gives a Promise of its result.
 */

import type { PyValue } from "../objects/base.ts";
import { PyBoundMethod, PyFunction } from "../objects/function.ts";
import { callValue, GENERATOR_LIKE, makeFrame } from "../vm/call.ts";
import { driveFrame } from "../vm/drive.ts";
import { type VMState, withVM } from "../vm/state.ts";
import { coroutineType, PyGenerator } from "../objects/generator.ts";
import { driveCoroutine } from "./coroutine.ts";

export { withVM };

/** Calls a Python callable; resolves with its result (a coroutine's result, for async def). */
export async function callPython(
  state: VMState,
  fn: PyValue,
  args: PyValue[],
  kwnames: string[] | null = null,
): Promise<PyValue> {
  let result: PyValue;
  let callee = fn;
  let all = args;
  if (callee instanceof PyBoundMethod && callee.func instanceof PyFunction) {
    all = [callee.self, ...args];
    callee = callee.func;
  }
  if (callee instanceof PyFunction && (callee.code.flags & GENERATOR_LIKE) === 0) {
    const frame = withVM(state, () => makeFrame(callee, all, 0, all.length, kwnames));
    frame.isEntry = true;
    result = await driveFrame(state, frame);
  } else {
    result = withVM(state, () => callValue(callee, all, kwnames));
    if (result instanceof Promise) result = await result;
  }
  if (result instanceof PyGenerator && result.type === coroutineType) {
    return await driveCoroutine(state, result);
  }
  return result;
}
