/**
 * Attribute access: `obj.name` reads, writes and deletes, with Python's
 * descriptor rules (data descriptors on the type win over the instance dict,
 * functions bind to the instance, classmethod/staticmethod/property), class
 * attribute lookup on type objects, and user `__getattr__`/`__setattr__`.
 */

import type { PyValue } from "./base.ts";
import { PyType, typeType } from "./type.ts";
import { typeName, typeOf } from "./typeof.ts";
import { PyAttributeError, PyBaseException, PyTypeError, raise } from "./exception.ts";
import {
  PyBoundMethod,
  PyClassMethod,
  PyFunction,
  PyNativeFunction,
  PyStaticMethod,
} from "./function.ts";
import { PyDict } from "./dict.ts";
import { PyTuple } from "./tuple.ts";
import { callValue } from "../vm/call.ts";
import { slotWrapper } from "./slot_wrappers.ts";

/** Reads an attribute; undefined when missing (no AttributeError raised). */
export function getAttrOrUndefined(obj: PyValue, name: string): PyValue | undefined {
  const type = typeOf(obj);
  if (type.getAttrSlot !== null) return type.getAttrSlot(obj, name);
  return genericGetAttr(obj, name, type);
}

export function getAttr(obj: PyValue, name: string): PyValue {
  const value = getAttrOrUndefined(obj, name);
  if (value === undefined) attributeError(obj, name);
  return value;
}

export function attributeError(obj: PyValue, name: string): never {
  if (obj instanceof PyType) {
    raise(PyAttributeError, `type object '${obj.name}' has no attribute '${name}'`);
  }
  const type = typeOf(obj);
  if (type.name === "module" && obj.dict instanceof PyDict) {
    raise(PyAttributeError, `module '${obj.dict.getStr("__name__")}' has no attribute '${name}'`);
  }
  raise(PyAttributeError, `'${type.name}' object has no attribute '${name}'`);
}

/** Instance attribute lookup with descriptors; the default for every type. */
export function genericGetAttr(obj: PyValue, name: string, type: PyType): PyValue | undefined {
  const attr = type.lookup(name);
  let attrType: PyType | null = null;
  if (attr !== undefined && typeof attr === "object" && attr !== null) {
    attrType = attr.type as PyType;
    if (attrType.descrSetSlot !== null && attrType.descrGetSlot !== null) {
      return attrType.descrGetSlot(attr, obj, type);
    }
  }
  const dict = typeof obj === "object" && obj !== null ? obj.dict : null;
  if (dict !== null && dict !== undefined) {
    const value = dict.getStr(name);
    if (value !== undefined) return value;
  }
  if (attr !== undefined) {
    if (
      attr instanceof PyFunction ||
      attr instanceof PyNativeFunction && nativeBinds(type, name, attr)
    ) {
      return new PyBoundMethod(attr, obj);
    }
    if (attrType !== null && attrType.descrGetSlot !== null) {
      return attrType.descrGetSlot(attr, obj, type);
    }
    return attr;
  }
  switch (name) {
    case "__class__":
      return type;
    case "__dict__":
      if (type.isHeapType && typeof obj === "object" && obj !== null) {
        if (obj.dict === null) obj.dict = new PyDict();
        return obj.dict;
      }
      break;
  }
  if (type.isHeapType) {
    const getattr = type.lookup("__getattr__");
    if (getattr !== undefined) return callValue(getattr, [obj, name], null);
  } else if (name.startsWith("__") && name.endsWith("__")) {
    const wrapper = slotWrapper(type, name);
    if (wrapper !== undefined) return new PyBoundMethod(wrapper, obj);
  }
  return undefined;
}

/**
 * Whether a built-in function found on `type` as `name` binds the instance, as
 * MicroPython decides: a method of a built-in type does (list.append), but a
 * built-in function stored in a user class (`f = abs`) acts as a staticmethod.
 * Methods that native code gives a user class say so with `selfTypes`.
 */
function nativeBinds(type: PyType, name: string, fn: PyNativeFunction): boolean {
  if (fn.selfTypes !== null || !type.isHeapType) return true;
  for (const owner of type.mro) {
    if (owner.ns.get(name) !== undefined) return !owner.isHeapType;
  }
  return true;
}

/**
 * For LOAD_METHOD: when `obj.name` is a plain function found on the type (and
 * not shadowed by the instance dict), returns it unbound so the call can pass
 * `obj` as the first argument without allocating a bound method.
 */
export function lookupMethod(obj: PyValue, name: string): PyValue | undefined {
  const type = typeOf(obj);
  if (type.getAttrSlot !== null) return undefined;
  const attr = type.lookup(name);
  if (
    !(attr instanceof PyFunction ||
      attr instanceof PyNativeFunction && nativeBinds(type, name, attr))
  ) return undefined;
  if (typeof obj === "object" && obj !== null && obj.dict !== null && obj.dict !== undefined) {
    if (obj.dict.getStr(name) !== undefined) return undefined;
  }
  return attr;
}

