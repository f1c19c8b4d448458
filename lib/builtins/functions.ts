/**
 * The builtin functions (print, len, isinstance, min/max, sorted, eval/exec ...).
 * Each is a native function registered by name in `builtinFunctions`.
 */

import type { PyValue } from "../objects/base.ts";
import { native, parseKwargs, positionalCount, PyNativeFunction } from "../objects/function.ts";
import {
  binaryOp,
  compareBool,
  getIter,
  hashOf,
  identityOf,
  isTruthy,
  iterNext,
  len,
  lessThan,
  repr,
  str,
  toArray,
  unaryOp,
  UnaryOpKind,
} from "../objects/ops.ts";
import { PyType, typeType } from "../objects/type.ts";
import { typeName, typeOf } from "../objects/typeof.ts";
import {
  PyBaseException,
  PyImportError,
  PyOSError,
  PyStopIteration,
  PyTypeError,
  PyValueError,
  raise,
} from "../objects/exception.ts";
import { asInt, machineWord } from "../objects/int.ts";
import { asFloat, PyFloat } from "../objects/float.ts";
import { PyList, sortItems } from "../objects/list.ts";
import { makeTuple, PyTuple } from "../objects/tuple.ts";
import { PyDict } from "../objects/dict.ts";
import { delAttr, getAttr, getAttrOrDefault, requireStrName, setAttr } from "../objects/attr.ts";
import { activeVM, type VMState, withVM } from "../vm/state.ts";
import { callValue } from "../vm/call.ts";
import { BinaryOp, CompareOp } from "../compiler/bytecode.ts";
import { asStr, strLen } from "../objects/str.ts";
import { execSource } from "../vm/exec.ts";
import { cannotLoadHere, importOrLoad } from "../vm/import.ts";
import { formatValue } from "../objects/format.ts";
import { dirOf } from "./dir.ts";
import { PyCode } from "../objects/code.ts";
import { compileSource } from "../vm/compile_bridge.ts";
import { PyGenerator, sendToGenerator } from "../objects/generator.ts";
import { roundValue } from "./round.ts";
import { PyRange } from "../objects/range.ts";
import { checkStreamCount } from "../modules/io.ts";
import { PyByteArray, PyBytes } from "../objects/bytes.ts";

export const builtinFunctions: PyNativeFunction[] = [];

function def(
  name: string,
  min: number,
  max: number,
  fn: (a: PyValue[], kw: string[] | null) => PyValue,
  kw = false,
): PyNativeFunction {
  const f = native(name, min, max, fn, kw);
  builtinFunctions.push(f);
  return f;
}

// ---- output ----

import { isUserStream, streamBytes } from "../modules/io.ts";

/** print's sep and end must be str (MicroPython takes no None for them either). */
/** print's sep and end: a str, or bytes written as they are (MicroPython takes both). */
function printText(v: PyValue): string {
  const s = asStr(v);
  if (s === undefined) {
    if (v instanceof PyBytes || v instanceof PyByteArray) return new TextDecoder().decode(v.data);
    raise(PyTypeError, `can't convert '${typeName(v)}' object to str implicitly`);
  }
  return s;
}

def("print", 0, -1, (args, kwnames) => {
  const opts = parseKwargs(args, kwnames, ["sep", "end", "file", "flush"]);
  const n = positionalCount(args, kwnames);
  const sepArg = opts?.get("sep");
  const endArg = opts?.get("end");
  const sep = sepArg === undefined ? " " : printText(sepArg);
  const end = endArg === undefined ? "\n" : printText(endArg);
  let text = "";
  for (let i = 0; i < n; i++) {
    if (i > 0) text += sep;
    text += str(args[i]);
  }
  const fileArg = opts?.get("file");
  // file=None is no stream (MicroPython's OSError), not "the default".
  if (fileArg === null) raise(PyOSError, "stream operation not supported");
  const file = fileArg ?? null;
  if (file === null) activeVM().stdout.write(text + end);
  else if (isUserStream(file)) {
    // A user io.IOBase stream gets MicroPython's stream writes: each argument,
    // separator and the end marker as its own write (of a memoryview).
    // A stream that claims to have written more than it was given is OSError(EIO).
    const write = getAttr(file, "write");
    const put = (piece: string) => {
      const data = streamBytes(piece);
      checkStreamCount(file, callValue(write, [data.value], null), data.length);
    };
    for (let i = 0; i < n; i++) {
      if (i > 0) put(sep);
      put(str(args[i]));
    }
    put(end);
  } else {
    // MicroPython writes the arguments and the end marker as separate writes.
    const write = getAttr(file, "write");
    if (text !== "") callValue(write, [text], null);
    callValue(write, [end], null);
  }
  return null;
}, true);

