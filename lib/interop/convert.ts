/**
 * The value rules at the boundary.
 *
 *   Python             JS
 *   int            <-> number (a safe integer) / bigint (beyond 2**53)
 *   float          <-> number (non-integral, NaN, ±Infinity)
 *   str            <-> string
 *   bool           <-> boolean
 *   None           <-  null, undefined;  None -> null
 *   bytes          <-> Uint8Array (copied; bytearray, memoryview and ArrayBuffer views also
 *                      become bytes/Uint8Array copies)
 *   list, tuple    <-> Array (copied, element by element; a JS array becomes a list)
 *   dict           <-> plain object when every key is a str, else Map; a JS Map or a plain
 *                      data object (enumerable non-function properties only) becomes a dict
 *                      (copied); an object with methods stays a live proxy
 *   set, frozenset <-> Set (copied)
 *   coroutine       -> Promise (driven by coroutine.ts)
 *   anything else   -> a live proxy: PyProxy in JS (py_proxy.ts), JsProxy in Python
 *                      (js_proxy.ts); a proxy crossing back is unwrapped to the original.
 *
 * Containers are copied deeply with a memo, so shared and cyclic structure
 * survives; plain data crossing is therefore a snapshot, and code that needs a
 * live view passes the object through a proxy instead (a class instance, a
 * function).
 */

import type { PyValue } from "../objects/base.ts";
import { PyFloat } from "../objects/float.ts";
import { normBig } from "../objects/int.ts";
import { PyByteArray, PyBytes } from "../objects/bytes.ts";
import { PyList } from "../objects/list.ts";
import { PyTuple } from "../objects/tuple.ts";
import { PyDict } from "../objects/dict.ts";
import { PySet } from "../objects/set.ts";
import { coroutineType, PyGenerator } from "../objects/generator.ts";
import { PyJsProxy } from "./js_proxy.ts";
import { isPyProxy, makePyProxy, unwrapPyProxy } from "./py_proxy.ts";
import { coroutineToPromise } from "./coroutine.ts";
import { setJSErrorWrapper } from "./errors.ts";

/** Converts a JS value into a Python value by the rules above. */
export function toPython(value: unknown, memo?: Map<unknown, PyValue>): PyValue {
  switch (typeof value) {
    case "undefined":
      return null;
    case "boolean":
    case "string":
      return value;
    case "number":
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? value : new PyFloat(value);
    case "bigint":
      return normBig(value);
    case "symbol":
      return new PyJsProxy(value, undefined);
    case "function":
      if (isPyProxy(value)) return unwrapPyProxy(value);
      return new PyJsProxy(value, undefined);
  }
  if (value === null) return null;
  const seen = memo?.get(value);
  if (seen !== undefined) return seen;
  if (value instanceof Uint8Array) return new PyBytes(value.slice());
  if (ArrayBuffer.isView(value)) {
    return new PyBytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice());
  }
  if (value instanceof ArrayBuffer) return new PyBytes(new Uint8Array(value.slice(0)));
  if (Array.isArray(value)) {
    const list = new PyList([]);
    (memo ??= new Map()).set(value, list);
    for (const item of value) list.items.push(toPython(item, memo));
    return list;
  }
  if (value instanceof Map) {
    const dict = new PyDict();
    (memo ??= new Map()).set(value, dict);
    for (const [k, v] of value) dict.set(toPython(k, memo), toPython(v, memo));
    return dict;
  }
  if (value instanceof Set) {
    const set = new PySet();
    (memo ??= new Map()).set(value, set);
    for (const item of value) set.add(toPython(item, memo));
    return set;
  }
  if (isPlainData(value as object)) {
    const dict = new PyDict();
    (memo ??= new Map()).set(value, dict);
    for (const key of Object.keys(value as object)) {
      dict.setStr(key, toPython((value as Record<string, unknown>)[key], memo));
    }
    return dict;
  }
  return new PyJsProxy(value, undefined);
}

/**
 * Whether a JS object is plain data, copied as a dict: its prototype is
 * Object.prototype or null and its own properties are enumerable non-functions.
 * Namespaces such as `Math`, `JSON` or `console` fail this and stay live proxies.
 */
function isPlainData(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(value);
  if (Object.getOwnPropertyNames(value).length !== keys.length) return false;
  for (const key of keys) {
    if (typeof (value as Record<string, unknown>)[key] === "function") return false;
  }
  return true;
}

/** Converts a Python value into a JS value by the rules above. */
export function toJS(value: PyValue, memo?: Map<PyValue, unknown>): unknown {
  switch (typeof value) {
    case "number":
    case "bigint":
    case "boolean":
    case "string":
      return value;
    case "undefined":
      return undefined;
  }
  if (value === null) return null;
  if (value instanceof PyFloat) return value.value;
  if (value instanceof PyJsProxy) return value.value;
  const seen = memo?.get(value);
  if (seen !== undefined) return seen;
  if (value instanceof PyBytes || value instanceof PyByteArray) return value.data.slice();
  if (value instanceof PyList || value instanceof PyTuple) {
    const out: unknown[] = [];
    (memo ??= new Map()).set(value, out);
    for (const item of value.items) out.push(toJS(item, memo));
    return out;
  }
  if (value instanceof PyDict && value.type.name === "dict") return dictToJS(value, memo);
  if (value instanceof PySet) {
    const out = new Set<unknown>();
    (memo ??= new Map()).set(value, out);
    for (const item of value.values()) out.add(toJS(item, memo));
    return out;
  }
  if (value instanceof PyGenerator && value.type === coroutineType) {
    return coroutineToPromise(value);
  }
  return makePyProxy(value);
}

function dictToJS(dict: PyDict, memo: Map<PyValue, unknown> | undefined): unknown {
  let allStr = true;
  for (const [key] of dict.entries()) {
    if (typeof key !== "string") {
      allStr = false;
      break;
    }
  }
  memo ??= new Map();
  if (allStr) {
    const out: Record<string, unknown> = {};
    memo.set(dict, out);
    for (const [key, v] of dict.entries()) out[key as string] = toJS(v, memo);
    return out;
  }
  const out = new Map<unknown, unknown>();
  memo.set(dict, out);
  for (const [key, v] of dict.entries()) out.set(toJS(key, memo), toJS(v, memo));
  return out;
}

setJSErrorWrapper(toPython);
