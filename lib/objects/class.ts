/**
 * User classes: `__build_class__` (what a class statement calls), `type(name,
 * bases, dict)`, and the slot dispatchers that make dunder methods written in
 * Python drive the protocol layer (ops.ts, attr.ts) just like builtin slots.
 *
 * A dispatcher looks the dunder up on the instance's type at call time, so
 * assigning `C.__add__ = f` later works, and falls back to the slot inherited from
 * the builtin base when no Python method is found (e.g. `class L(list)` without
 * `__iadd__` still extends in place).
 */

import { PyObject, type PyValue } from "./base.ts";
import { propertyType } from "./property.ts";
import { invalidateTypeCaches, objectType, PyType, typeType } from "./type.ts";
import { BinaryOp, CompareOp } from "../compiler/bytecode.ts";
import {
  PyAttributeError,
  PyBaseException,
  PyStopIteration,
  PyTypeError,
  PyValueError,
  raise,
} from "./exception.ts";
import { native, PyClassMethod, PyFunction, PyStaticMethod } from "./function.ts";
import { PyDict } from "./dict.ts";
import { PyTuple } from "./tuple.ts";
import { NotImplemented } from "./singletons.ts";
import { isTruthy, str as strOf } from "./ops.ts";
import {
  BINARY_OP_NAMES,
  COMPARE_OP_NAMES,
  INPLACE_OP_NAMES,
  REFLECTED_OP_NAMES,
  UNARY_OP_NAMES,
} from "./dunder_names.ts";
import { typeName, typeOf } from "./typeof.ts";
import { genericSetAttr, typeGetAttr } from "./attr.ts";
import { callValue, makeFrame } from "../vm/call.ts";
import { runFrame } from "../vm/interpreter.ts";
import { asInt } from "./int.ts";

/** `__build_class__(body, name, *bases, metaclass=..., **kw)`. */
export const buildClassFunction = native("__build_class__", 2, -1, (args, kwnames) => {
  const body = args[0];
  const name = args[1];
  if (!(body instanceof PyFunction)) raise(PyTypeError, "__build_class__: func must be a function");
  const npos = kwnames === null ? args.length : args.length - kwnames.length;
  const bases = args.slice(2, npos);
  let metaclass: PyValue = null;
  const extraNames: string[] = [];
  const extraValues: PyValue[] = [];
  if (kwnames !== null) {
    for (let i = 0; i < kwnames.length; i++) {
      if (kwnames[i] === "metaclass") metaclass = args[npos + i];
      else {
        extraNames.push(kwnames[i]);
        extraValues.push(args[npos + i]);
      }
    }
  }
  if (metaclass === null) {
    metaclass = typeType;
    for (const base of bases) {
      const meta = typeOf(base);
      if (meta !== typeType && meta.isSubclassOf(typeType)) metaclass = meta;
    }
  }
  const ns = prepareNamespace(metaclass, name, bases, extraNames, extraValues);
  const frame = makeFrame(body, [], 0, 0, null);
  frame.localsDict = ns;
  runFrame(frame);
  let cls: PyValue;
  if (metaclass === typeType) cls = createClass(name, bases, ns, typeType);
  else {
    const callArgs = [name, new PyTuple(bases), ns, ...extraValues];
    cls = callValue(metaclass, callArgs, extraNames.length > 0 ? extraNames : null);
  }
  const cell = ns.getStr("__classcell__");
  if (cell !== undefined && cell !== null && typeof cell === "object" && "value" in cell) {
    (cell as { value: PyValue }).value = cls;
  }
  return cls;
}, true);

/** The class body's namespace: a fresh dict, or what the metaclass's `__prepare__` returns. */
function prepareNamespace(
  metaclass: PyValue,
  name: PyValue,
  bases: PyValue[],
  extraNames: string[],
  extraValues: PyValue[],
): PyDict {
  if (metaclass === typeType || !(metaclass instanceof PyType)) return new PyDict();
  const prepare = typeGetAttr(metaclass, "__prepare__");
  if (prepare === undefined) return new PyDict();
  const ns = callValue(
    prepare,
    [name, new PyTuple(bases), ...extraValues],
    extraNames.length > 0 ? extraNames : null,
  );
  if (!(ns instanceof PyDict)) raise(PyTypeError, "__prepare__ must return a dict");
  return ns;
}

