/**
 * The awaitable protocol for await, async for and async with: turning an object
 * into the iterator that YIELD_FROM drives.
 */

import type { PyValue } from "../objects/base.ts";
import { coroutineType, PyGenerator } from "../objects/generator.ts";
import { getAttrOrUndefined } from "../objects/attr.ts";
import { getIter } from "../objects/ops.ts";
import { PyAttributeError, PyTypeError, raise } from "../objects/exception.ts";
import { typeName } from "../objects/typeof.ts";
import { callValue } from "./call.ts";

export function awaitableIterator(obj: PyValue): PyValue {
  if (obj instanceof PyGenerator) return obj;
  const await_ = getAttrOrUndefined(obj, "__await__");
  if (await_ !== undefined) {
    const it = callValue(await_, [], null);
    return it instanceof PyGenerator ? it : getIter(it);
  }
  // MicroPython also accepts any iterator/generator-like object here.
  const iter = getAttrOrUndefined(obj, "__iter__");
  if (iter !== undefined) return getIter(obj);
  raise(PyTypeError, `'${typeName(obj)}' object isn't awaitable`);
}

export function getAsyncIter(obj: PyValue): PyValue {
  const aiter = getAttrOrUndefined(obj, "__aiter__");
  if (aiter === undefined) {
    raise(PyAttributeError, `'${typeName(obj)}' object has no attribute '__aiter__'`);
  }
  return callValue(aiter, [], null);
}

export function asyncIterNext(aiter: PyValue): PyValue {
  const anext = getAttrOrUndefined(aiter, "__anext__");
  if (anext === undefined) {
    raise(PyAttributeError, `'${typeName(aiter)}' object has no attribute '__anext__'`);
  }
  return awaitableIterator(callValue(anext, [], null));
}

export function beforeAsyncWith(mgr: PyValue): [PyValue, PyValue] {
  const aenter = getAttrOrUndefined(mgr, "__aenter__");
  if (aenter === undefined) {
    raise(PyAttributeError, `'${typeName(mgr)}' object has no attribute '__aenter__'`);
  }
  const aexit = getAttrOrUndefined(mgr, "__aexit__");
  if (aexit === undefined) {
    raise(PyAttributeError, `'${typeName(mgr)}' object has no attribute '__aexit__'`);
  }
  return [aexit, awaitableIterator(callValue(aenter, [], null))];
}

export { coroutineType };
