/**
 * Calling: `callValue` for any callable from TypeScript, argument binding for
 * Python functions (positional, defaults, *args, keyword-only, **kwargs) with
 * MicroPython's error messages, and instantiation (`cls(...)`).
 *
 * The interpreter calls Python functions without recursing (it pushes the frame
 * that `makeFrame` builds); everything here that runs Python code from TS goes
 * through `runFrame`, a nested run of the dispatch loop.
 */

import type { PyValue } from "../objects/base.ts";
import { PyObject } from "../objects/base.ts";
import { CodeFlags, type CodeObject } from "../compiler/bytecode.ts";
import { objectType, PyType, rejectsKeywords, typeType } from "../objects/type.ts";
import {
  PyBoundMethod,
  PyCell,
  PyClassMethod,
  PyFunction,
  PyNativeFunction,
  PyStaticMethod,
} from "../objects/function.ts";
import { PyBaseException, PyTypeError, raise } from "../objects/exception.ts";
import { typeName, typeOf } from "../objects/typeof.ts";
import { PyDict } from "../objects/dict.ts";
import { EMPTY_TUPLE, PyTuple } from "../objects/tuple.ts";
import { Frame } from "./frame.ts";
import { runFrame } from "./interpreter.ts";
import { makeGenerator } from "../objects/generator.ts";
import { buildClassFromType } from "../objects/class.ts";
import { prepareCode } from "./code_info.ts";

/** Calls any Python callable from TypeScript and returns its result. */
export function callValue(f: PyValue, args: PyValue[], kwnames: string[] | null): PyValue {
  if (f instanceof PyNativeFunction) return f.call(args, kwnames);
  if (f instanceof PyFunction) {
    const frame = makeFrame(f, args, 0, args.length, kwnames);
    if ((f.code.flags & GENERATOR_LIKE) !== 0) return makeGenerator(frame);
    return runFrame(frame);
  }
  if (f instanceof PyBoundMethod) {
    const all = new Array(args.length + 1);
    all[0] = f.self;
    for (let i = 0; i < args.length; i++) all[i + 1] = args[i];
    return callValue(f.func, all, kwnames);
  }
  if (f instanceof PyType) return callType(f, args, kwnames);
  const type = typeOf(f);
  if (type.callSlot !== null) return type.callSlot(f, args, kwnames);
  if (f instanceof PyStaticMethod || f instanceof PyClassMethod) {
    raise(PyTypeError, `'${typeName(f)}' object isn't callable`);
  }
  raise(PyTypeError, `'${type.name}' object isn't callable`);
}

export const GENERATOR_LIKE = CodeFlags.GENERATOR | CodeFlags.COROUTINE | CodeFlags.ASYNC_GENERATOR;

/** `cls(*args)`: type(x), metaclass __call__, __new__ then __init__. */
export function callType(cls: PyType, args: PyValue[], kwnames: string[] | null): PyValue {
  if (cls === typeType) {
    if (args.length === 1 && kwnames === null) return typeOf(args[0]);
    if (kwnames !== null && kwnames.length > 0) {
      raise(PyTypeError, "function doesn't take keyword arguments");
    }
    if (args.length === 3) return buildClassFromType(args[0], args[1], args[2]);
    raise(PyTypeError, "type takes 1 or 3 arguments");
  }
  const meta = cls.type as PyType;
  if (meta !== typeType && meta.isHeapType) {
    const metaCall = meta.lookup("__call__");
    if (metaCall !== undefined) return callValue(metaCall, [cls, ...args], kwnames);
  }
  return instantiate(cls, args, kwnames);
}

/** What `type.__call__` does: create with __new__, initialise with __init__. */
export function instantiate(cls: PyType, args: PyValue[], kwnames: string[] | null): PyValue {
  let obj: PyValue;
  const userNew = cls.isHeapType ? cls.lookup("__new__") : undefined;
  if (userNew !== undefined) {
    const fn = userNew instanceof PyStaticMethod ? userNew.func : userNew;
    obj = callValue(fn, [cls, ...args], kwnames);
  } else {
    if (
      cls.newSlot === null ||
      (!cls.isHeapType && cls !== objectType && cls.newSlot === objectType.newSlot)
    ) {
      raise(PyTypeError, `can't create '${cls.name}' instances`);
    }
    if (kwnames !== null && kwnames.length > 0 && rejectsKeywords(cls)) {
      raise(PyTypeError, "function doesn't take keyword arguments");
    }
    obj = cls.newSlot(cls, args, kwnames);
  }
  // A native constructor still waiting on its board (machine over a board link): the VM
  // awaits the Promise for the object.
  if (obj instanceof Promise) return obj;
  if (!typeOf(obj).isSubclassOf(cls)) return obj;
  const init = cls.isHeapType ? cls.lookup("__init__") : undefined;
  if (init === undefined) {
    if (cls.initSlot !== null) cls.initSlot(obj, args, kwnames);
  } else {
    const all = new Array(args.length + 1);
    all[0] = obj;
    for (let i = 0; i < args.length; i++) all[i + 1] = args[i];
    const exc = obj instanceof PyBaseException ? obj : null;
    if (exc !== null) exc.incomplete = true;
    let r: PyValue;
    try {
      r = callValue(init, all, kwnames);
    } finally {
      if (exc !== null) exc.incomplete = false;
    }
    if (r !== null) raise(PyTypeError, `__init__() should return None, not '${typeName(r)}'`);
  }
  return obj;
}

