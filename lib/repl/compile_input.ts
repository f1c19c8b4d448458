/**
 * Compiling what was typed at the REPL: one interactive statement (friendly
 * mode) or several (paste mode), with expression statements printing their
 * repr and setting `_`. Compile errors become the Python exceptions the VM
 * raises for them.
 */

import type { VM } from "../vm/vm.ts";
import type { CodeObject } from "../compiler/bytecode.ts";
import { parse } from "../compiler/parser.ts";
import { compileModule } from "../compiler/compile.ts";
import { CompileError } from "../compiler/syntax_error.ts";
import { syntaxErrorFrom } from "../vm/compile_bridge.ts";

export function compileInteractive(vm: VM, source: string, several: boolean): CodeObject {
  if (!several) return vm.compile(source, "<stdin>", "single");
  try {
    const module = parse(source, "<stdin>", "exec");
    return compileModule(module, "<stdin>", "single", { optLevel: vm.state.optLevel });
  } catch (e) {
    if (e instanceof CompileError) throw syntaxErrorFrom(e);
    throw e;
  }
}

/** Raw mode's input is a module body: nothing is echoed. */
export function compileRawInput(vm: VM, source: string): CodeObject {
  return vm.compile(source, "<stdin>", "exec");
}
