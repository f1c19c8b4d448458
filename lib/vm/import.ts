/**
 * The import system: IMPORT_NAME / IMPORT_FROM / IMPORT_STAR.
 *
 * A top-level module is found, in MicroPython's order: in sys.modules (skipped
 * when sys.path is empty, which is how a file `time.py` asks for the built-in
 * `time` it extends); as a non-extensible built-in (`sys`, `micropython`, any
 * built-in through its `u` alias: `uos`); as `<dir>/<name>.py` or a package
 * `<dir>/<name>/__init__.py` for each dir on sys.path; last as an extensible
 * built-in (`os`, `time`, `json` ... which a file of the same name overrides).
 * Submodules are looked for in the parent package's __path__. Built-in modules
 * are kept per VM, outside sys.modules, as MicroPython keeps them. The file system is reached only through the VM's SourceLoader, so a
 * sandboxed VM imports from whatever the embedder provides. A module is entered
 * into sys.modules before its body runs, which is how circular imports see a
 * partially initialised module, as in MicroPython.
 */

import type { PyValue } from "../objects/base.ts";
import type { CodeObject } from "../compiler/bytecode.ts";
import { PyModule } from "../objects/module.ts";
import { PyDict } from "../objects/dict.ts";
import { PyList } from "../objects/list.ts";
import { PyTuple } from "../objects/tuple.ts";
import {
  PyAttributeError,
  PyBaseException,
  PyImportError,
  PyTypeError,
  PyValueError,
  raise,
} from "../objects/exception.ts";
import { getAttr, getAttrOrUndefined, requireStrName } from "../objects/attr.ts";
import { builtinModule, isUnloadedBuiltinModule, loadBuiltinModule } from "../modules/registry.ts";
import { activeVM, type VMState } from "./state.ts";
import { compileSource } from "./compile_bridge.ts";
import { Frame } from "./frame.ts";
import { prepareCode } from "./code_info.ts";
import { runFrame } from "./interpreter.ts";

/** How the VM reads module source; null when the path does not exist. */
export interface SourceLoader {
  /** The text of the file at `path`, or null when there is none. */
  readText(path: string): string | null;
  /** Whether `path` is a folder (a package, when it holds __init__.py or other modules). */
  isDirectory(path: string): boolean;
}

/** Where a VM without a loader of its own imports from (the VFS sets this). */
let defaultLoader: ((vm: VMState) => SourceLoader | null) | null = null;

export function setDefaultLoader(make: (vm: VMState) => SourceLoader | null): void {
  defaultLoader = make;
}

export function getLoader(vm: VMState): SourceLoader | null {
  return (vm.host.loader as SourceLoader | undefined) ?? defaultLoader?.(vm) ?? null;
}

/**
 * Thrown inside an import that needs a declared built-in whose code has not loaded
 * yet (see modules/registry.ts); importOrLoad turns it into the Promise of loading it.
 */
class UnloadedBuiltin {
  constructor(readonly name: string) {}
}

/**
 * importName, except that when a built-in's code must load first it returns the
 * Promise of that load instead: nothing has been imported yet, so the caller
 * awaits it and imports again. Where the caller cannot wait, ImportError.
 */
export function importOrLoad(
  name: string,
  fromlist: PyValue,
  level: PyValue,
  globals: PyDict,
): PyValue | Promise<void> {
  try {
    return importName(name, fromlist, level, globals);
  } catch (e) {
    if (e instanceof UnloadedBuiltin) return loadBuiltinModule(e.name);
    throw e;
  }
}

/** The ImportError for a built-in that must load where the VM cannot wait for it. */
export function cannotLoadHere(name: string): never {
  raise(
    PyImportError,
    `no module named '${name}' (its code loads asynchronously: import it at the top level first)`,
  );
}

export function importName(
  name: string,
  fromlist: PyValue,
  level: PyValue,
  globals: PyDict,
): PyValue {
  const vm = activeVM();
  let fullName = name;
  if (typeof level === "number" && level > 0) {
    fullName = resolveRelative(name, level, globals);
  }
  const parts = fullName.split(".");
  let top: PyModule | null = null;
  let parent: PyModule | null = null;
  let module: PyModule | null = null;
  for (let i = 0; i < parts.length; i++) {
    const prefix = parts.slice(0, i + 1).join(".");
    const loadedBefore = parent !== null && vm.modules.getStr(prefix) !== undefined;
    module = loadModule(vm, prefix, parent, parts[i]);
    // Only the first import binds a submodule in its package, as in MicroPython: a
    // package may have replaced that name since (e.g. with a function of the module).
    if (parent !== null && !loadedBefore) parent.dict.setStr(parts[i], module);
    if (i === 0) top = module;
    parent = module;
  }
  const wantsLeaf = fromlist !== null &&
    !(fromlist instanceof PyTuple && fromlist.items.length === 0);
  if (wantsLeaf || (typeof level === "number" && level > 0 && name === "")) return module;
  if (typeof level === "number" && level > 0) return module;
  return top;
}

