/**
 * Python values living in JS: a `PyProxy` is a JS Proxy over a Python object
 * that has no plain-data equivalent (functions, class instances, modules,
 * iterators...). It is live and belongs to the VM that made it.
 *
 *   await proxy(1, 2)           call (a Promise: Python may await JS meanwhile)
 *   proxy.$call([1], {key: 2})  call with keyword arguments
 *   proxy.name                  attribute (undefined when absent), converted
 *   proxy.name = 1              attribute assignment
 *   proxy.$get(key), $set(key, value), $has(key), $len()   subscription
 *   for (const x of proxy)      iteration (synchronous)
 *   String(proxy), proxy.$repr()
 *   proxy.$type                 the Python type's name
 *   proxy.$release() / using    drop the reference: later use throws
 *
 * Names starting with `$` are the proxy's own; everything else is Python's.
 */

import type { PyValue } from "../objects/base.ts";
import { PyAttributeError, PyBaseException } from "../objects/exception.ts";
import { delAttr, getAttrOrUndefined, setAttr } from "../objects/attr.ts";
import { contains, getItem, getIter, iterNext, len, repr, setItem, str } from "../objects/ops.ts";
import { callValue } from "../vm/call.ts";
import { typeName } from "../objects/typeof.ts";
import { activeVM } from "../vm/state.ts";
import { hostOf, type PythonHost } from "./host.ts";
import { callPython } from "./calls.ts";
import { toJS, toPython } from "./convert.ts";

/** A Python object seen from JS (see the top of py_proxy.ts for what it supports). */
export interface PyProxy {
  /** Calls the Python object; resolves with its (converted) result. */
  (...args: unknown[]): Promise<unknown>;
  /** Calls with keyword arguments. */
  $call(args?: unknown[], kwargs?: Record<string, unknown>): Promise<unknown>;
  /** Calls synchronously: the Python code must not wait for a JS Promise. */
  $callSync(...args: unknown[]): unknown;
  /** `obj[key]` in Python, converted. */
  $get(key: unknown): unknown;
  /** `obj[key] = value` in Python. */
  $set(key: unknown, value: unknown): void;
  /** `key in obj` in Python. */
  $has(key: unknown): boolean;
  /** `len(obj)` in Python. */
  $len(): number;
  /** `repr(obj)` in Python. */
  $repr(): string;
  /** The Python type's name. */
  readonly $type: string;
  /** Drops the reference to the Python object; using the proxy afterwards throws. */
  $release(): void;
  /** `using proxy = ...` releases it at the end of the scope. */
  [Symbol.dispose](): void;
  /** Iterates the Python object (synchronously), converting each item. */
  [Symbol.iterator](): Iterator<unknown>;
  /** Python attributes, converted (undefined when absent). */
  [name: string]: unknown;
}

const PROXIED = Symbol("upy.pyproxy");
const proxies = new WeakSet<object>();

interface Target {
  (): void;
  value: PyValue;
  host: PythonHost;
  released: boolean;
}

export function isPyProxy(value: unknown): boolean {
  return typeof value === "function" && proxies.has(value);
}

/** The Python value behind a PyProxy (it must be one: see isPyProxy). */
export function unwrapPyProxy(proxy: unknown): PyValue {
  const value = (proxy as Record<symbol, PyValue>)[PROXIED];
  if (value === undefined) throw new Error("this PyProxy was released");
  return value;
}

function live(target: Target): PyValue {
  if (target.released) throw new Error("this PyProxy was released");
  return target.value;
}

/** Turns a Python exception thrown by sync work into JS; used by the host. */
function sync<T>(target: Target, fn: (value: PyValue) => T): T {
  const value = live(target);
  return target.host.runSync(() => fn(value));
}

function call(target: Target, args: unknown[], kwargs?: Record<string, unknown>): Promise<unknown> {
  const host = target.host;
  return host.runAsync(async () => {
    const value = live(target);
    const pyArgs = args.map((a) => toPython(a));
    let kwnames: string[] | null = null;
    if (kwargs !== undefined) {
      kwnames = Object.keys(kwargs);
      for (const k of kwnames) pyArgs.push(toPython(kwargs[k]));
    }
    const result = await callPython(host.state, value, pyArgs, kwnames);
    return host.runSync(() => toJS(result));
  });
}

function* iterate(target: Target): Generator<unknown> {
  const host = target.host;
  const iterator = sync(target, (v) => getIter(v));
  for (;;) {
    const item = host.runSync(() => {
      const next = iterNext(iterator);
      return next === undefined ? DONE : toJS(next);
    });
    if (item === DONE) return;
    yield item;
  }
}
const DONE = Symbol("done");

const handler: ProxyHandler<Target> = {
  apply(target, _this, args) {
    return call(target, args);
  },
  get(target, prop) {
    if (typeof prop === "symbol") {
      if (prop === PROXIED) return target.released ? undefined : target.value;
      if (prop === Symbol.iterator) return () => iterate(target);
      if (prop === Symbol.dispose) return () => void (target.released = true);
      if (prop === Symbol.toPrimitive) return () => sync(target, (v) => str(v));
      return undefined;
    }
    switch (prop) {
      case "then": // never a thenable: `await proxy` must not call into Python
        return undefined;
      case "$call":
        return (args: unknown[] = [], kwargs?: Record<string, unknown>) =>
          call(target, args, kwargs);
      case "$callSync":
        return (...args: unknown[]) =>
          sync(target, (v) => toJS(callValue(v, args.map((a) => toPython(a)), null)));
      case "$get":
        return (key: unknown) => sync(target, (v) => toJS(getItem(v, toPython(key))));
      case "$set":
        return (key: unknown, value: unknown) =>
          sync(target, (v) => setItem(v, toPython(key), toPython(value)));
      case "$has":
        return (key: unknown) => sync(target, (v) => contains(v, toPython(key)));
      case "$len":
        return () => sync(target, (v) => len(v));
      case "$repr":
        return () => sync(target, (v) => repr(v));
      case "$type":
        return target.released ? undefined : typeName(target.value);
      case "$release":
        return () => void (target.released = true);
      case "toString":
        return () => sync(target, (v) => str(v));
      case "toJSON":
        return () => sync(target, (v) => repr(v));
    }
    return sync(target, (v) => {
      try {
        const attr = getAttrOrUndefined(v, prop);
        return attr === undefined ? undefined : toJS(attr);
      } catch (e) {
        if (e instanceof PyBaseException && e.type.isSubclassOf(PyAttributeError)) return undefined;
        throw e;
      }
    });
  },
  set(target, prop, value) {
    if (typeof prop === "symbol") return false;
    sync(target, (v) => setAttr(v, prop, toPython(value)));
    return true;
  },
  deleteProperty(target, prop) {
    if (typeof prop === "symbol") return false;
    sync(target, (v) => delAttr(v, prop));
    return true;
  },
  has(target, prop) {
    if (typeof prop === "symbol") return prop === Symbol.iterator || prop === PROXIED;
    if (prop.startsWith("$")) return true;
    return sync(target, (v) => getAttrOrUndefined(v, prop) !== undefined);
  },
};

/** Wraps a Python value of the active VM in a PyProxy. */
export function makePyProxy(value: PyValue): PyProxy {
  const target = function () {} as unknown as Target;
  target.value = value;
  target.host = hostOf(activeVM());
  target.released = false;
  const proxy = new Proxy(target, handler) as unknown as PyProxy;
  proxies.add(proxy);
  return proxy;
}
