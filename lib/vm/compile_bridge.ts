/**
 * Compiling from inside the VM (imports, exec, eval, compile): the compiler
 * reports errors as CompileError; here they become the Python exception its
 * `type` names (SyntaxError, IndentationError, and the NotImplementedError or
 * RuntimeError MicroPython also raises while compiling), with the file and line
 * in the traceback for syntax errors.
 */

import { compile } from "../compiler/compile.ts";
import { activeVM } from "./state.ts";
import { CompileError } from "../compiler/syntax_error.ts";
import type { CodeObject } from "../compiler/bytecode.ts";
import type { PyType } from "../objects/type.ts";
import {
  PyBaseException,
  PyIndentationError,
  PyNotImplementedError,
  PyRuntimeError,
  PySyntaxError,
} from "../objects/exception.ts";

export function compileSource(
  source: string,
  filename: string,
  mode: "exec" | "eval" | "single",
): CodeObject {
  try {
    return compile(source, filename, mode, { optLevel: activeVM().optLevel });
  } catch (e) {
    if (e instanceof CompileError) throw syntaxErrorFrom(e);
    if (e instanceof Error && e.name === "NotImplementedSyntax") {
      throw new PyBaseException(PyNotImplementedError, [e.message]);
    }
    if (e instanceof RangeError) {
      throw new PyBaseException(PyRuntimeError, ["maximum recursion depth exceeded"]);
    }
    throw e;
  }
}

const EXCEPTION_TYPES: Record<string, PyType> = {
  SyntaxError: PySyntaxError,
  IndentationError: PyIndentationError,
  NotImplementedError: PyNotImplementedError,
  RuntimeError: PyRuntimeError,
};

export function syntaxErrorFrom(e: CompileError): PyBaseException {
  const type = EXCEPTION_TYPES[e.type] ?? PySyntaxError;
  const exc = new PyBaseException(type, [e.message]);
  if (type === PySyntaxError || type === PyIndentationError) {
    exc.traceback.push({ filename: e.filename, line: e.line, name: "" });
  }
  return exc;
}