/**
 * Builds the frame for calling `func` with `argc` arguments taken from
 * `args[offset..]` (the last kwnames.length of them are keyword values).
 */
export function makeFrame(
  func: PyFunction,
  args: PyValue[],
  offset: number,
  argc: number,
  kwnames: string[] | null,
): Frame {
  const code = func.code;
  const info = prepareCode(code);
  const frame = new Frame(code, func, func.globals, null, info.consts);
  const locals = frame.locals;
  if (kwnames === null && argc === code.argCount && info.simpleArgs) {
    for (let i = 0; i < argc; i++) locals[i] = args[offset + i];
  } else {
    bindArguments(func, code, locals, args, offset, argc, kwnames);
  }
  if (info.cellCount !== 0 || func.closure !== null) {
    const cells = new Array<PyCell>(
      info.cellCount + (func.closure === null ? 0 : func.closure.length),
    );
    for (let i = 0; i < info.cellCount; i++) {
      const param = info.cellParam[i];
      cells[i] = new PyCell(param >= 0 ? locals[param] : undefined);
    }
    if (func.closure !== null) {
      for (let i = 0; i < func.closure.length; i++) cells[info.cellCount + i] = func.closure[i];
    }
    frame.cells = cells;
  }
  return frame;
}

function bindArguments(
  func: PyFunction,
  code: CodeObject,
  locals: PyValue[],
  args: PyValue[],
  offset: number,
  argc: number,
  kwnames: string[] | null,
): void {
  const nkw = kwnames === null ? 0 : kwnames.length;
  const npos = argc - nkw;
  const nparams = code.argCount;
  const hasVarargs = (code.flags & CodeFlags.VARARGS) !== 0;
  const hasVarkw = (code.flags & CodeFlags.VARKEYWORDS) !== 0;
  const kwOnlyStart = nparams;
  const varargsIndex = nparams + code.kwOnlyCount;
  const varkwIndex = varargsIndex + (hasVarargs ? 1 : 0);

  if (npos > nparams && !hasVarargs) {
    raise(
      PyTypeError,
      `${func.name}() takes ${nparams} positional arguments but ${npos} were given`,
    );
  }
  const direct = Math.min(npos, nparams);
  for (let i = 0; i < direct; i++) locals[i] = args[offset + i];
  if (hasVarargs) {
    locals[varargsIndex] = npos > nparams
      ? new PyTuple(args.slice(offset + nparams, offset + npos))
      : EMPTY_TUPLE;
  }
  let kwargs: PyDict | null = null;
  if (hasVarkw) {
    kwargs = new PyDict();
    kwargs.initialAlloc = nkw; // MicroPython sizes **kwargs to the keywords passed
    locals[varkwIndex] = kwargs;
  }
  const varNames = code.varNames;
  for (let k = 0; k < nkw; k++) {
    const name = kwnames![k];
    const value = args[offset + npos + k];
    let index = -1;
    for (let i = code.posOnlyCount; i < varargsIndex; i++) {
      if (varNames[i] === name) {
        index = i;
        break;
      }
    }
    if (index < 0) {
      if (kwargs === null) raise(PyTypeError, `unexpected keyword argument '${name}'`);
      // `f(a=1, a=2)` reaching **kwargs: MicroPython refuses the repeat here too.
      if (kwargs.getStr(name) !== undefined) {
        raise(PyTypeError, `function got multiple values for argument '${name}'`);
      }
      kwargs.setStr(name, value);
      continue;
    }
    if (locals[index] !== undefined) {
      raise(PyTypeError, `function got multiple values for argument '${name}'`);
    }
    locals[index] = value;
  }
  // Fill defaults for missing positional parameters.
  const defaults = func.defaults;
  const ndefaults = defaults === null ? 0 : defaults.length;
  const firstDefault = nparams - ndefaults;
  if (nkw > 0 || (func.kwDefaults !== null && func.kwDefaults.size > 0)) {
    // MicroPython's keyword-aware binding reports the last missing parameter.
    for (let i = Math.min(firstDefault, nparams) - 1; i >= npos; i--) {
      if (locals[i] === undefined) {
        raise(PyTypeError, `function missing required positional argument #${i}`);
      }
    }
  }
  for (let i = npos; i < nparams; i++) {
    if (locals[i] !== undefined) continue;
    if (i >= firstDefault) locals[i] = defaults![i - firstDefault];
    else {
      raise(
        PyTypeError,
        `${func.name}() takes ${firstDefault} positional arguments but ${npos} were given`,
      );
    }
  }
  for (let i = kwOnlyStart; i < varargsIndex; i++) {
    if (locals[i] !== undefined) continue;
    const fallback = func.kwDefaults === null ? undefined : func.kwDefaults.getStr(varNames[i]);
    if (fallback === undefined) {
      // MicroPython names the argument only on its keyword-defaults path.
      raise(
        PyTypeError,
        func.kwDefaults === null
          ? "function missing keyword-only argument"
          : `function missing required keyword argument '${varNames[i]}'`,
      );
    }
    locals[i] = fallback;
  }
}

/** A fresh instance for `object.__new__(cls)`. */
export function newPlainInstance(cls: PyType): PyObject {
  return new PyObject(cls);
}
