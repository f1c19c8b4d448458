/**
 * Callables: Python functions (code + globals + defaults + closure), native
 * functions implemented in TypeScript, bound methods, cells, and the
 * classmethod/staticmethod wrappers.
 *
 * Calling convention everywhere in upy: `(args, kwnames)` where the last
 * `kwnames.length` entries of `args` are keyword values (CPython's vectorcall
 * layout). Natives that take no keywords get `kwnames === null` or an error is
 * raised before they run.
 */

import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { PyTypeError, raise } from "./exception.ts";
import { typeOf } from "./typeof.ts";
import type { CodeObject } from "../compiler/bytecode.ts";
import type { PyDict } from "./dict.ts";

export type NativeFn = (args: PyValue[], kwnames: string[] | null) => PyValue;

export const functionType = new PyType("function", []);
export const builtinFunctionType = new PyType("function", []);
export const boundMethodType = new PyType("bound_method", []);
export const cellType = new PyType("cell", []);
export const classMethodType = new PyType("classmethod", []);
export const staticMethodType = new PyType("staticmethod", []);

export class PyFunction extends PyObject {
  code: CodeObject;
  globals: PyDict;
  defaults: PyValue[] | null;
  kwDefaults: PyDict | null;
  closure: PyCell[] | null;
  name: string;
  qualname: string;

  constructor(
    code: CodeObject,
    globals: PyDict,
    defaults: PyValue[] | null,
    kwDefaults: PyDict | null,
    closure: PyCell[] | null,
  ) {
    super(functionType);
    this.code = code;
    this.globals = globals;
    this.defaults = defaults;
    this.kwDefaults = kwDefaults;
    this.closure = closure;
    this.name = code.name;
    this.qualname = code.qualname;
  }
}

/**
 * A function written in TypeScript. `minArgs`/`maxArgs` count positional
 * arguments (including `self` for methods) and produce MicroPython's messages;
 * maxArgs -1 means unlimited. `takesKw` false rejects keyword arguments.
 */
export class PyNativeFunction extends PyObject {
  name: string;
  fn: NativeFn;
  minArgs: number;
  maxArgs: number;
  takesKw: boolean;
  /** For a method of built-in types (set by PyType.define): the types its self may have. */
  selfTypes: PyType[] | null;

  constructor(name: string, fn: NativeFn, minArgs = 0, maxArgs = -1, takesKw = false) {
    super(builtinFunctionType);
    this.name = name;
    this.fn = fn;
    this.minArgs = minArgs;
    this.maxArgs = maxArgs;
    this.takesKw = takesKw;
    this.selfTypes = null;
  }

  call(args: PyValue[], kwnames: string[] | null): PyValue {
    if (this.selfTypes !== null && args.length > 0 && this.minArgs > 0) {
      checkSelf(this.selfTypes, args[0]);
    }
    if (kwnames !== null && kwnames.length > 0) {
      if (!this.takesKw) raise(PyTypeError, "function doesn't take keyword arguments");
      const positional = args.length - kwnames.length;
      if (positional < this.minArgs) {
        raise(
          PyTypeError,
          `function missing ${this.minArgs - positional} required positional arguments`,
        );
      }
      if (this.maxArgs >= 0 && positional > this.maxArgs) {
        raise(PyTypeError, "extra positional arguments given");
      }
      return this.fn(args, kwnames);
    }
    const n = args.length;
    if (n < this.minArgs || (this.maxArgs >= 0 && n > this.maxArgs)) arityError(this, n);
    return this.fn(args, null);
  }
}

function checkSelf(types: PyType[], self: PyValue): void {
  const type = typeOf(self);
  for (let i = 0; i < types.length; i++) {
    if (type === types[i] || type.isSubclassOf(types[i])) return;
  }
  raise(PyTypeError, `argument should be a '${types[0].name}' not a '${type.name}'`);
}

function arityError(fn: PyNativeFunction, n: number): never {
  // A function taking keywords checks its own upper bound in MicroPython, so
  // only its lower one is reported the variable-arity way.
  // (MicroPython's keyword-argument parser says "extra positional arguments").
  if (fn.takesKw) {
    if (n < fn.minArgs) {
      raise(PyTypeError, `function missing ${fn.minArgs - n} required positional arguments`);
    }
    raise(PyTypeError, "extra positional arguments given");
  }
  checkArity(n, fn.minArgs, fn.maxArgs);
  throw new Error("unreachable: arityError called with a valid count");
}

/**
 * MicroPython's argument-count check (`mp_arg_check_num`) and its messages:
 * a fixed count says "takes N positional arguments but M were given", a range
 * says "missing K required" or "expected at most N arguments, got M".
 * `max` < 0 means no upper bound.
 */
export function checkArity(n: number, min: number, max: number): void {
  if (min === max) {
    if (n !== min) {
      raise(PyTypeError, `function takes ${min} positional arguments but ${n} were given`);
    }
  } else if (n < min) {
    raise(PyTypeError, `function missing ${min - n} required positional arguments`);
  } else if (max >= 0 && n > max) {
    raise(PyTypeError, `function expected at most ${max} arguments, got ${n}`);
  }
}

export class PyBoundMethod extends PyObject {
  func: PyValue;
  self: PyValue;

  constructor(func: PyValue, self: PyValue) {
    super(boundMethodType);
    this.func = func;
    this.self = self;
  }
}

/** A variable shared between a function and the closures it creates. */
export class PyCell extends PyObject {
  /** `undefined` while the variable is unbound. */
  value: PyValue;

  constructor(value: PyValue) {
    super(cellType);
    this.value = value;
  }
}

export class PyClassMethod extends PyObject {
  func: PyValue;
  constructor(func: PyValue, type: PyType = classMethodType) {
    super(type);
    this.func = func;
  }
}

export class PyStaticMethod extends PyObject {
  func: PyValue;
  constructor(func: PyValue, type: PyType = staticMethodType) {
    super(type);
    this.func = func;
  }
}

/** Shorthand for defining a builtin function or method. */
export function native(
  name: string,
  minArgs: number,
  maxArgs: number,
  fn: NativeFn,
  takesKw = false,
): PyNativeFunction {
  return new PyNativeFunction(name, fn, minArgs, maxArgs, takesKw);
}

/**
 * Splits `(args, kwnames)` for a native that accepts keywords: returns the
 * positional count and a lookup of keyword values by name. An unknown or repeated
 * keyword is MicroPython's "extra keyword arguments given" (its argument parser
 * for natives; only a Python function names the keyword).
 */
export function parseKwargs(
  args: PyValue[],
  kwnames: string[] | null,
  allowed: readonly string[],
): Map<string, PyValue> | null {
  if (kwnames === null || kwnames.length === 0) return null;
  const out = new Map<string, PyValue>();
  const base = args.length - kwnames.length;
  for (let i = 0; i < kwnames.length; i++) {
    const name = kwnames[i];
    // A repeat (`print(sep="a", sep="b")`) is one keyword too many as well.
    if (!allowed.includes(name) || out.has(name)) {
      raise(PyTypeError, "extra keyword arguments given");
    }
    out.set(name, args[base + i]);
  }
  return out;
}

/** Number of positional arguments in a vectorcall-style argument list. */
export function positionalCount(args: PyValue[], kwnames: string[] | null): number {
  return kwnames === null ? args.length : args.length - kwnames.length;
}
