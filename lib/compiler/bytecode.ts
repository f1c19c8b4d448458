/**
 * upy bytecode: the contract between the compiler and the VM.
 *
 * An instruction is two SMIs in `CodeObject.code`: the opcode and its argument
 * (0 when unused). Jump arguments are absolute indexes into `code` (always even).
 * Fixed width keeps jumps trivial and lets the dispatch loop read `code[pc]`,
 * `code[pc + 1]` from one Int32Array without decoding. Serialized code objects use
 * varints (see serialize.ts), so the fixed width costs nothing on the wire.
 *
 * Stack notation below: `[a, b] -> [c]` means b was on top before and c is on top
 * after. "NULL" is the JS value `undefined`, never a Python value.
 *
 * The model follows CPython 3.11 (exception table instead of a block stack,
 * PUSH_EXC_INFO/POP_EXCEPT for the handled-exception state, finally bodies
 * duplicated by the compiler) with 3.10-style YIELD_FROM for delegation.
 */

export const enum Op {
  // ---- stack ----
  NOP = 0,
  POP_TOP, // [a] -> []
  ROT_TWO, // [a, b] -> [b, a]
  ROT_THREE, // [a, b, c] -> [c, a, b]
  ROT_FOUR, // [a, b, c, d] -> [d, a, b, c]
  DUP_TOP, // [a] -> [a, a]
  DUP_TOP_TWO, // [a, b] -> [a, b, a, b]
  COPY, // arg n>=1: push a copy of the n-th item from the top (COPY 1 == DUP_TOP)
  SWAP, // arg n>=2: swap top with the n-th item from the top

  // ---- constants and names ----
  LOAD_CONST, // arg const index -> [value]
  LOAD_FAST, // arg local index; UnboundLocalError-style NameError if unset
  STORE_FAST,
  DELETE_FAST,
  LOAD_DEREF, // arg cell index: cellVars first, then freeVars
  STORE_DEREF,
  DELETE_DEREF,
  LOAD_CLOSURE, // arg cell index -> [cell object] (for building closure tuples)
  LOAD_CLASSDEREF, // class body reading a free var: class namespace first, then the cell
  LOAD_GLOBAL, // arg name index: globals, then builtins
  STORE_GLOBAL,
  DELETE_GLOBAL,
  LOAD_NAME, // arg name index: frame locals dict, globals, builtins (module/class bodies, exec)
  STORE_NAME,
  DELETE_NAME,
  LOAD_ATTR, // arg name index: [obj] -> [obj.name]
  STORE_ATTR, // [value, obj] -> []  (obj.name = value)
  DELETE_ATTR, // [obj] -> []
  LOAD_METHOD, // arg name index: [obj] -> [func, self] or [callable, NULL]
  LOAD_BUILD_CLASS, // -> [__build_class__]
  LOAD_ASSERTION_ERROR, // -> [AssertionError]

  // ---- operators ----
  BINARY_OP, // arg BinaryOp: [a, b] -> [a op b]; INPLACE_* variants try __iadd__ etc. first
  UNARY_NEGATIVE,
  UNARY_POSITIVE,
  UNARY_NOT,
  UNARY_INVERT,
  COMPARE_OP, // arg CompareOp: [a, b] -> [result] (rich comparison result, not forced to bool)
  IS_OP, // arg 1 = `is not`: [a, b] -> [bool]
  CONTAINS_OP, // arg 1 = `not in`: [a, b] -> [a in b]
  BINARY_SUBSCR, // [container, key] -> [container[key]]
  STORE_SUBSCR, // [value, container, key] -> []
  DELETE_SUBSCR, // [container, key] -> []

  // ---- control flow ----
  JUMP, // arg target
  POP_JUMP_IF_FALSE, // [cond] -> [], jump if falsy
  POP_JUMP_IF_TRUE,
  JUMP_IF_FALSE_OR_POP, // if falsy jump keeping cond, else pop
  JUMP_IF_TRUE_OR_POP,
  GET_ITER, // [obj] -> [iter(obj)]
  FOR_ITER, // arg target: [iter] -> [iter, next] or, exhausted, pop iter and jump
  RETURN_VALUE, // [value] -> return from frame

  // ---- building ----
  BUILD_TUPLE, // arg n: [a1..an] -> [tuple]
  BUILD_LIST,
  BUILD_SET,
  BUILD_MAP, // arg n: [v1, k1, .. vn, kn] -> [dict]  (values first: MicroPython evaluates a
  //              display's value before its key)
  BUILD_SLICE, // arg 2 or 3: [start, stop(, step)] -> [slice]
  BUILD_STRING, // arg n: [s1..sn] -> [s1 + .. + sn] (f-strings)
  LIST_APPEND, // arg i: [.., list, .. (i-1 items), v] -> list.append(v), list is i-th from top after pop
  SET_ADD, // as LIST_APPEND
  MAP_ADD, // arg i: [.., dict, .., k, v] -> dict[k] = v
  LIST_EXTEND, // arg i: [.., list, .., iterable] -> list.extend(iterable)
  SET_UPDATE, // arg i
  DICT_UPDATE, // arg i: dict.update(mapping) ({**m} displays)
  DICT_MERGE, // arg i: like DICT_UPDATE but duplicate keys raise TypeError (f(**a, **b))
  LIST_TO_TUPLE, // [list] -> [tuple]
  UNPACK_SEQUENCE, // arg n: [seq] -> [xn, .., x1] (x1 on top)
  UNPACK_EX, // arg before | after << 8: [seq] -> [after items.., list, before items..] (first on top)
  FORMAT_VALUE, // arg FormatFlags: [value(, spec)] -> [str]

  // ---- calls and functions ----
  CALL, // arg argc: [callable, a1..an] -> [result]
  CALL_KW, // arg argc (incl. keyword values): [callable, a1..an, kwnames tuple] -> [result]
  CALL_METHOD, // arg argc: [func, selfOrNull, a1..an] -> [result]
  CALL_METHOD_KW, // arg argc: [func, selfOrNull, a1..an, kwnames tuple] -> [result]
  CALL_FUNCTION_EX, // arg 1 if kwargs: [callable, args tuple(, kwargs dict)] -> [result]
  MAKE_FUNCTION, // arg MakeFunctionFlags: [(defaults tuple), (kwdefaults dict), (closure tuple), code] -> [fn]

  // ---- generators and coroutines ----
  YIELD_VALUE, // [value] -> suspend yielding value; on resume [sent]
  GET_YIELD_FROM_ITER, // [iterable] -> [iter] (a generator/coroutine stays itself)
  YIELD_FROM, // [subiter, sent] -> delegate; when subiter finishes [result]; while it yields, the frame
  //             suspends with pc left on this instruction and resumes into it with [subiter, sent]
  GET_AWAITABLE, // [obj] -> [awaitable iterator] (coroutine, or obj.__await__())
  GET_AITER, // [obj] -> [obj.__aiter__()]
  GET_ANEXT, // [aiter] -> [aiter, awaitable of aiter.__anext__()]
  END_ASYNC_FOR, // exception handler of async for: [aiter, exc] -> [] if StopAsyncIteration else reraise
  BEFORE_ASYNC_WITH, // [mgr] -> [bound __aexit__, awaitable of __aenter__()]

  // ---- exceptions ----
  RAISE_VARARGS, // arg 0: re-raise the handled exception; 1: [exc]; 2: [exc, cause]
  RERAISE, // [exc] -> raise exc again keeping its traceback
  PUSH_EXC_INFO, // [exc] -> [previous handled exc (or None), exc]; handled exc := exc
  POP_EXCEPT, // [previous] -> []; handled exc := previous
  CHECK_EXC_MATCH, // [exc, type] -> [exc, bool]  (type may be a tuple)
  BEFORE_WITH, // [mgr] -> [bound __exit__, mgr.__enter__()]
  WITH_EXCEPT_START, // [exit, prev, exc] -> [exit, prev, exc, exit(type(exc), exc, None)]

  // ---- modules ----
  IMPORT_NAME, // arg name index: [level, fromlist] -> [module]
  IMPORT_FROM, // arg name index: [module] -> [module, module.name] (ImportError if missing)
  IMPORT_STAR, // [module] -> [] (public names into the frame's namespace)

  // ---- REPL ----
  PRINT_EXPR, // [value] -> [] ; prints repr(value) unless None, sets builtins._
}

