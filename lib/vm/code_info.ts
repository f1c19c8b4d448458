/**
 * Per-code-object facts the VM computes once, the first time a code object runs:
 * runtime constants (compiler consts turned into Python objects), whether calls
 * can bind arguments by plain copying, and which cells start from parameters.
 */

import type { PyValue } from "../objects/base.ts";
import {
  BytesConst,
  CodeFlags,
  CodeObject,
  ComplexConst,
  type Const,
  EllipsisConst,
  FloatConst,
  TupleConst,
} from "../compiler/bytecode.ts";
import { PyFloat } from "../objects/float.ts";
import { makeTuple } from "../objects/tuple.ts";
import { Ellipsis } from "../objects/singletons.ts";
import { PyBytes } from "../objects/bytes.ts";
import { PyComplex } from "../objects/complex.ts";

export class CodeInfo {
  consts: PyValue[];
  /** No defaults, *args, **kwargs or keyword-only parameters to consider. */
  simpleArgs: boolean;
  cellCount: number;
  /** For each cell var, the index of the parameter it starts from, or -1. */
  cellParam: number[];

  constructor(code: CodeObject) {
    this.consts = code.consts.map(toRuntime);
    this.simpleArgs = (code.flags & (CodeFlags.VARARGS | CodeFlags.VARKEYWORDS)) === 0 &&
      code.kwOnlyCount === 0;
    this.cellCount = code.cellVars.length;
    const nparams = code.argCount + code.kwOnlyCount + ((code.flags & CodeFlags.VARARGS) ? 1 : 0) +
      ((code.flags & CodeFlags.VARKEYWORDS) ? 1 : 0);
    this.cellParam = code.cellVars.map((name) => {
      const i = code.varNames.indexOf(name);
      return i >= 0 && i < nparams ? i : -1;
    });
  }
}

export function prepareCode(code: CodeObject): CodeInfo {
  let info = code.cache as CodeInfo | null;
  if (info === null) {
    info = new CodeInfo(code);
    code.cache = info;
  }
  return info;
}

export function toRuntime(c: Const): PyValue {
  if (typeof c !== "object" || c === null) return c;
  if (c instanceof FloatConst) return new PyFloat(c.value);
  if (c instanceof TupleConst) return makeTuple(c.items.map(toRuntime));
  if (c instanceof BytesConst) return new PyBytes(c.data);
  if (c instanceof ComplexConst) return new PyComplex(c.real, c.imag);
  if (c instanceof EllipsisConst) return Ellipsis;
  return c;
}
