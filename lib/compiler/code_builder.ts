/**
 * Assembling one code object: instructions with forward-patched labels, the line
 * table, exception-table regions, constant and name pools, and a running stack
 * depth (for the frame's preallocated value stack).
 */

import {
  BytesConst,
  CodeObject,
  type Const,
  EllipsisConst,
  FloatConst,
  Op,
  TupleConst,
} from "./bytecode.ts";

export class Label {
  pos = -1;
  refs: number[] = [];
  depth = -1;
}

/** A protected range set: an exception raised inside jumps to `handler`. */
export class Region {
  ranges: [number, number][] = [];
  openAt = -1;
  constructor(public handler: Label, public depth: number) {}
}

interface TableEntry {
  start: number;
  end: number;
  handler: Label;
  depth: number;
}

const JUMPS = new Set<number>([
  Op.JUMP,
  Op.POP_JUMP_IF_FALSE,
  Op.POP_JUMP_IF_TRUE,
  Op.JUMP_IF_FALSE_OR_POP,
  Op.JUMP_IF_TRUE_OR_POP,
  Op.FOR_ITER,
]);

export class CodeBuilder {
  code: number[] = [];
  lines: number[] = [];
  consts: Const[] = [];
  names: string[] = [];
  entries: TableEntry[] = [];
  depth = 0;
  maxDepth = 0;
  line = 0;
  private constIndex = new Map<unknown, number>();
  private lastLine = -1;

  constructor(public firstLine: number) {
    this.line = firstLine;
  }

  get pc(): number {
    return this.code.length;
  }

  setLine(line: number): void {
    this.line = line;
  }

  emit(op: Op, arg = 0): void {
    if (this.line !== this.lastLine) {
      if (this.lines.length >= 2 && this.lines[this.lines.length - 2] === this.code.length) {
        this.lines[this.lines.length - 1] = this.line;
      } else this.lines.push(this.code.length, this.line);
      this.lastLine = this.line;
    }
    this.code.push(op, arg);
    this.depth += stackEffect(op, arg);
    if (this.depth > this.maxDepth) this.maxDepth = this.depth;
  }

  emitJump(op: Op, label: Label): void {
    const at = this.code.length + 1;
    this.emit(op, 0);
    if (label.pos >= 0) this.code[at] = label.pos;
    else label.refs.push(at);
    const depthAtTarget = op === Op.JUMP_IF_FALSE_OR_POP || op === Op.JUMP_IF_TRUE_OR_POP
      ? this.depth + 1
      : op === Op.FOR_ITER
      ? this.depth - 2
      : this.depth;
    if (label.depth < depthAtTarget) label.depth = depthAtTarget;
  }

  bind(label: Label, depth?: number): void {
    label.pos = this.code.length;
    for (const ref of label.refs) this.code[ref] = label.pos;
    if (depth !== undefined) this.depth = depth;
    else if (label.depth >= 0) this.depth = label.depth;
  }

  openRegion(region: Region): void {
    region.openAt = this.pc;
  }

  closeRegion(region: Region): void {
    if (region.openAt >= 0 && region.openAt < this.pc) region.ranges.push([region.openAt, this.pc]);
    region.openAt = -1;
  }

  /** Adds a region's ranges to the exception table (call when its body is complete). */
  commitRegion(region: Region): void {
    this.closeRegion(region);
    for (const [start, end] of region.ranges) {
      this.entries.push({ start, end, handler: region.handler, depth: region.depth });
    }
  }

  constIndexOf(value: Const): number {
    const key = constKey(value) ?? (typeof value === "object" ? value : undefined);
    if (key !== undefined) {
      const i = this.constIndex.get(key);
      if (i !== undefined) return i;
      this.constIndex.set(key, this.consts.length);
    }
    this.consts.push(value);
    return this.consts.length - 1;
  }

  nameIndex(name: string): number {
    let i = this.names.indexOf(name);
    if (i < 0) {
      i = this.names.length;
      this.names.push(name);
    }
    return i;
  }

  build(
    name: string,
    qualname: string,
    filename: string,
    argCount: number,
    kwOnlyCount: number,
    flags: number,
    varNames: string[],
    cellVars: string[],
    freeVars: string[],
    posOnlyCount = 0,
  ): CodeObject {
    const table: number[] = [];
    for (const e of this.entries) table.push(e.start, e.end, e.handler.pos, e.depth);
    return new CodeObject(
      name,
      qualname,
      filename,
      this.firstLine,
      argCount,
      posOnlyCount,
      kwOnlyCount,
      flags,
      varNames,
      cellVars,
      freeVars,
      this.names,
      this.consts,
      new Int32Array(this.code),
      new Int32Array(this.lines),
      new Int32Array(table),
      this.maxDepth + 4,
    );
  }
}