/** Number of opcodes, for tables indexed by opcode. */
export const OP_COUNT = Op.PRINT_EXPR + 1;

export const enum BinaryOp {
  ADD = 0,
  SUB,
  MUL,
  MATMUL,
  TRUEDIV,
  FLOORDIV,
  MOD,
  POW,
  LSHIFT,
  RSHIFT,
  AND,
  OR,
  XOR,
  /** Added to any of the above for augmented assignment (`+=` is ADD + INPLACE). */
  INPLACE = 16,
}

export const enum CompareOp {
  LT = 0,
  LE,
  EQ,
  NE,
  GT,
  GE,
}

export const enum FormatFlags {
  CONVERSION_MASK = 3, // 0 none, 1 str, 2 repr, 3 ascii
  HAS_SPEC = 4,
}

export const enum MakeFunctionFlags {
  DEFAULTS = 1,
  KWDEFAULTS = 2,
  CLOSURE = 8,
}

export const enum CodeFlags {
  VARARGS = 1,
  VARKEYWORDS = 2,
  GENERATOR = 4,
  COROUTINE = 8,
  ASYNC_GENERATOR = 16,
  /** Body of a class statement: names go through LOAD_NAME/STORE_NAME on the class namespace. */
  CLASS_BODY = 32,
  /** Module-level code (or exec/eval code). */
  MODULE = 64,
  /** The function reads `super` or `__class__`: its `__class__` free var is the class cell. */
  USES_CLASS_CELL = 128,
}

