/**
 * Dunder methods of builtin types, made on demand from their slots.
 *
 * Builtin types keep their behaviour in slots rather than in their namespaces (so
 * `dir(list)` stays as short as MicroPython's), but Python code may still name
 * them: `list.__init__(self)`, `super().__setitem__(k, v)`, `object.__new__(cls)`,
 * `int.__add__(1, 2)`. This file turns such a name into a native function over
 * the corresponding slot. The first argument is the instance (or the class for
 * `__new__`).
 */

import type { PyValue } from "./base.ts";
import { objectType, PyType, typeType } from "./type.ts";
import { native, PyNativeFunction } from "./function.ts";
import { PyTypeError, raise } from "./exception.ts";
import { NotImplemented } from "./singletons.ts";
import { hashOf, identityOf, repr, str } from "./ops.ts";
import {
  BINARY_OP_NAMES,
  COMPARE_OP_NAMES,
  INPLACE_OP_NAMES,
  REFLECTED_OP_NAMES,
  UNARY_OP_NAMES,
} from "./dunder_names.ts";
import { genericGetAttr, genericSetAttr } from "./attr.ts";
import { typeOf } from "./typeof.ts";
import { BinaryOp } from "../compiler/bytecode.ts";
import { callType, instantiate } from "../vm/call.ts";

/**
 * `int.__repr__(x)` / `object.__repr__(x)`: the builtin's own text for x, never
 * x's class's override (which is usually the caller, so that would recurse).
 */
function builtinRepr(type: PyType, value: PyValue): string {
  if (typeof value !== "object" || value === null) return repr(value);
  for (const t of type.mro) {
    if (t.isHeapType) continue;
    if (t.reprSlot !== null) return t.reprSlot(value);
  }
  return `<${(value.type as PyType).name} object at ${identityOf(value).toString(16)}>`;
}

function builtinStr(type: PyType, value: PyValue): string {
  if (typeof value !== "object" || value === null) return str(value);
  for (const t of type.mro) {
    if (t.isHeapType) continue;
    if (t.strSlot !== null) return t.strSlot(value);
    if (t.reprSlot !== null) return t.reprSlot(value);
  }
  return builtinRepr(type, value);
}