/** `type(name, bases, dict)` */
export function buildClassFromType(name: PyValue, bases: PyValue, dict: PyValue): PyType {
  if (typeof name !== "string") raise(PyTypeError, "type() argument 1 must be str");
  if (!(bases instanceof PyTuple)) raise(PyTypeError, "type() argument 2 must be tuple");
  if (!(dict instanceof PyDict)) raise(PyTypeError, "type() argument 3 must be dict");
  return createClass(name, bases.items, dict, typeType);
}

export function createClass(name: string, bases: PyValue[], ns: PyDict, metatype: PyType): PyType {
  let layout: PyType | null = null;
  for (const base of bases) {
    if (!(base instanceof PyType) || base.newSlot === null) {
      raise(
        PyTypeError,
        `type '${
          base instanceof PyType ? base.name : typeName(base)
        }' is not an acceptable base type`,
      );
    }
    const solid = base.solidBase;
    if (solid !== objectType) {
      if (
        layout !== null && layout !== solid && !solid.isSubclassOf(layout) &&
        !layout.isSubclassOf(solid)
      ) {
        raise(PyTypeError, "multiple bases have instance lay-out conflict");
      }
      layout = solid;
    }
  }
  const cls = new PyType(name, bases.length === 0 ? [objectType] : (bases as PyType[]), metatype);
  cls.isHeapType = true;
  if (ns.insertionOrdered) cls.classDictType = ns.type as PyType;
  // In the namespace's insertion order, so that the class's __dict__ (built from cls.ns) lays
  // out its table as MicroPython's class dict does.
  for (const [canon, value] of ns.map) {
    const key = ns.keyOf(canon);
    if (key === "__classcell__") continue;
    if (key === "__new__" && value instanceof PyFunction) {
      cls.ns.set(key, new PyStaticMethod(value));
    } else cls.ns.set(String(key), value);
  }
  invalidateTypeCaches();
  installUserSlots(cls);
  // In the order MicroPython's class dict iterates in (the namespace's), from a snapshot: a
  // __set_name__ that replaces or deletes a sibling attribute must not stop the sibling's own
  // __set_name__ from running.
  const attributes = [...ns.entries()].map(([k]) => [String(k), cls.ns.get(String(k))] as const);
  for (const [key, value] of attributes) {
    if (typeof value === "object" && value !== null) {
      const setName = typeOf(value).lookup("__set_name__");
      if (setName !== undefined) callValue(setName, [value, cls, key], null);
    }
  }
  return cls;
}

// ---- slot dispatchers ----

/**
 * The special method `name` of self's class, ready to be called with self as
 * the first argument: a staticmethod drops that argument, a classmethod gets
 * the class in its place (`@staticmethod def __sub__(rhs)` is legal).
 */
function method(self: PyValue, name: string): PyValue | undefined {
  const m = typeOf(self).lookup(name);
  if (m instanceof PyStaticMethod) {
    const func = m.func;
    return native(name, 0, -1, (args, kwnames) => callValue(func, args.slice(1), kwnames), true);
  }
  if (m instanceof PyClassMethod) {
    const func = m.func;
    return native(
      name,
      0,
      -1,
      (args, kwnames) => callValue(func, [typeOf(self), ...args.slice(1)], kwnames),
      true,
    );
  }
  return m;
}

function call1(self: PyValue, name: string): PyValue {
  return callValue(method(self, name), [self], null);
}

