/**
 * exec() and eval(): compile source (or take a code object) and run it in the
 * given globals/locals, defaulting to the caller's namespaces.
 */

import type { PyValue } from "../objects/base.ts";
import { CodeObject } from "../compiler/bytecode.ts";
import { PyDict } from "../objects/dict.ts";
import { PyTypeError, raise } from "../objects/exception.ts";
import { PyBytes } from "../objects/bytes.ts";
import { PyCode } from "../objects/code.ts";
import { activeVM, withVM } from "./state.ts";
import { preloadImports } from "./preload.ts";
import { compileSource } from "./compile_bridge.ts";
import { Frame } from "./frame.ts";
import { prepareCode } from "./code_info.ts";
import { runFrame } from "./interpreter.ts";

export function execSource(
  source: PyValue,
  globals: PyValue,
  locals: PyValue,
  mode: "exec" | "eval",
): PyValue | Promise<PyValue> {
  const vm = activeVM();
  const caller = vm.frame;
  let code: CodeObject;
  if (source instanceof CodeObject) code = source;
  else if (source instanceof PyCode) code = source.code;
  else {
    let text: string;
    if (typeof source === "string") text = source;
    else if (source instanceof PyBytes || (source?.data instanceof Uint8Array)) {
      text = new TextDecoder().decode(source.data);
    } else raise(PyTypeError, `${mode}() arg 1 must be a string, bytes or code object`);
    code = compileSource(text, "<string>", mode);
  }
  let g: PyDict;
  let l: PyDict | null;
  if (globals === null || globals === undefined) {
    g = caller?.globals ?? new PyDict();
    l = locals instanceof PyDict ? locals : caller === null ? g : callerLocals(caller, g);
  } else {
    if (!(globals instanceof PyDict)) raise(PyTypeError, "globals must be a dict");
    g = globals;
    l = locals instanceof PyDict ? locals : g;
  }
  if (g.getStr("__builtins__") === undefined && g !== caller?.globals) {
    // Python code may look for it; upy itself always uses the VM's builtins.
  }
  if (locals !== null && locals !== undefined && !(locals instanceof PyDict)) {
    raise(PyTypeError, "locals must be a dict");
  }
  const frame = new Frame(code, null, g, l, prepareCode(code).consts);
  const loading = vm.canSuspend ? preloadImports(vm, code) : null;
  if (loading === null) return runFrame(frame);
  // The built-ins the code imports load first; then it runs, on this VM, as it would have.
  return loading.then(() => withVM(vm, () => runFrame(frame)));
}

/** The namespace exec/eval see inside a function: a snapshot dict of its locals. */
function callerLocals(caller: Frame, globals: PyDict): PyDict {
  if (caller.localsDict !== null) return caller.localsDict;
  const d = new PyDict();
  caller.code.varNames.forEach((name, i) => {
    if (caller.locals[i] !== undefined) d.setStr(name, caller.locals[i]);
  });
  void globals;
  return d;
}
