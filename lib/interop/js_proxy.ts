/**
 * JS values living in Python: a `JsProxy` wraps any JS object or function that
 * has no Python equivalent (convert.ts copies plain data instead). It is live:
 * attribute reads and writes go to the JS object, calling it calls the JS
 * function (keywords become a trailing options object), indexing uses `[]` (or
 * `get`/`set` on a Map), iteration follows the JS iterator protocol, and a
 * thenable is awaitable.
 *
 *   obj.name        -> obj[name] (a function comes back bound to obj)
 *   f(1, x=2)       -> f(1, {x: 2})
 *   Cls.new(1)      -> new Cls(1)
 *   await promise   -> the settled value, in an asyncio task or a coroutine the host runs
 *                      (coroutine.ts): both drive asyncio's PyJsPromise
 *
 * A JS function returning a Promise, called from ordinary (non-async) Python
 * code, suspends the Python caller until it settles and gives the value; called
 * inside a coroutine it gives an awaitable proxy of the Promise instead.
 */

import { PyObject, type PyValue } from "../objects/base.ts";
import { PyType } from "../objects/type.ts";
import {
  PyAttributeError,
  PyKeyError,
  PyTypeError,
  raise,
} from "../objects/exception.ts";
import { NotImplemented } from "../objects/singletons.ts";
import { native } from "../objects/function.ts";
import { activeVM } from "../vm/state.ts";
import { jsErrorToPython } from "./errors.ts";
import { toJS, toPython } from "./convert.ts";
import { PyJsPromise } from "../modules/asyncio_native.ts";

export const jsProxyType = new PyType("JsProxy", []);
const jsIteratorType = new PyType("JsIterator", []);

export class PyJsProxy extends PyObject {
  /** The JS value. */
  value: unknown;
  /** `this` for a call: the object a function was read from, or undefined. */
  thisArg: unknown;
  constructor(value: unknown, thisArg: unknown) {
    super(jsProxyType);
    this.value = value;
    this.thisArg = thisArg;
  }
}

class PyJsIterator extends PyObject {
  iterator: Iterator<unknown>;
  constructor(iterator: Iterator<unknown>) {
    super(jsIteratorType);
    this.iterator = iterator;
  }
}

/**
 * What `await proxy` gives asyncio or the host's coroutine driver: the
 * Promise, settling to a Python value or rejecting with a Python JSError.
 */
function awaitable(promise: PromiseLike<unknown>): PyJsPromise {
  return new PyJsPromise(
    Promise.resolve(promise).then((value) => toPython(value), (error) => {
      throw jsErrorToPython(error);
    }),
  );
}

/**
 * Property names Python may not reach through a proxy: `constructor` leads from
 * any function to `Function`, which compiles strings into code with the host's
 * full powers, and the `__proto__`/`__defineGetter__` family reads or rewrites
 * prototypes shared with the host. Blocking them keeps a sandbox's proxies to
 * what the embedder handed over (a VM granted `js` still has `js.Function`).
 */
function isForbiddenKey(key: string | number | symbol): boolean {
  return typeof key === "string" && (key === "constructor" || key.startsWith("__"));
}

function forbidden(key: string): never {
  raise(PyAttributeError, `'JsProxy' object has no attribute '${key}'`);
}

/** Runs JS code on behalf of Python: anything it throws becomes a Python JSError. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw jsErrorToPython(e);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null &&
    typeof (value as { then?: unknown }).then === "function";
}

/** The JS property key a Python subscript stands for. */
function propertyKey(key: PyValue): string | number | symbol {
  const k = toJS(key);
  if (isForbiddenKey(k as string)) forbidden(k as string);
  if (typeof k === "string" || typeof k === "number" || typeof k === "symbol") return k;
  raise(PyTypeError, "JS property keys must be str or int");
}

/** Converts a call's result; a Promise suspends plain code and is awaitable in a coroutine. */
function callResult(result: unknown): PyValue {
  if (result instanceof Promise) {
    if (activeVM().canSuspend) {
      return result.then((value) => toPython(value), (error) => {
        throw jsErrorToPython(error);
      });
    }
    return new PyJsProxy(result, undefined);
  }
  return toPython(result);
}

/** Splits Python call arguments into JS ones: keywords become a trailing plain object. */
function callArgs(args: PyValue[], kwnames: string[] | null): unknown[] {
  const positional = kwnames === null ? args.length : args.length - kwnames.length;
  const out: unknown[] = new Array(positional);
  for (let i = 0; i < positional; i++) out[i] = toJS(args[i]);
  if (kwnames !== null && kwnames.length > 0) {
    const options: Record<string, unknown> = {};
    for (let i = 0; i < kwnames.length; i++) options[kwnames[i]] = toJS(args[positional + i]);
    out.push(options);
  }
  return out;
}

jsProxyType.getAttrSlot = (self: PyJsProxy, name: string) => {
  const target = self.value;
  if (name === "__await__" && isThenable(target)) {
    return native("__await__", 0, 0, () => awaitable(target));
  }
  if (typeof target !== "object" && typeof target !== "function" || target === null) {
    return undefined;
  }
  if (isForbiddenKey(name)) return undefined;
  if (name === "new" && typeof target === "function" && !("new" in target)) {
    return native("new", 0, -1, (args, kwnames) => {
      const ctor = target as new (...a: unknown[]) => unknown;
      return guarded(() => toPython(Reflect.construct(ctor, callArgs(args, kwnames))));
    }, true);
  }
  return guarded(() => {
    if (!(name in (target as object))) return undefined;
    const value = (target as Record<string, unknown>)[name];
    if (typeof value === "function") return new PyJsProxy(value, target);
    return toPython(value);
  });
};

