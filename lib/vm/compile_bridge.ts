/**
 * Compiling from inside the VM (imports, exec, eval, compile): the compiler
 * reports errors as CompileError; here they become Python SyntaxError /
 * IndentationError exceptions carrying the file and line for the traceback.
 */

import { compile } from "../compiler/compile.ts";
import { activeVM } from "./state.ts";
import { CompileError, NotImplementedSyntax } from "../compiler/syntax_error.ts";
import type { CodeObject } from "../compiler/bytecode.ts";
import {
  PyBaseException,
  PyIndentationError,
  PyNotImplementedError,
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
    if (e instanceof NotImplementedSyntax) {
      throw new PyBaseException(PyNotImplementedError, [e.message]);
    }
    if (e instanceof RangeError) {
      const exc = new PyBaseException(PySyntaxError, ["too complex"]);
      throw exc;
    }
    throw e;
  }
}

export function syntaxErrorFrom(e: CompileError): PyBaseException {
  const exc = new PyBaseException(
    e.type === "IndentationError" ? PyIndentationError : PySyntaxError,
    [e.message],
  );
  exc.traceback.push({ filename: e.filename, line: e.line, name: "" });
  return exc;
}