// ---- introspection ----

def("repr", 1, 1, (a) => repr(a[0]));
// A range is the one container whose length can pass 2**53 (up to sys.maxsize),
// so len() asks it directly rather than through the number-typed lenSlot.
def("len", 1, 1, (a) => a[0] instanceof PyRange ? a[0].length : len(a[0]));
def("hash", 1, 1, (a) => hashOf(a[0]));
def("id", 1, 1, (a) => {
  const v = a[0];
  return typeof v === "object" && v !== null
    ? identityOf(v)
    : typeof v === "number"
    ? v
    : hashOf(v);
});
def("callable", 1, 1, (a) => isCallable(a[0]));
def("isinstance", 2, 2, (a) => isInstance(a[0], a[1]));
def("issubclass", 2, 2, (a) => {
  if (!(a[0] instanceof PyType)) raise(PyTypeError, "issubclass() arg 1 must be a class");
  return isSubclass(a[0], a[1]);
});
def("getattr", 2, 3, (a) => {
  const name = requireStrName(a[1]);
  if (a.length === 3) return getAttrOrDefault(a[0], name, a[2]);
  return getAttr(a[0], name);
});
def("setattr", 3, 3, (a) => {
  setAttr(a[0], requireStrName(a[1]), a[2]);
  return null;
});
def("delattr", 2, 2, (a) => {
  delAttr(a[0], requireStrName(a[1]));
  return null;
});
def("hasattr", 2, 2, (a) => getAttrOrDefault(a[0], requireStrName(a[1]), undefined) !== undefined);
def("dir", 0, 1, (a) => dirOf(a.length === 0 ? undefined : a[0]));
def("globals", 0, 0, () => activeVM().frame!.globals);
def("locals", 0, 0, () => {
  const frame = activeVM().frame!;
  if (frame.localsDict !== null) return frame.localsDict;
  const d = new PyDict();
  frame.code.varNames.forEach((name, i) => {
    if (frame.locals[i] !== undefined) d.setStr(name, frame.locals[i]);
  });
  return d;
});

export function isCallable(v: PyValue): boolean {
  if (typeof v !== "object" || v === null) return false;
  if (v instanceof PyType) return true;
  const type: PyType = v.type;
  if (type.callSlot !== null) return true;
  const name = type.name;
  return name === "function" || name === "builtin_function" || name === "bound_method" ||
    name === "closure" || (type.isHeapType && type.lookup("__call__") !== undefined);
}

export function isSubclass(cls: PyType, spec: PyValue): boolean {
  if (spec instanceof PyTuple) return spec.items.some((t) => isSubclass(cls, t));
  if (!(spec instanceof PyType)) {
    raise(PyTypeError, "issubclass() arg 2 must be a class or a tuple of classes");
  }
  return cls.isSubclassOf(spec);
}

export function isInstance(v: PyValue, spec: PyValue): boolean {
  if (spec instanceof PyTuple) return spec.items.some((t) => isInstance(v, t));
  if (!(spec instanceof PyType)) {
    raise(PyTypeError, "issubclass() arg 2 must be a class or a tuple of classes");
  }
  return typeOf(v).isSubclassOf(spec);
}

// ---- iteration ----

def("iter", 1, 2, (a) => {
  if (a.length === 2) return new CallableIterator(a[0], a[1]);
  return getIter(a[0]);
});
def("next", 1, 2, (a) => {
  if (a[0] instanceof PyGenerator && a.length === 1) return sendToGenerator(a[0], null, null);
  const item = iterNext(a[0]);
  if (item !== undefined) return item;
  if (a.length === 2) return a[1];
  throw new PyBaseException(PyStopIteration, []);
});
def("all", 1, 1, (a) => {
  const it = getIter(a[0]);
  for (;;) {
    const v = iterNext(it);
    if (v === undefined) return true;
    if (!isTruthy(v)) return false;
  }
});
def("any", 1, 1, (a) => {
  const it = getIter(a[0]);
  for (;;) {
    const v = iterNext(it);
    if (v === undefined) return false;
    if (isTruthy(v)) return true;
  }
});
def("sum", 1, 2, (a) => {
  let total: PyValue = a.length > 1 ? a[1] : 0;
  const it = getIter(a[0]);
  for (;;) {
    const v = iterNext(it);
    if (v === undefined) return total;
    total = binaryOp(total, v, BinaryOp.ADD);
  }
});
// Any number of positionals reach sorted, which words the error itself.
def("sorted", 1, -1, (a, kwnames) => {
  if (positionalCount(a, kwnames) > 1) {
    raise(PyTypeError, "must use keyword argument for key function");
  }
  const opts = parseKwargs(a, kwnames, ["key", "reverse"]);
  const items = toArray(a[0]);
  return new PyList(
    sortItems(items, opts?.get("key") ?? null, isTruthy(opts?.get("reverse") ?? false)),
  );
}, true);