jsProxyType.setAttrSlot = (self: PyJsProxy, name: string, value: PyValue | undefined) => {
  const target = self.value;
  if (typeof target !== "object" && typeof target !== "function" || target === null) {
    raise(PyAttributeError, `'JsProxy' object has no attribute '${name}'`);
  }
  if (isForbiddenKey(name)) forbidden(name);
  guarded(() => {
    if (value === undefined) delete (target as Record<string, unknown>)[name];
    else (target as Record<string, unknown>)[name] = toJS(value);
  });
};

jsProxyType.callSlot = (self: PyJsProxy, args: PyValue[], kwnames: string[] | null) => {
  const fn = self.value;
  if (typeof fn !== "function") raise(PyTypeError, "'JsProxy' object isn't callable");
  const jsArgs = callArgs(args, kwnames);
  return callResult(guarded(() => Reflect.apply(fn, self.thisArg, jsArgs)));
};

jsProxyType.getItemSlot = (self: PyJsProxy, key: PyValue) => {
  const target = self.value;
  if (target instanceof Map) {
    const k = toJS(key);
    if (!target.has(k)) raise(PyKeyError, key);
    return toPython(target.get(k));
  }
  if (typeof target !== "object" || target === null) {
    raise(PyTypeError, "'JsProxy' object isn't subscriptable");
  }
  const k = propertyKey(key);
  return guarded(() => {
    if (!(k in target)) raise(PyKeyError, key);
    return toPython((target as Record<string | number | symbol, unknown>)[k]);
  });
};

jsProxyType.setItemSlot = (self: PyJsProxy, key: PyValue, value: PyValue) => {
  const target = self.value;
  if (target instanceof Map) {
    if (value === undefined) target.delete(toJS(key));
    else target.set(toJS(key), toJS(value));
    return;
  }
  if (typeof target !== "object" || target === null) {
    raise(PyTypeError, "'JsProxy' object doesn't support item assignment");
  }
  const k = propertyKey(key);
  guarded(() => {
    const record = target as Record<string | number | symbol, unknown>;
    if (value === undefined) delete record[k];
    else record[k] = toJS(value);
  });
};

jsProxyType.lenSlot = (self: PyJsProxy) => {
  const target = self.value as { length?: unknown; size?: unknown } | null;
  if (target !== null && typeof target === "object" || typeof target === "function") {
    const n = typeof target!.length === "number" ? target!.length : target!.size;
    if (typeof n === "number") return n;
  }
  raise(PyTypeError, "object of type 'JsProxy' has no len()");
};

jsProxyType.boolSlot = (self: PyJsProxy) => Boolean(self.value);

jsProxyType.containsSlot = (self: PyJsProxy, item: PyValue) => {
  const target = self.value;
  if (target instanceof Map || target instanceof Set) return target.has(toJS(item));
  if (Array.isArray(target)) return target.includes(toJS(item));
  if (typeof target === "object" && target !== null) {
    return guarded(() => propertyKey(item) in target);
  }
  return false;
};

jsProxyType.iterSlot = (self: PyJsProxy) => {
  const target = self.value as { [Symbol.iterator]?: () => Iterator<unknown> } | null;
  const make = target === null || target === undefined ? undefined : target[Symbol.iterator];
  if (typeof make !== "function") raise(PyTypeError, "'JsProxy' object isn't iterable");
  return new PyJsIterator(guarded(() => make.call(target)));
};

jsProxyType.compareSlot = (self: PyJsProxy, other: PyValue, op: number) => {
  const same = other instanceof PyJsProxy && other.value === self.value;
  if (op === 2) return same; // ==
  if (op === 3) return !same; // !=
  return NotImplemented;
};

jsProxyType.hashSlot = (self: PyJsProxy) => identityHash(self.value);

jsProxyType.reprSlot = (self: PyJsProxy) => {
  const target = self.value;
  if (typeof target === "function") return `<JsProxy function ${target.name || "anonymous"}>`;
  try {
    return `<JsProxy ${Object.prototype.toString.call(target).slice(8, -1)}>`;
  } catch {
    return "<JsProxy>";
  }
};
jsProxyType.strSlot = (self: PyJsProxy) => {
  try {
    return String(self.value);
  } catch {
    return "<JsProxy>";
  }
};

jsIteratorType.iterSlot = (self: PyJsIterator) => self;
jsIteratorType.nextSlot = (self: PyJsIterator) => {
  const step = guarded(() => self.iterator.next());
  return step.done ? undefined : toPython(step.value);
};

const identities = new WeakMap<object, number>();
let nextIdentity = 1;
function identityHash(value: unknown): number {
  if ((typeof value === "object" || typeof value === "function") && value !== null) {
    let id = identities.get(value);
    if (id === undefined) {
      id = nextIdentity++;
      identities.set(value, id);
    }
    return id;
  }
  return 0;
}