function resolveRelative(name: string, level: number, globals: PyDict): string {
  let pkg = globals.getStr("__package__");
  if (typeof pkg !== "string" || pkg === "") {
    const modName = globals.getStr("__name__");
    if (typeof modName !== "string") raise(PyImportError, "can't perform relative import");
    pkg = globals.getStr("__path__") !== undefined
      ? modName
      : modName.slice(0, Math.max(0, modName.lastIndexOf(".")));
  }
  if (pkg === "" || pkg === "__main__") raise(PyImportError, "can't perform relative import");
  const pieces = (pkg as string).split(".");
  if (level - 1 > pieces.length - 1 && level > 1) {
    raise(PyImportError, "can't perform relative import");
  }
  const base = pieces.slice(0, pieces.length - (level - 1)).join(".");
  return name === "" ? base : base + "." + name;
}

/** Built-ins that a file on sys.path of the same name replaces (MicroPython's "extensible" ones). */
const EXTENSIBLE = new Set([
  "array",
  "atexit", // an upy extension MicroPython lacks: a program's own atexit.py must still win
  "binascii",
  "collections",
  "deflate",
  "errno",
  "hashlib",
  "heapq",
  "io",
  "json",
  "os",
  "platform",
  "random",
  "re",
  "select",
  "socket",
  "ssl",
  "struct",
  "time",
  "zlib",
]);

function builtinInit(vm: VMState, name: string): ((m: PyModule) => void) | undefined {
  const init = (vm.host.modules as Map<string, (m: PyModule) => void> | undefined)?.get(name) ??
    builtinModule(name);
  if (init === undefined && isUnloadedBuiltinModule(name)) throw new UnloadedBuiltin(name);
  return init;
}

/** The VM's instance of built-in module `name`, initialised on first use. */
function builtinInstance(vm: VMState, name: string, init: (m: PyModule) => void): PyModule {
  const cached = vm.builtinModules.get(name);
  if (cached instanceof PyModule) return cached;
  // A built-in module's globals are a fixed table in MicroPython, which iterates in the order
  // it was written (help(), dir() of the dict), not in hash order.
  const globals = new PyDict();
  globals.insertionOrdered = true;
  const module = new PyModule(name, globals);
  vm.builtinModules.set(name, module);
  try {
    init(module);
  } catch (e) {
    vm.builtinModules.delete(name);
    throw e;
  }
  return module;
}

/**
 * Whether `u<name>` still imports built-in `name`: MicroPython keeps that old alias only for its
 * extensible modules, sys, and asyncio (whose port ships a `uasyncio` shim): `import utime` works,
 * `import umath` or `import udeflate` does not.
 */
function hasUAlias(base: string): boolean {
  return base === "sys" || base === "asyncio" || (EXTENSIBLE.has(base) && base !== "deflate");
}

/**
 * Whether import takes `name` as a built-in before looking for files (fixedBuiltin's test,
 * without loading or making the module): preload.ts need not search sys.path for it.
 */
export function isFixedBuiltinName(vm: VMState, name: string): boolean {
  const known = (n: string) =>
    (vm.host.modules as Map<string, unknown> | undefined)?.has(n) === true ||
    builtinModule(n) !== undefined || isUnloadedBuiltinModule(n);
  if (name.length > 1 && name[0] === "u" && hasUAlias(name.slice(1)) && known(name.slice(1))) {
    return true;
  }
  return known(name) && !EXTENSIBLE.has(name);
}

/** A built-in that no file can replace: a non-extensible one, or any via its `u` alias. */
function fixedBuiltin(vm: VMState, name: string): PyModule | null {
  if (name.length > 1 && name[0] === "u" && hasUAlias(name.slice(1))) {
    const base = name.slice(1);
    const baseInit = builtinInit(vm, base);
    if (baseInit !== undefined) return builtinInstance(vm, base, baseInit);
  }
  const init = builtinInit(vm, name);
  if (init !== undefined && !EXTENSIBLE.has(name)) return builtinInstance(vm, name, init);
  return null;
}

function loadModule(
  vm: VMState,
  fullName: string,
  parent: PyModule | null,
  leaf: string,
): PyModule {
  const dirs = searchDirs(vm, parent);
  if (parent !== null || dirs !== null) {
    const cached = vm.modules.getStr(fullName);
    if (cached !== undefined) return cached;
  }
  if (parent === null) {
    const fixed = fixedBuiltin(vm, fullName);
    if (fixed !== null) return fixed;
  }
  const found = findSource(vm, leaf, dirs ?? []);
  if (found === null) {
    // An extensible built-in, or one with a dotted name (e.g. "os.path") registered as a whole.
    const init = builtinInit(vm, fullName);
    if (init !== undefined) return builtinInstance(vm, fullName, init);
    raise(PyImportError, `no module named '${fullName}'`);
  }
  return execModuleSource(vm, fullName, found.path, found.source, found.packageDir);
}