function constKey(v: Const): unknown {
  switch (typeof v) {
    case "number":
      return Object.is(v, -0) ? undefined : "i" + v;
    case "bigint":
      return "b" + v;
    case "string":
      return "s" + v;
    case "boolean":
      return v ? "T" : "F";
  }
  if (v === null) return "N";
  if (v instanceof FloatConst) {
    return Object.is(v.value, -0) || v.value !== v.value ? undefined : "f" + v.value;
  }
  if (v === EllipsisConst.instance) return "E";
  // Equal bytes and tuples share one object, as in MicroPython: `x = (1, b"a"); x is (1, b"a")`.
  if (v instanceof BytesConst) return "y" + Array.from(v.data).join(",");
  if (v instanceof TupleConst) {
    let key = "t(";
    for (const item of v.items) {
      const k = constKey(item);
      if (typeof k !== "string") return undefined;
      key += k + ";";
    }
    return key + ")";
  }
  return undefined;
}

/** Net stack change of an instruction when execution falls through to the next one. */
export function stackEffect(op: Op, arg: number): number {
  switch (op) {
    case Op.NOP:
    case Op.ROT_TWO:
    case Op.ROT_THREE:
    case Op.ROT_FOUR:
    case Op.SWAP:
    case Op.DELETE_FAST:
    case Op.DELETE_DEREF:
    case Op.DELETE_GLOBAL:
    case Op.DELETE_NAME:
    case Op.LOAD_ATTR:
    case Op.UNARY_NEGATIVE:
    case Op.UNARY_POSITIVE:
    case Op.UNARY_NOT:
    case Op.UNARY_INVERT:
    case Op.JUMP:
    case Op.GET_ITER:
    case Op.LIST_TO_TUPLE:
    case Op.YIELD_VALUE:
    case Op.GET_YIELD_FROM_ITER:
    case Op.GET_AWAITABLE:
    case Op.GET_AITER:
    case Op.CHECK_EXC_MATCH:
      return 0;
    case Op.POP_TOP:
    case Op.STORE_FAST:
    case Op.STORE_DEREF:
    case Op.STORE_GLOBAL:
    case Op.STORE_NAME:
    case Op.DELETE_ATTR:
    case Op.BINARY_OP:
    case Op.COMPARE_OP:
    case Op.IS_OP:
    case Op.CONTAINS_OP:
    case Op.BINARY_SUBSCR:
    case Op.POP_JUMP_IF_FALSE:
    case Op.POP_JUMP_IF_TRUE:
    case Op.JUMP_IF_FALSE_OR_POP:
    case Op.JUMP_IF_TRUE_OR_POP:
    case Op.RETURN_VALUE:
    case Op.LIST_APPEND:
    case Op.SET_ADD:
    case Op.LIST_EXTEND:
    case Op.SET_UPDATE:
    case Op.DICT_UPDATE:
    case Op.DICT_MERGE:
    case Op.YIELD_FROM:
    case Op.RERAISE:
    case Op.POP_EXCEPT:
    case Op.IMPORT_NAME:
    case Op.IMPORT_STAR:
    case Op.PRINT_EXPR:
      return -1;
    case Op.DUP_TOP:
    case Op.COPY:
    case Op.LOAD_CONST:
    case Op.LOAD_FAST:
    case Op.LOAD_DEREF:
    case Op.LOAD_CLOSURE:
    case Op.LOAD_CLASSDEREF:
    case Op.LOAD_GLOBAL:
    case Op.LOAD_NAME:
    case Op.LOAD_METHOD:
    case Op.LOAD_BUILD_CLASS:
    case Op.LOAD_ASSERTION_ERROR:
    case Op.FOR_ITER:
    case Op.GET_ANEXT:
    case Op.BEFORE_ASYNC_WITH:
    case Op.PUSH_EXC_INFO:
    case Op.BEFORE_WITH:
    case Op.WITH_EXCEPT_START:
    case Op.IMPORT_FROM:
      return 1;
    case Op.DUP_TOP_TWO:
      return 2;
    case Op.STORE_ATTR:
    case Op.DELETE_SUBSCR:
    case Op.MAP_ADD:
    case Op.END_ASYNC_FOR:
      return -2;
    case Op.STORE_SUBSCR:
      return -3;
    case Op.BUILD_TUPLE:
    case Op.BUILD_LIST:
    case Op.BUILD_SET:
    case Op.BUILD_SLICE:
    case Op.BUILD_STRING:
      return 1 - arg;
    case Op.BUILD_MAP:
      return 1 - 2 * arg;
    case Op.UNPACK_SEQUENCE:
      return arg - 1;
    case Op.UNPACK_EX:
      return (arg & 0xff) + (arg >> 8);
    case Op.FORMAT_VALUE:
      return arg & 4 ? -1 : 0;
    case Op.CALL:
      return -arg;
    case Op.CALL_KW:
    case Op.CALL_METHOD:
      return -arg - 1;
    case Op.CALL_METHOD_KW:
      return -arg - 2;
    case Op.CALL_FUNCTION_EX:
      return arg & 1 ? -2 : -1;
    case Op.MAKE_FUNCTION:
      return -((arg & 1) + ((arg >> 1) & 1) + ((arg >> 3) & 1));
    case Op.RAISE_VARARGS:
      return -arg;
  }
  return 0;
}

export { JUMPS };
