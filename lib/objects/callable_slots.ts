/**
 * Behaviour of the callable objects defined in function.ts: reprs in
 * MicroPython's format, attributes (__name__, __globals__ ...), the
 * classmethod/staticmethod constructors, bound-method equality, and
 * `object` itself (construction and default behaviour of plain instances).
 */

import type { PyValue } from "./base.ts";
import {
  boundMethodType,
  builtinFunctionType,
  cellType,
  classMethodType,
  functionType,
  PyBoundMethod,
  PyCell,
  PyClassMethod,
  PyFunction,
  PyNativeFunction,
  PyStaticMethod,
  staticMethodType,
} from "./function.ts";
import { identityOf, repr } from "./ops.ts";
import { getter } from "./property.ts";
import { NotImplemented } from "./singletons.ts";
import { CompareOp } from "../compiler/bytecode.ts";
import { PyTuple } from "./tuple.ts";
import { callValue } from "../vm/call.ts";
import { PyCode } from "./code.ts";

const hex = (v: object) => identityOf(v).toString(16);

functionType.reprSlot = (f: PyFunction) => `<function ${f.name} at 0x${hex(f)}>`;
builtinFunctionType.reprSlot = () => "<function>";
boundMethodType.reprSlot = (m: PyBoundMethod) =>
  `<bound_method ${hex(m)} ${repr(m.self)}.${repr(m.func)}>`;
classMethodType.reprSlot = () => "<classmethod>";
staticMethodType.reprSlot = () => "<staticmethod>";
cellType.reprSlot = (c: PyCell) => `<cell ${hex(c)}>`;

functionType.callSlot = (f, args, kwnames) => callValue(f, args, kwnames);
builtinFunctionType.callSlot = (f: PyNativeFunction, args, kwnames) => f.call(args, kwnames);
boundMethodType.callSlot = (m: PyBoundMethod, args, kwnames) =>
  callValue(m.func, [m.self, ...args], kwnames);

functionType.define("__name__", getter((f: PyFunction) => f.name));
functionType.define("__qualname__", getter((f: PyFunction) => f.qualname));
functionType.define("__globals__", getter((f: PyFunction) => f.globals));
functionType.define("__module__", getter((f: PyFunction) => f.globals.getStr("__name__") ?? null));
functionType.define(
  "__closure__",
  getter((f: PyFunction) => f.closure === null ? null : new PyTuple(f.closure)),
);
functionType.define(
  "__defaults__",
  getter((f: PyFunction) => f.defaults === null ? null : new PyTuple(f.defaults)),
);
functionType.define("__code__", getter((f: PyFunction) => new PyCode(f.code)));
builtinFunctionType.define("__name__", getter((f: PyNativeFunction) => f.name));
boundMethodType.define("__self__", getter((m: PyBoundMethod) => m.self));
boundMethodType.define("__func__", getter((m: PyBoundMethod) => m.func));
boundMethodType.define(
  "__name__",
  getter((m: PyBoundMethod) => (m.func as { name?: string }).name ?? null),
);
boundMethodType.compareSlot = (a: PyBoundMethod, b, op) => {
  if (!(b instanceof PyBoundMethod) || (op !== CompareOp.EQ && op !== CompareOp.NE)) {
    return NotImplemented;
  }
  const same = a.self === b.self && a.func === b.func;
  return op === CompareOp.EQ ? same : !same;
};
boundMethodType.hashSlot = (m: PyBoundMethod) =>
  identityOf(m.func) ^ (typeof m.self === "object" && m.self !== null ? identityOf(m.self) : 0);
cellType.define("cell_contents", getter((c: PyCell) => c.value));

classMethodType.newSlot = (cls, args) => new PyClassMethod(args[0], cls);
// Functions, methods and cells are made by the VM only, and cannot be subclassed.
functionType.newSlot = null;
builtinFunctionType.newSlot = null;
boundMethodType.newSlot = null;
cellType.newSlot = null;
staticMethodType.newSlot = (cls, args) => new PyStaticMethod(args[0], cls);
classMethodType.define("__func__", getter((m: PyClassMethod) => m.func));
staticMethodType.define("__func__", getter((m: PyStaticMethod) => m.func));
classMethodType.descrGetSlot = (m: PyClassMethod, instance, owner) => {
  return new PyBoundMethod(m.func, instance === null ? owner : owner);
};
staticMethodType.descrGetSlot = (m: PyStaticMethod) => m.func;

export type { PyValue };