/** Attribute lookup on a class object. */
export function typeGetAttr(cls: PyType, name: string): PyValue | undefined {
  // A builtin type's own name, not the descriptor its namespace holds for its
  // instances' __name__ (type(len).__name__ is 'function', len.__name__ is 'len').
  if ((name === "__name__" || name === "__qualname__") && !cls.isHeapType) return cls.name;
  const attr = cls.lookup(name);
  if (attr !== undefined) {
    if (attr instanceof PyClassMethod) return new PyBoundMethod(attr.func, cls);
    if (attr instanceof PyStaticMethod) return attr.func;
    if (typeof attr === "object" && attr !== null && !(attr instanceof PyType)) {
      const attrType = attr.type as PyType;
      // MicroPython hands back a user descriptor itself when it is read from the
      // class (its __get__ runs only for instance reads); builtin ones still bind.
      if (attrType.descrGetSlot !== null && !(attr instanceof PyFunction) && !attrType.isHeapType) {
        return attrType.descrGetSlot(attr, null, cls);
      }
    }
    return attr;
  }
  switch (name) {
    case "__name__":
    case "__qualname__":
      return cls.name;
    case "__bases__":
      return new PyTuple(cls.bases.slice());
    case "__mro__":
      return new PyTuple(cls.mro.slice());
    case "__class__":
      return cls.type;
    case "__dict__": {
      const d = cls.classDictType === null ? new PyDict() : new PyDict(cls.classDictType);
      for (const [k, v] of cls.ns) d.setStr(k, v);
      return d;
    }
  }
  // Methods of the metaclass (e.g. `type.mro`, user metaclass methods) bind to the class.
  const meta = cls.type as PyType;
  if (meta !== typeType || name === "mro") {
    const metaAttr = meta.lookup(name);
    if (metaAttr instanceof PyFunction || metaAttr instanceof PyNativeFunction) {
      return new PyBoundMethod(metaAttr, cls);
    }
    // A property (or other descriptor) on the metaclass computes from the class.
    if (typeof metaAttr === "object" && metaAttr !== null && !(metaAttr instanceof PyType)) {
      const descrGet = (metaAttr.type as PyType).descrGetSlot;
      if (descrGet !== null) return descrGet(metaAttr, cls, meta);
    }
    if (metaAttr !== undefined) return metaAttr;
  }
  if (name.startsWith("__") && name.endsWith("__")) return slotWrapper(cls, name);
  return undefined;
}

export function setAttr(obj: PyValue, name: string, value: PyValue): void {
  const type = typeOf(obj);
  if (type.setAttrSlot !== null) return type.setAttrSlot(obj, name, value);
  genericSetAttr(obj, name, value, type);
}

export function delAttr(obj: PyValue, name: string): void {
  const type = typeOf(obj);
  if (type.setAttrSlot !== null) return type.setAttrSlot(obj, name, undefined);
  genericSetAttr(obj, name, undefined, type);
}

/** Stores into the instance dict, honouring data descriptors (`value` undefined deletes). */
export function genericSetAttr(
  obj: PyValue,
  name: string,
  value: PyValue | undefined,
  type: PyType,
): void {
  const attr = type.lookup(name);
  if (attr !== undefined && typeof attr === "object" && attr !== null) {
    const attrType = attr.type as PyType;
    if (attrType.descrSetSlot !== null) return attrType.descrSetSlot(attr, obj, value, name);
  }
  if (type.isHeapType && typeof obj === "object" && obj !== null) {
    if (value === undefined) {
      if (obj.dict === null || obj.dict.delete(name) === undefined) attributeError(obj, name);
      return;
    }
    if (obj.dict === null) obj.dict = new PyDict();
    obj.dict.setStr(name, value);
    return;
  }
  if (obj instanceof PyFunction || obj instanceof PyNativeFunction) {
    attributeError(obj, name);
  }
  attributeError(obj, name);
}

/** hasattr/getattr-with-default semantics: AttributeError means "missing". */
export function getAttrOrDefault(obj: PyValue, name: string, fallback: PyValue): PyValue {
  try {
    const value = getAttrOrUndefined(obj, name);
    return value === undefined ? fallback : value;
  } catch (e) {
    if (e instanceof PyBaseException && e.type.isSubclassOf(PyAttributeError)) return fallback;
    throw e;
  }
}

export function requireStrName(name: PyValue): string {
  if (typeof name !== "string") {
    raise(PyTypeError, `can't convert '${typeName(name)}' object to str implicitly`);
  }
  return name;
}
