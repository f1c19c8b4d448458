/**
 * Frames: the heap-allocated activation records of Python code.
 *
 * upy's VM is stackless: a Python-to-Python call pushes a Frame and the dispatch
 * loop continues with it, so Python recursion never grows the JS stack. A frame
 * whose `isEntry` is set was started by a JS caller (the embedding API, a native
 * calling back into Python, a generator resume) and returning from it leaves the
 * loop. Every field is set in the constructor so all frames share one shape.
 */

import type { PyValue } from "../objects/base.ts";
import type { CodeObject } from "../compiler/bytecode.ts";
import type { PyDict } from "../objects/dict.ts";
import type { PyCell, PyFunction } from "../objects/function.ts";

export class Frame {
  code: CodeObject;
  func: PyFunction | null;
  /** Fast locals, indexed like code.varNames; undefined = unbound. */
  locals: PyValue[];
  /** cellVars' cells followed by the closure's cells (freeVars). */
  cells: PyCell[];
  stack: PyValue[];
  sp: number;
  pc: number;
  globals: PyDict;
  /** The namespace of LOAD_NAME/STORE_NAME (module and class bodies, exec); null in functions. */
  localsDict: PyDict | null;
  consts: PyValue[];
  back: Frame | null;
  isEntry: boolean;
  /** Set when the frame stopped at YIELD_VALUE / YIELD_FROM rather than returning. */
  yielded: boolean;
  /** A generator object owning this frame, if any. */
  generator: PyValue;
  /** The exception being handled when this frame was suspended (generators keep their own). */
  savedHandled: PyValue;
  /** An exception to raise at the suspension point when the frame resumes (generator.throw). */
  throwOnResume: PyValue;

  constructor(
    code: CodeObject,
    func: PyFunction | null,
    globals: PyDict,
    localsDict: PyDict | null,
    consts: PyValue[],
  ) {
    this.code = code;
    this.func = func;
    this.locals = new Array(code.varNames.length);
    this.cells = [];
    this.stack = new Array(code.stackSize + 2);
    this.sp = 0;
    this.pc = 0;
    this.globals = globals;
    this.localsDict = localsDict;
    this.consts = consts;
    this.back = null;
    this.isEntry = false;
    this.yielded = false;
    this.generator = null;
    this.savedHandled = null;
    this.throwOnResume = null;
  }

  /** Source line of the instruction that is executing (pc points past it). */
  currentLine(): number {
    return this.code.lineAt(Math.max(0, this.pc - 2));
  }
}