export function execModuleSource(
  vm: VMState,
  fullName: string,
  path: string,
  source: string,
  packageDir: string | null,
): PyModule {
  const module = new PyModule(fullName);
  module.dict.setStr("__file__", path);
  if (packageDir !== null) module.dict.setStr("__path__", packageDir);
  vm.modules.setStr(fullName, module);
  try {
    const code = takePrecompiled(vm, path, source) ?? compileSource(source, path, "exec");
    const frame = new Frame(code, null, module.dict, module.dict, prepareCode(code).consts);
    runFrame(frame);
  } catch (e) {
    vm.modules.delete(fullName);
    throw e;
  }
  return module;
}

/** Code compiled ahead of its import (preload.ts scans it for imports), by path, until it runs. */
const precompiled = new WeakMap<VMState, Map<string, { source: string; code: CodeObject }>>();

export function rememberPrecompiled(
  vm: VMState,
  path: string,
  source: string,
  code: CodeObject,
): void {
  let byPath = precompiled.get(vm);
  if (byPath === undefined) precompiled.set(vm, byPath = new Map());
  byPath.set(path, { source, code });
}

function takePrecompiled(vm: VMState, path: string, source: string): CodeObject | null {
  const byPath = precompiled.get(vm);
  const entry = byPath?.get(path);
  if (entry === undefined) return null;
  byPath!.delete(path);
  return entry.source === source ? entry.code : null;
}

/** Where to look for `parent`'s submodules or a top-level module; null when sys.path is empty. */
export function searchDirs(vm: VMState, parent: PyModule | null): string[] | null {
  if (parent !== null) {
    const path = parent.dict.getStr("__path__");
    return typeof path === "string" ? [path] : [];
  }
  const sys = vm.builtinModules.get("sys");
  const path = sys instanceof PyModule ? sys.dict.getStr("path") : undefined;
  const items = path instanceof PyList || path instanceof PyTuple ? path.items : [];
  if (items.length === 0) return null;
  return items.filter((p): p is string => typeof p === "string");
}

export function findSource(
  vm: VMState,
  leaf: string,
  dirs: string[],
): { path: string; source: string; packageDir: string | null } | null {
  const loader = getLoader(vm);
  if (loader === null) return null;
  for (const dir of dirs) {
    const base = dir === "" ? leaf : dir.endsWith("/") ? dir + leaf : dir + "/" + leaf;
    if (loader.isDirectory(base)) {
      const init = loader.readText(base + "/__init__.py");
      return { path: base + "/__init__.py", source: init ?? "", packageDir: base };
    }
    const source = loader.readText(base + ".py");
    if (source !== null) return { path: base + ".py", source, packageDir: null };
    // MicroPython would load precompiled bytecode here; upy runs source only, so a .mpy
    // in the way fails as one MicroPython cannot use does.
    if (loader.readText(base + ".mpy") !== null) raise(PyValueError, "incompatible .mpy file");
  }
  return null;
}

export function importFrom(module: PyValue, name: string): PyValue {
  const value = getAttrOrUndefined(module, name);
  if (value !== undefined) return value;
  if (module instanceof PyModule && module.dict.getStr("__path__") !== undefined) {
    const vm = activeVM();
    const fullName = module.name + "." + name;
    try {
      const sub = loadModule(vm, fullName, module, name);
      module.dict.setStr(name, sub);
      return sub;
    } catch (e) {
      if (!(e instanceof PyBaseException && e.type === PyImportError)) throw e;
    }
  }
  raise(PyImportError, `cannot import name ${name}`);
}

/**
 * `from m import *`: the names in `m.__all__` (looked up as an attribute, so a
 * module `__getattr__` is asked for it; its AttributeError means "no __all__"),
 * each of which must exist; without `__all__`, every global not starting with `_`.
 */
export function importStar(module: PyValue, target: PyDict): void {
  if (!(module instanceof PyModule)) raise(PyTypeError, "import * requires a module");
  let all: PyValue | undefined;
  try {
    all = getAttrOrUndefined(module, "__all__");
  } catch (e) {
    if (!(e instanceof PyBaseException && e.type.isSubclassOf(PyAttributeError))) throw e;
  }
  if (all !== undefined) {
    if (!(all instanceof PyList || all instanceof PyTuple)) {
      raise(PyTypeError, "__all__ must be a list or tuple");
    }
    for (const name of all.items) target.setStr(requireStrName(name), getAttr(module, name));
    return;
  }
  for (const [key, value] of module.dict.entries()) {
    if (typeof key === "string" && !key.startsWith("_")) target.setStr(key, value);
  }
}
