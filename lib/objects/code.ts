/**
 * Code objects as Python values (what compile() returns and exec/eval accept).
 * The compiler's CodeObject is not a PyObject, so it is wrapped here.
 */

import { PyObject } from "./base.ts";
import { PyType } from "./type.ts";
import type { CodeObject } from "../compiler/bytecode.ts";

export const codeType = new PyType("code", []);
codeType.newSlot = null;

export class PyCode extends PyObject {
  code: CodeObject;
  constructor(code: CodeObject) {
    super(codeType);
    this.code = code;
  }
}

codeType.reprSlot = (c: PyCode) => `<code object ${c.code.name}>`;
