/**
 * Loads, before code runs, the code of the declared built-in modules it may import
 * (see modules/registry.ts). Python's import is synchronous and a module body or a
 * callback runs where the VM cannot wait, so the async driver asks here first: the
 * names of the IMPORT_NAME instructions in the code and in every function and class
 * body it contains, and, through the .py modules those names find on sys.path, the
 * imports of those modules in turn. Files found on the way are compiled once and
 * that code is what their import later runs.
 */

import { CodeObject, Op, TupleConst } from "../compiler/bytecode.ts";
import {
  hasUnloadedBuiltinModules,
  isUnloadedBuiltinModule,
  loadBuiltinModule,
} from "../modules/registry.ts";
import type { VMState } from "./state.ts";
import { compileSource } from "./compile_bridge.ts";
import { findSource, isFixedBuiltinName, rememberPrecompiled, searchDirs } from "./import.ts";

/** Code already scanned: a function called again from JS, a REPL's earlier definitions. */
const scanned = new WeakSet<CodeObject>();

/** Resolves once the built-ins `code` may import have loaded; null when there is nothing to load. */
export function preloadImports(state: VMState, code: CodeObject): Promise<void> | null {
  if (!hasUnloadedBuiltinModules() || scanned.has(code)) return null;
  const scan = new ImportScan(state);
  scan.code(code, null);
  if (scan.builtins.size === 0) return null;
  return Promise.all([...scan.builtins].map(loadBuiltinModule)).then(() => {});
}

class ImportScan {
  readonly builtins = new Set<string>();
  private readonly files = new Set<string>();
  constructor(private readonly state: VMState) {}

  /** `packageDir`: the folder of the package `code` belongs to, for its relative imports. */
  code(code: CodeObject, packageDir: string | null): void {
    if (scanned.has(code)) return;
    scanned.add(code);
    const ops = code.code;
    for (let pc = 0; pc < ops.length; pc += 2) {
      if (ops[pc] !== Op.IMPORT_NAME) continue;
      // The compiler emits LOAD_CONST level, LOAD_CONST fromlist, IMPORT_NAME.
      const level = pc >= 4 && ops[pc - 4] === Op.LOAD_CONST ? code.consts[ops[pc - 3]] : 0;
      const fromlist = pc >= 2 && ops[pc - 2] === Op.LOAD_CONST ? code.consts[ops[pc - 1]] : null;
      const submodules = fromlist instanceof TupleConst
        ? fromlist.items.filter((n): n is string => typeof n === "string" && n !== "*")
        : [];
      this.module(
        code.names[ops[pc + 1]],
        typeof level === "number" ? level : 0,
        submodules,
        packageDir,
      );
    }
    for (const c of code.consts) {
      if (c instanceof CodeObject) this.code(c, packageDir);
    }
  }

  private module(name: string, level: number, submodules: string[], packageDir: string | null) {
    const parts = name === "" ? [] : name.split(".");
    let dirs: string[];
    if (level > 0) {
      if (packageDir === null) return;
      let dir = packageDir;
      for (let i = 1; i < level; i++) dir = dir.slice(0, Math.max(0, dir.lastIndexOf("/")));
      dirs = [dir];
    } else {
      const top = parts[0];
      this.builtin(top);
      if (top.length > 1 && top[0] === "u") this.builtin(top.slice(1));
      // `import sys` and the like never reach sys.path: no files to look for.
      if (isFixedBuiltinName(this.state, top)) return;
      dirs = searchDirs(this.state, null) ?? [];
    }
    for (const part of parts) {
      const dir = this.file(part, dirs);
      if (dir === null) return;
      dirs = [dir];
    }
    for (const sub of submodules) this.file(sub, dirs);
  }

  private builtin(name: string): void {
    if (isUnloadedBuiltinModule(name)) this.builtins.add(name);
  }

  /** Scans module `leaf` if a file in `dirs` holds it; returns its folder when it is a package. */
  private file(leaf: string, dirs: string[]): string | null {
    let found: ReturnType<typeof findSource>;
    try {
      found = findSource(this.state, leaf, dirs);
    } catch {
      return null; // e.g. an unusable .mpy: the import itself reports it, when it runs
    }
    if (found === null) return null;
    if (!this.files.has(found.path)) {
      this.files.add(found.path);
      let code: CodeObject;
      try {
        code = compileSource(found.source, found.path, "exec");
      } catch {
        return found.packageDir; // the import itself reports the SyntaxError, when it runs
      }
      rememberPrecompiled(this.state, found.path, found.source, code);
      this.code(code, found.packageDir ?? dirOf(found.path));
    }
    return found.packageDir;
  }
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}
