/**
 * Descriptors: Python's `property`, and `NativeGetter`, a read-only attribute
 * computed by TypeScript (range.start, slice.stop, exception.args ...).
 */

import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { PyAttributeError, raise } from "./exception.ts";
import { native } from "./function.ts";
import { callValue } from "../vm/call.ts";
import { typeName } from "./typeof.ts";

export const propertyType = new PyType("property", []);
export const getterType = new PyType("getset_descriptor", []);

export class PyProperty extends PyObject {
  fget: PyValue;
  fset: PyValue;
  fdel: PyValue;
  doc: PyValue;
  constructor(
    fget: PyValue,
    fset: PyValue,
    fdel: PyValue,
    doc: PyValue,
    type: PyType = propertyType,
  ) {
    super(type);
    this.fget = fget;
    this.fset = fset;
    this.fdel = fdel;
    this.doc = doc;
  }
}

propertyType.newSlot = (cls, args, kwnames) => {
  const n = kwnames === null ? args.length : args.length - kwnames.length;
  const get = (i: number, name: string): PyValue => {
    if (kwnames !== null) {
      const k = kwnames.indexOf(name);
      if (k >= 0) return args[n + k];
    }
    return i < n ? args[i] : null;
  };
  return new PyProperty(get(0, "fget"), get(1, "fset"), get(2, "fdel"), get(3, "doc"), cls);
};
propertyType.reprSlot = () => "<property>";
propertyType.descrGetSlot = (p: PyProperty, instance) => {
  if (instance === null) return p;
  if (p.fget === null) raise(PyAttributeError, "unreadable attribute");
  return callValue(p.fget, [instance], null);
};
propertyType.descrSetSlot = (p: PyProperty, instance, value, name) => {
  // MicroPython words a missing setter or deleter as a missing attribute.
  const missing = () =>
    raise(PyAttributeError, `'${typeName(instance)}' object has no attribute '${name ?? "?"}'`);
  if (value === undefined) {
    if (p.fdel === null) missing();
    callValue(p.fdel, [instance], null);
    return;
  }
  if (p.fset === null) missing();
  callValue(p.fset, [instance, value], null);
};
function selfProp(a: PyValue[]): PyProperty {
  return a[0] as PyProperty;
}
propertyType.define(
  "getter",
  native("getter", 2, 2, (a) => {
    const p = selfProp(a);
    return new PyProperty(a[1], p.fset, p.fdel, p.doc, p.type);
  }),
);
propertyType.define(
  "setter",
  native("setter", 2, 2, (a) => {
    const p = selfProp(a);
    return new PyProperty(p.fget, a[1], p.fdel, p.doc, p.type);
  }),
);
propertyType.define(
  "deleter",
  native("deleter", 2, 2, (a) => {
    const p = selfProp(a);
    return new PyProperty(p.fget, p.fset, a[1], p.doc, p.type);
  }),
);

/** A read-only attribute of a builtin type, computed on access. */
export class NativeGetter extends PyObject {
  get: (self: PyValue) => PyValue;
  set: ((self: PyValue, value: PyValue) => void) | null;
  constructor(
    get: (self: PyValue) => PyValue,
    set: ((self: PyValue, value: PyValue) => void) | null = null,
  ) {
    super(getterType);
    this.get = get;
    this.set = set;
  }
}
getterType.descrGetSlot = (g: NativeGetter, instance) => (instance === null ? g : g.get(instance));
getterType.descrSetSlot = (g: NativeGetter, instance, value) => {
  if (g.set === null || value === undefined) raise(PyAttributeError, "can't set attribute");
  g.set(instance, value);
};

/** Shorthand: `type.define("start", getter((r) => r.start))`. */
export function getter(
  get: (self: PyValue) => PyValue,
  set: ((self: PyValue, value: PyValue) => void) | null = null,
): NativeGetter {
  return new NativeGetter(get, set);
}