function minMax(name: string, wantMax: boolean) {
  def(name, 1, -1, (a, kwnames) => {
    // MicroPython looks up key and default and ignores any other keyword.
    const npos = positionalCount(a, kwnames);
    const opts = new Map<string, PyValue>();
    kwnames?.forEach((k, i) => opts.set(k, a[npos + i]));
    // key=None is called like any key (MicroPython's TypeError), not taken as no key.
    const key = opts?.get("key");
    let items: PyValue[];
    if (npos === 1) items = toArray(a[0]);
    else items = a.slice(0, npos);
    if (items.length === 0) {
      const fallback = opts?.get("default");
      if (fallback !== undefined) return fallback;
      raise(PyValueError, "arg is an empty sequence");
    }
    let best = items[0];
    let bestKey = key === undefined ? best : callValue(key, [best], null);
    for (let i = 1; i < items.length; i++) {
      const k = key === undefined ? items[i] : callValue(key, [items[i]], null);
      // MicroPython asks `item > best` for max and `item < best` for min.
      if (wantMax ? compareBool(k, bestKey, CompareOp.GT) : lessThan(k, bestKey)) {
        best = items[i];
        bestKey = k;
      }
    }
    return best;
  }, true);
}
minMax("min", false);
minMax("max", true);

// ---- numbers ----

def("abs", 1, 1, (a) => unaryOp(a[0], UnaryOpKind.ABS));
def(
  "divmod",
  2,
  2,
  (a) => {
    try {
      return makeTuple([
        binaryOp(a[0], a[1], BinaryOp.FLOORDIV),
        binaryOp(a[0], a[1], BinaryOp.MOD),
      ]);
    } catch (e) {
      // Report the operation the user asked for, as MicroPython does.
      if (
        e instanceof PyBaseException && e.type === PyTypeError && e.args.length === 1 &&
        String(e.args[0]).startsWith("unsupported types for __floordiv__")
      ) {
        raise(
          PyTypeError,
          `unsupported types for __divmod__: '${typeName(a[0])}', '${typeName(a[1])}'`,
        );
      }
      throw e;
    }
  },
);
// Three-argument pow as MicroPython computes it: integers only, and a negative
// exponent gives 0 rather than a modular inverse. pow(x, y, None) is pow(x, y)
// (MicroPython 1.29: basics/builtin_pow3).
def("pow", 2, 3, (a) => {
  if (a.length === 2 || a[2] === null) return binaryOp(a[0], a[1], BinaryOp.POW);
  const base = asInt(a[0]), exp = asInt(a[1]), mod = asInt(a[2]);
  if (base === undefined || exp === undefined || mod === undefined) {
    raise(PyTypeError, "pow() with 3 arguments requires integers");
  }
  if (mod == 0) raise(PyValueError, "divide by zero");
  if (exp < 0) return 0;
  return modPow(BigInt(base), BigInt(exp), BigInt(mod));
});
def("round", 1, 2, (a) => roundValue(a[0], a.length > 1 ? a[1] : undefined));

function modPow(base: bigint, exp: bigint, mod: bigint): number | bigint {
  let result = 1n % mod;
  base = ((base % mod) + mod) % mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  if (result !== 0n && (result < 0n) !== (mod < 0n)) result += mod;
  const n = Number(result);
  return Number.isSafeInteger(n) ? n : result;
}

function radix(name: string, base: number, prefix: string) {
  def(name, 1, 1, (a) => {
    const i = asInt(a[0]);
    if (i === undefined) raise(PyTypeError, `can't convert ${typeName(a[0])} to int`);
    const negative = i < 0;
    const digits = (negative ? -BigInt(i) : BigInt(i)).toString(base);
    return (negative ? "-" : "") + prefix + digits;
  });
}
radix("bin", 2, "0b");
radix("oct", 8, "0o");
radix("hex", 16, "0x");

