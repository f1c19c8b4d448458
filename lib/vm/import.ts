/**
 * The import system: IMPORT_NAME / IMPORT_FROM / IMPORT_STAR.
 *
 * A module is found, in order, in sys.modules, among the registered built-in
 * modules (registry.ts), then as `<dir>/<name>.py` or a package
 * `<dir>/<name>/__init__.py` for each dir on sys.path (or the parent package's
 * __path__). The file system is reached only through the VM's SourceLoader, so a
 * sandboxed VM imports from whatever the embedder provides. A module is entered
 * into sys.modules before its body runs, which is how circular imports see a
 * partially initialised module, as in MicroPython.
 */

import type { PyValue } from "../objects/base.ts";
import { PyModule } from "../objects/module.ts";
import { PyDict } from "../objects/dict.ts";
import { PyList } from "../objects/list.ts";
import { PyTuple } from "../objects/tuple.ts";
import { PyBaseException, PyImportError, PyTypeError, raise } from "../objects/exception.ts";
import { getAttrOrUndefined } from "../objects/attr.ts";
import { builtinModule } from "../modules/registry.ts";
import { activeVM, type VMState } from "./state.ts";
import { compileSource } from "./compile_bridge.ts";
import { Frame } from "./frame.ts";
import { prepareCode } from "./code_info.ts";
import { runFrame } from "./interpreter.ts";
import { toArray } from "../objects/ops.ts";

/** How the VM reads module source; null when the path does not exist. */
export interface SourceLoader {
  readText(path: string): string | null;
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
    module = loadModule(vm, prefix, parent, parts[i]);
    if (parent !== null) parent.dict.setStr(parts[i], module);
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

function loadModule(
  vm: VMState,
  fullName: string,
  parent: PyModule | null,
  leaf: string,
): PyModule {
  const cached = vm.modules.getStr(fullName);
  if (cached !== undefined) return cached;
  if (parent === null) {
    const init =
      (vm.host.modules as Map<string, (m: PyModule) => void> | undefined)?.get(fullName) ??
        builtinModule(fullName);
    if (init !== undefined) {
      const module = new PyModule(fullName);
      vm.modules.setStr(fullName, module);
      try {
        init(module);
      } catch (e) {
        vm.modules.delete(fullName);
        throw e;
      }
      return module;
    }
  }
  const found = findSource(vm, leaf, parent);
  if (found === null) {
    // A built-in module may have a dotted name (e.g. "os.path") registered as a whole.
    const init = builtinModule(fullName);
    if (init !== undefined) {
      const module = new PyModule(fullName);
      vm.modules.setStr(fullName, module);
      init(module);
      return module;
    }
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
    const code = compileSource(source, path, "exec");
    const frame = new Frame(code, null, module.dict, module.dict, prepareCode(code).consts);
    runFrame(frame);
  } catch (e) {
    vm.modules.delete(fullName);
    throw e;
  }
  return module;
}

function searchDirs(vm: VMState, parent: PyModule | null): string[] {
  if (parent !== null) {
    const path = parent.dict.getStr("__path__");
    return typeof path === "string" ? [path] : [];
  }
  const sys = vm.modules.getStr("sys");
  const path = sys === undefined ? undefined : sys.dict.getStr("path");
  if (!(path instanceof PyList)) return [];
  return path.items.filter((p): p is string => typeof p === "string");
}

function findSource(
  vm: VMState,
  leaf: string,
  parent: PyModule | null,
): { path: string; source: string; packageDir: string | null } | null {
  const loader = getLoader(vm);
  if (loader === null) return null;
  for (const dir of searchDirs(vm, parent)) {
    const base = dir === "" ? leaf : dir.endsWith("/") ? dir + leaf : dir + "/" + leaf;
    if (loader.isDirectory(base)) {
      const init = loader.readText(base + "/__init__.py");
      return { path: base + "/__init__.py", source: init ?? "", packageDir: base };
    }
    const source = loader.readText(base + ".py");
    if (source !== null) return { path: base + ".py", source, packageDir: null };
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

export function importStar(module: PyValue, target: PyDict): void {
  if (!(module instanceof PyModule)) raise(PyTypeError, "import * requires a module");
  const all = module.dict.getStr("__all__");
  if (all !== undefined) {
    for (const name of toArray(all)) target.setStr(name, getAttrOrUndefined(module, name));
    return;
  }
  for (const [key, value] of module.dict.entries()) {
    if (typeof key === "string" && !key.startsWith("_")) target.setStr(key, value);
  }
}