/** (Re)computes the slots of a user class from its dunder methods. */
export function installUserSlots(cls: PyType): void {
  cls.inheritSlots(pickInherited(cls));
  const has = (name: string) => cls.lookup(name) !== undefined;

  if (has("__repr__")) {
    cls.reprSlot = (self) => {
      // MicroPython prints whatever __repr__ returns, string or not.
      const r = call1(self, "__repr__");
      return typeof r === "string" ? r : strOf(r);
    };
  }
  if (has("__str__")) {
    cls.strSlot = (self) => {
      const r = call1(self, "__str__");
      return typeof r === "string" ? r : strOf(r);
    };
  } else if (has("__repr__")) {
    // MicroPython's str() looks for __str__ first and a builtin base's own
    // printing counts as one: str() of an int subclass with only a __repr__
    // still prints the int; only plain classes fall back to __repr__.
    const base = cls.mro.find((t) => !t.isHeapType && t !== objectType);
    const builtinStr = base === undefined ? null : base.strSlot ?? base.reprSlot;
    if (builtinStr !== null) cls.strSlot = builtinStr;
  }
  const hash = cls.lookup("__hash__");
  if (hash === null) {
    cls.unhashable = true;
    cls.hashSlot = null;
  } else if (hash !== undefined) {
    cls.unhashable = false;
    cls.hashSlot = (self) => {
      const value = call1(self, "__hash__");
      const r = asInt(value);
      if (r === undefined) raise(PyTypeError, `can't convert ${typeName(value)} to int`);
      return r;
    };
  } else if (has("__eq__") && cls.hashSlot === null) {
    cls.unhashable = true;
  }
  if (COMPARE_OP_NAMES.some(has)) {
    const inherited = cls.compareSlot;
    cls.compareSlot = (self, other, op) => {
      const m = method(self, COMPARE_OP_NAMES[op]);
      if (m !== undefined) return callValue(m, [self, other], null);
      if (op === CompareOp.NE) {
        const eq = method(self, "__eq__");
        if (eq !== undefined) {
          const r = callValue(eq, [self, other], null);
          return r === NotImplemented ? r : !isTruthy(r);
        }
      }
      return inherited === null ? NotImplemented : inherited(self, other, op);
    };
  }
  if (BINARY_OP_NAMES.some(has) || INPLACE_OP_NAMES.some(has)) {
    const inherited = cls.binarySlot;
    cls.binarySlot = (self, other, op) => {
      const name = op >= BinaryOp.INPLACE
        ? INPLACE_OP_NAMES[op - BinaryOp.INPLACE]
        : BINARY_OP_NAMES[op];
      const m = method(self, name);
      if (m !== undefined) return callValue(m, [self, other], null);
      return inherited === null ? NotImplemented : inherited(self, other, op);
    };
  }
  if (REFLECTED_OP_NAMES.some(has)) {
    const inherited = cls.rbinarySlot;
    cls.rbinarySlot = (self, other, op) => {
      const m = method(self, REFLECTED_OP_NAMES[op]);
      if (m !== undefined) return callValue(m, [self, other], null);
      return inherited === null ? NotImplemented : inherited(self, other, op);
    };
  }
  if (UNARY_OP_NAMES.some(has)) {
    const inherited = cls.unarySlot;
    cls.unarySlot = (self, op) => {
      const m = method(self, UNARY_OP_NAMES[op]);
      if (m !== undefined) return callValue(m, [self], null);
      return inherited === null ? NotImplemented : inherited(self, op);
    };
  }
  if (has("__bool__")) {
    cls.boolSlot = (self) => {
      const r = call1(self, "__bool__");
      return typeof r === "boolean" ? r : isTruthy(r);
    };
  } else if (has("__len__")) {
    cls.boolSlot = null;
  }
  if (has("__len__")) {
    cls.lenSlot = (self) => {
      const r = asInt(call1(self, "__len__"));
      if (r === undefined) raise(PyTypeError, "object cannot be interpreted as an integer");
      if (r < 0) raise(PyValueError, "__len__() should return >= 0");
      return Number(r);
    };
  }
  if (has("__getitem__")) {
    cls.getItemSlot = (self, key) => callValue(method(self, "__getitem__"), [self, key], null);
  }
  if (has("__setitem__")) {
    cls.setItemSlot = (self, key, value) => {
      callValue(method(self, "__setitem__"), [self, key, value], null);
    };
  }
  if (has("__delitem__")) {
    cls.delItemSlot = (self, key) => {
      callValue(method(self, "__delitem__"), [self, key], null);
    };
  }
  if (has("__contains__")) {
    cls.containsSlot = (self, value) =>
      isTruthy(callValue(method(self, "__contains__"), [self, value], null));
  }
  if (has("__iter__")) cls.iterSlot = (self) => call1(self, "__iter__");
  if (has("__next__")) {
    cls.nextSlot = (self) => {
      try {
        return call1(self, "__next__");
      } catch (e) {
        if (e instanceof PyBaseException && e.type.isSubclassOf(PyStopIteration)) return undefined;
        throw e;
      }
    };
  }
  if (has("__call__")) {
    cls.callSlot = (self, args, kwnames) =>
      callValue(method(self, "__call__"), [self, ...args], kwnames);
  }
  if (has("__setattr__") || has("__delattr__")) {
    cls.setAttrSlot = (self, name, value) => {
      if (value === undefined) {
        const del = method(self, "__delattr__");
        if (del !== undefined) callValue(del, [self, name], null);
        else genericSetAttr(self, name, undefined, typeOf(self));
        return;
      }
      const set = method(self, "__setattr__");
      if (set !== undefined) callValue(set, [self, name, value], null);
      else genericSetAttr(self, name, value, typeOf(self));
    };
  }
  if (has("__get__")) {
    cls.descrGetSlot = (self, instance, owner) =>
      callValue(method(self, "__get__"), [self, instance, owner], null);
  }
  if (has("__set__") || has("__delete__")) {
    cls.descrSetSlot = (self, instance, value) => {
      if (value === undefined) callValue(method(self, "__delete__"), [self, instance], null);
      else callValue(method(self, "__set__"), [self, instance, value], null);
    };
    if (cls.descrGetSlot === null) {
      cls.descrGetSlot = (self, instance) => (instance === null ? self : self);
    }
  }
}