// ---- constants, independent of the runtime object model ----

export class FloatConst {
  constructor(readonly value: number) {}
}
export class ComplexConst {
  constructor(readonly real: number, readonly imag: number) {}
}
export class BytesConst {
  constructor(readonly data: Uint8Array) {}
}
export class TupleConst {
  constructor(readonly items: Const[]) {}
}
export class EllipsisConst {
  static readonly instance = new EllipsisConst();
  private constructor() {}
}

/** int (number when safe, else bigint), str, bool, None (null) or one of the classes above. */
export type Const =
  | number
  | bigint
  | string
  | boolean
  | null
  | FloatConst
  | ComplexConst
  | BytesConst
  | TupleConst
  | EllipsisConst
  | CodeObject;

/**
 * One compiled function, class body, comprehension, lambda or module.
 *
 * Locals: `varNames` lists parameters first (positional incl. positional-only, then
 * keyword-only, then *args, then **kwargs), then other locals. A parameter that an
 * inner scope captures is also listed in `cellVars`; the VM copies it into its cell
 * at frame entry. Deref index i < cellVars.length names cellVars[i], else
 * freeVars[i - cellVars.length] (supplied by the closure tuple, same order).
 */
export class CodeObject {
  /** Filled by the VM the first time the code runs: consts converted to runtime values. */
  runtimeConsts: unknown[] | null = null;
  /** Filled by the VM: per-instruction inline caches, if any. */
  cache: unknown = null;

  /** The compiler makes code objects (compile(), and deserializeCode() from bytes). */
  constructor(
    public name: string,
    public qualname: string,
    public filename: string,
    public firstLine: number,
    public argCount: number,
    public posOnlyCount: number,
    public kwOnlyCount: number,
    public flags: number,
    public varNames: string[],
    public cellVars: string[],
    public freeVars: string[],
    public names: string[],
    public consts: Const[],
    /** [op, arg, op, arg, ...] */
    public code: Int32Array,
    /** Pairs [pc, line] sorted by pc: `line` holds from `pc` until the next pair. */
    public lineTable: Int32Array,
    /**
     * Groups of four [start, end, handler, depth]: an exception raised by the
     * instruction at pc with start <= pc < end truncates the value stack to `depth`,
     * pushes the exception and jumps to `handler`. Searched in order, first match
     * wins, so the compiler lists inner handlers before outer ones.
     */
    public exceptionTable: Int32Array,
    public stackSize: number,
  ) {}

  /** The source line of the instruction at `pc`. */
  lineAt(pc: number): number {
    const table = this.lineTable;
    let line = this.firstLine;
    for (let i = 0; i < table.length; i += 2) {
      if (table[i] > pc) break;
      line = table[i + 1];
    }
    return line;
  }
}
