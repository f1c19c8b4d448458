/**
 * `super`: attribute lookup that starts after a given class in the MRO of an
 * object's type. Zero-argument `super()` reads the calling function's
 * `__class__` cell and first argument, which the compiler arranges to exist.
 */

import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import {
  PyBoundMethod,
  PyClassMethod,
  PyFunction,
  PyNativeFunction,
  PyStaticMethod,
} from "./function.ts";
import { PyRuntimeError, PyTypeError, raise } from "./exception.ts";
import { typeOf } from "./typeof.ts";
import { activeVM } from "../vm/state.ts";
import { slotWrapper } from "./slot_wrappers.ts";

export const superType = new PyType("super", []);

export class PySuper extends PyObject {
  cls: PyType;
  obj: PyValue;
  objType: PyType;
  constructor(cls: PyType, obj: PyValue) {
    super(superType);
    this.cls = cls;
    this.obj = obj;
    this.objType = obj instanceof PyType && obj.isSubclassOf(cls) ? obj : typeOf(obj);
  }
}

function wrongSuperCount(n: number): never {
  raise(PyTypeError, `function takes 2 positional arguments but ${n} were given`);
}

superType.newSlot = (_cls, args) => {
  if (args.length === 2) {
    if (!(args[0] instanceof PyType)) raise(PyTypeError, "super() argument 1 must be type");
    const obj = args[1];
    const ok = obj instanceof PyType
      ? obj.isSubclassOf(args[0])
      : typeOf(obj).isSubclassOf(args[0]);
    if (!ok) raise(PyTypeError, "super(type, obj): obj must be an instance or subtype of type");
    return new PySuper(args[0], obj);
  }
  // MicroPython's super takes exactly (type, obj); a zero-argument super() in a
  // method is the compiler's shorthand, so anywhere else it is that count error.
  if (args.length !== 0) return wrongSuperCount(args.length);
  const frame = activeVM().frame;
  if (frame === null) return wrongSuperCount(0);
  const code = frame.code;
  const classIndex = code.freeVars.indexOf("__class__");
  if (classIndex < 0) return wrongSuperCount(0);
  const cls = frame.cells[code.cellVars.length + classIndex].value;
  if (!(cls instanceof PyType)) raise(PyRuntimeError, "super(): __class__ cell not found");
  if (code.argCount === 0 && (code.flags & 1) === 0) raise(PyRuntimeError, "super(): no arguments");
  let self = frame.locals[0];
  const cellIndex = code.cellVars.indexOf(code.varNames[0]);
  if (cellIndex >= 0) self = frame.cells[cellIndex].value;
  if (self === undefined) raise(PyRuntimeError, "super(): no arguments");
  return new PySuper(cls, self);
};

superType.reprSlot = (s: PySuper) => `<super: <class '${s.cls.name}'>, <${s.objType.name} object>>`;
superType.getAttrSlot = (s: PySuper, name: string) => {
  const mro = s.objType.mro;
  let i = mro.indexOf(s.cls);
  const instance = s.obj instanceof PyType && s.objType === s.obj ? null : s.obj;
  for (i = i + 1; i < mro.length; i++) {
    const t = mro[i];
    const v = t.ns.get(name);
    if (v !== undefined) {
      if (v instanceof PyFunction || v instanceof PyNativeFunction) {
        return instance === null ? v : new PyBoundMethod(v, instance);
      }
      if (v instanceof PyClassMethod) return new PyBoundMethod(v.func, s.objType);
      if (v instanceof PyStaticMethod) return v.func;
      if (
        typeof v === "object" && v !== null && (v.type as PyType).descrGetSlot !== null &&
        !(v instanceof PyType)
      ) {
        return (v.type as PyType).descrGetSlot!(v, instance, s.objType);
      }
      return v;
    }
    if (!t.isHeapType && name.startsWith("__") && name.endsWith("__")) {
      const wrapper = slotWrapper(t, name);
      if (wrapper !== undefined) {
        if (name === "__new__") return wrapper;
        return instance === null ? wrapper : new PyBoundMethod(wrapper, instance);
      }
    }
  }
  return undefined;
};