/** The base whose slots a user class starts from: its first base (already resolved). */
function pickInherited(cls: PyType): PyType {
  for (const base of cls.bases) if (base.solidBase !== objectType) return base;
  return cls.bases[0] ?? objectType;
}

// ---- type objects themselves ----

typeType.reprSlot = (cls: PyType) => `<class '${cls.name}'>`;
typeType.getAttrSlot = (cls: PyType, name) => typeGetAttr(cls, name);
typeType.setAttrSlot = (cls: PyType, name, value) => {
  if (!cls.isHeapType) {
    raise(PyTypeError, `can't set attributes of built-in/extension type '${cls.name}'`);
  }
  if (value === undefined) {
    if (!cls.ns.delete(name)) {
      raise(PyAttributeError, `type object '${cls.name}' has no attribute '${name}'`);
    }
  } else {
    if (cls.subclasses.length > 0 && isSpecialAccessor(name, value) && !hasSpecialAccessor(cls)) {
      raise(PyAttributeError, "can't add special method to already-subclassed class");
    }
    cls.ns.set(name, value);
  }
  invalidateTypeCaches();
  if (name.startsWith("__")) refreshSlots(cls);
};
typeType.newSlot = (meta, args) => {
  if (args.length === 1) return typeOf(args[0]);
  if (args.length !== 3) raise(PyTypeError, "type takes 1 or 3 arguments");
  const [name, bases, dict] = args;
  if (!(bases instanceof PyTuple) || !(dict instanceof PyDict) || typeof name !== "string") {
    raise(PyTypeError, "type() argument types are wrong");
  }
  return createClass(name, bases.items, dict, meta);
};
typeType.define(
  "mro",
  native("mro", 1, 1, (a) => {
    const { PyList } = listModule;
    return new PyList((a[0] as PyType).mro.slice());
  }),
);

/**
 * Attributes that change how attribute access itself works: MicroPython decides
 * once per class hierarchy whether to look for them, so it refuses to add the
 * first one to a class that already has subclasses.
 */
function isSpecialAccessor(name: string, value: PyValue): boolean {
  if (name === "__getattr__" || name === "__setattr__" || name === "__delattr__") return true;
  if (value instanceof PyObject && value.type === propertyType) return true;
  const type = typeOf(value);
  return type.isHeapType &&
    (type.lookup("__get__") !== undefined || type.lookup("__set__") !== undefined ||
      type.lookup("__delete__") !== undefined);
}

/** Whether the class or a base already has one, so its subclasses already look for them. */
function hasSpecialAccessor(cls: PyType): boolean {
  return cls.mro.some((c) => [...c.ns].some(([key, value]) => isSpecialAccessor(key, value)));
}

function refreshSlots(cls: PyType): void {
  installUserSlots(cls);
  for (const sub of cls.subclasses) if (sub.isHeapType) refreshSlots(sub);
}

import * as listModule from "./list.ts";