export function slotWrapper(type: PyType, name: string): PyNativeFunction | undefined {
  switch (name) {
    case "__new__":
      if (type.newSlot === null) return undefined;
      return native("__new__", 1, -1, (args, kw) => {
        const cls = args[0];
        // MicroPython's object.__new__ words both refusals alike, and takes only a
        // user class: object.__new__(object) is refused too.
        if (
          !(cls instanceof PyType) || !cls.isSubclassOf(type) ||
          (!cls.isHeapType && (cls !== type || type === objectType))
        ) {
          raise(PyTypeError, "arg must be user-type");
        }
        return type.newSlot!(cls, args.slice(1), kw);
      }, true);
    case "__init__":
      return native("__init__", 1, -1, (args, kw) => {
        if (type.initSlot !== null) type.initSlot(args[0], args.slice(1), kw);
        return null;
      }, true);
    case "__repr__":
      return native("__repr__", 1, 1, (args) => builtinRepr(type, args[0]));
    case "__str__":
      return native("__str__", 1, 1, (args) => builtinStr(type, args[0]));
    case "__hash__":
      if (type.unhashable) return undefined;
      return native("__hash__", 1, 1, (args) => hashOf(args[0]));
    case "__len__":
      if (type.lenSlot === null) return undefined;
      return native("__len__", 1, 1, (args) => type.lenSlot!(args[0]));
    case "__getitem__":
      if (type.getItemSlot === null) return undefined;
      return native("__getitem__", 2, 2, (args) => type.getItemSlot!(args[0], args[1]));
    case "__setitem__":
      if (type.setItemSlot === null) return undefined;
      return native("__setitem__", 3, 3, (args) => {
        type.setItemSlot!(args[0], args[1], args[2]);
        return null;
      });
    case "__delitem__":
      if (type.delItemSlot === null) return undefined;
      return native("__delitem__", 2, 2, (args) => {
        type.delItemSlot!(args[0], args[1]);
        return null;
      });
    case "__contains__":
      if (type.containsSlot === null) return undefined;
      return native("__contains__", 2, 2, (args) => type.containsSlot!(args[0], args[1]));
    case "__iter__":
      if (type.iterSlot === null) return undefined;
      return native("__iter__", 1, 1, (args) => type.iterSlot!(args[0]));
    case "__next__":
      if (type.nextSlot === null) return undefined;
      return native("__next__", 1, 1, (args) => {
        const v = type.nextSlot!(args[0]);
        if (v === undefined) raise(stopIterationType(), undefined);
        return v;
      });
    case "__call__":
      // type.__call__(cls, ...): what a metaclass's __call__ reaches via super().
      if (type === typeType) {
        return native("__call__", 1, -1, (args, kw) => {
          const cls = args[0];
          if (!(cls instanceof PyType)) raise(PyTypeError, "__call__ arg must be a type");
          const rest = args.slice(1);
          // Not callType for a class: that would find the metaclass __call__ again.
          return cls === typeType ? callType(cls, rest, kw) : instantiate(cls, rest, kw);
        }, true);
      }
      if (type.callSlot === null) return undefined;
      return native(
        "__call__",
        1,
        -1,
        (args, kw) => type.callSlot!(args[0], args.slice(1), kw),
        true,
      );
    case "__getattr__":
    case "__getattribute__":
      return native(name, 2, 2, (args) => {
        const v = genericGetAttr(args[0], args[1], typeOf(args[0]));
        if (v === undefined) {
          raise(
            attributeErrorType(),
            `'${typeOf(args[0]).name}' object has no attribute '${args[1]}'`,
          );
        }
        return v;
      });
    case "__setattr__":
      return native("__setattr__", 3, 3, (args) => {
        if (typeof args[1] !== "string") raise(PyTypeError, "attribute name must be string");
        genericSetAttr(args[0], args[1], args[2], typeOf(args[0]));
        return null;
      });
    case "__delattr__":
      return native("__delattr__", 2, 2, (args) => {
        genericSetAttr(args[0], args[1], undefined, typeOf(args[0]));
        return null;
      });
    case "__bool__":
      if (type.boolSlot === null) return undefined;
      return native("__bool__", 1, 1, (args) => type.boolSlot!(args[0]));
  }
  let i = COMPARE_OP_NAMES.indexOf(name);
  if (i >= 0) {
    return native(name, 2, 2, (args) => {
      const slot = typeOf(args[0]).compareSlot;
      return slot === null ? NotImplemented : slot(args[0], args[1], i);
    });
  }
  i = BINARY_OP_NAMES.indexOf(name);
  if (i >= 0 && type.binarySlot !== null) {
    return native(name, 2, 2, (args) => type.binarySlot!(args[0], args[1], i));
  }
  i = REFLECTED_OP_NAMES.indexOf(name);
  if (i >= 0 && type.rbinarySlot !== null) {
    return native(name, 2, 2, (args) => type.rbinarySlot!(args[0], args[1], i));
  }
  i = INPLACE_OP_NAMES.indexOf(name);
  if (i >= 0 && type.binarySlot !== null) {
    return native(name, 2, 2, (args) => type.binarySlot!(args[0], args[1], i + BinaryOp.INPLACE));
  }
  i = UNARY_OP_NAMES.indexOf(name);
  if (i >= 0 && type.unarySlot !== null) {
    return native(name, 1, 1, (args) => type.unarySlot!(args[0], i));
  }
  return undefined;
}

// Late-bound to keep this module free of import cycles with exception.ts users.
import { PyAttributeError, PyStopIteration } from "./exception.ts";
function stopIterationType(): PyType {
  return PyStopIteration;
}
function attributeErrorType(): PyType {
  return PyAttributeError;
}
export type { PyValue };
