/**
 * The compiler's entry point: source text (or an AST) to a module CodeObject.
 * Modes: "exec" (a module body), "eval" (one expression, its value returned),
 * "single" (an interactive statement: expression results are printed).
 */

import type * as A from "./ast.ts";
import { CodeFlags, type CodeObject, Op } from "./bytecode.ts";
import { parse } from "./parser.ts";
import { analyze } from "./scope.ts";
import { Emitter } from "./emitter.ts";

/** "exec": a module; "eval": one expression; "single": one statement typed at the REPL. */
export type CompileMode = "exec" | "eval" | "single";

/**
 * MicroPython's optimisation levels: 0 keeps everything; 1 drops asserts and makes
 * `__debug__` False; 3 also drops line numbers (every line reports as 1).
 */
export interface CompileOptions {
  /** micropython.opt_level: 1 and up drop asserts and make __debug__ False. */
  optLevel?: number;
}

/**
 * Compiles Python source to a code object: "exec" a module, "eval" one expression, "single" one
 * REPL statement. A syntax error is thrown as CompileError with MicroPython's message and line.
 */
export function compile(
  source: string,
  filename: string,
  mode: CompileMode,
  options: CompileOptions = {},
): CodeObject {
  return compileModule(parse(source, filename, mode), filename, mode, options);
}

export function compileModule(
  module: A.Module,
  filename: string,
  mode: CompileMode,
  options: CompileOptions = {},
): CodeObject {
  const scopes = analyze(module, filename);
  const scope = scopes.get(module)!;
  const emitter = new Emitter(scope, scopes, filename, 1, "", mode === "single", new Map());
  emitter.optLevel = options.optLevel ?? 0;
  if (mode === "eval") {
    const stmt = module.body[0] as A.ExprStmt;
    emitter.b.setLine(stmt.line);
    emitter.expr(stmt.value);
    emitter.b.emit(Op.RETURN_VALUE);
  } else {
    emitter.body(module.body);
    emitter.emitConst(null);
    emitter.b.emit(Op.RETURN_VALUE);
  }
  return emitter.b.build("<module>", "<module>", filename, 0, 0, CodeFlags.MODULE, [], [], []);
}