def("ord", 1, 1, (a) => {
  const v = a[0];
  if (typeof v === "string") {
    if (strLen(v) !== 1) {
      raise(PyTypeError, `ord() expected a character, but string of length ${strLen(v)} found`);
    }
    return v.codePointAt(0)!;
  }
  if (
    v instanceof PyBytes || (typeof v === "object" && v !== null && v.type.name === "bytearray")
  ) {
    const data = (v as PyBytes).data;
    if (data.length !== 1) {
      raise(PyTypeError, `ord() expected a character, but string of length ${data.length} found`);
    }
    return data[0];
  }
  raise(PyTypeError, `can't convert '${typeName(v)}' object to str implicitly`);
});
def("chr", 1, 1, (a) => {
  const i = asInt(a[0]);
  if (i === undefined) raise(PyTypeError, `can't convert ${typeName(a[0])} to int`);
  if (machineWord(i) < 0 || i > 0x10ffff) raise(PyValueError, "chr() arg not in range(0x110000)");
  return String.fromCodePoint(Number(i));
});
def("format", 1, 2, (a) => formatValue(a[0], a.length > 1 ? str(a[1]) : ""));

// ---- code ----

def("compile", 3, 6, (a) => {
  const text = typeof a[0] === "string"
    ? a[0]
    : a[0]?.data instanceof Uint8Array
    ? new TextDecoder().decode(a[0].data)
    : raise(PyTypeError, "compile() arg 1 must be a string");
  const mode = str(a[2]);
  if (mode !== "exec" && mode !== "eval" && mode !== "single") {
    raise(PyValueError, "bad compile mode");
  }
  return new PyCode(compileSource(text, str(a[1]), mode));
});
def("exec", 1, 3, (a) => {
  const done = execSource(a[0], a.length > 1 ? a[1] : null, a.length > 2 ? a[2] : null, "exec");
  return done instanceof Promise ? done.then(() => null) : null;
});
def(
  "eval",
  1,
  3,
  (a) => execSource(a[0], a.length > 1 ? a[1] : null, a.length > 2 ? a[2] : null, "eval"),
);
export const builtinImport = def("__import__", 1, 5, (a) => {
  if (typeof a[0] !== "string") raise(PyTypeError, "__import__() argument 1 must be str");
  const level = a.length > 4 ? Number(asInt(a[4]) ?? 0) : 0;
  // `from . import x` asks for the package itself: an empty name with a level.
  if (a[0] === "" && level === 0) raise(PyValueError);
  if (level < 0) raise(PyValueError, "level must be >= 0");
  // A relative import needs the importing module's globals to know its package.
  if (level > 0 && !(a[1] instanceof PyDict)) {
    if (a.length > 1 && a[1] !== null) raise(PyTypeError, "globals must be a dict");
    raise(PyImportError, "can't perform relative import");
  }
  const globals = a.length > 1 && a[1] instanceof PyDict
    ? a[1]
    : activeVM().frame?.globals ?? new PyDict();
  return importWhenLoaded(
    activeVM(),
    str(a[0]),
    a.length > 3 ? a[3] : null,
    a.length > 4 ? a[4] : 0,
    globals,
  );
});

/** `__import__`: a built-in whose code is still loading is awaited (where the VM can wait). */
function importWhenLoaded(
  vm: VMState,
  name: string,
  fromlist: PyValue,
  level: PyValue,
  globals: PyDict,
): PyValue | Promise<PyValue> {
  const module = importOrLoad(name, fromlist, level, globals);
  if (!(module instanceof Promise)) return module;
  if (!vm.canSuspend) cannotLoadHere(name);
  return module.then(() => withVM(vm, () => importWhenLoaded(vm, name, fromlist, level, globals)));
}
def("input", 0, 1, (a) => {
  if (a.length > 0) activeVM().stdout.write(str(a[0]));
  const reader = activeVM().host.readLine as
    | (() => string | null | Promise<string | null>)
    | undefined;
  const line = reader === undefined ? null : reader();
  // An interactive host (the REPL) reads the line asynchronously: the VM suspends.
  if (line instanceof Promise) {
    return line.then((text) => text === null ? raise(eofErrorType(), "") : text);
  }
  if (line === null) raise(eofErrorType(), "");
  return line;
});

import { PyEOFError } from "../objects/exception.ts";
function eofErrorType(): PyType {
  return PyEOFError;
}

// ---- iter(callable, sentinel) ----

import { PyObject } from "../objects/base.ts";
import { equals } from "../objects/ops.ts";

const callableIteratorType = new PyType("callable_iterator", []);
class CallableIterator extends PyObject {
  constructor(public fn: PyValue, public sentinel: PyValue) {
    super(callableIteratorType);
  }
}
callableIteratorType.iterSlot = (it) => it;
callableIteratorType.nextSlot = (it: CallableIterator) => {
  if (it.fn === null) return undefined;
  const v = callValue(it.fn, [], null);
  if (equals(v, it.sentinel)) {
    it.fn = null;
    return undefined;
  }
  return v;
};

export { asFloat, PyFloat, typeType };
