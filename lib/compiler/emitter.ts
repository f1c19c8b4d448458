/**
 * Code generation: AST (with scopes from scope.ts) to CodeObjects.
 *
 * Control flow that leaves a block early (return, break, continue) unwinds a
 * compile-time stack of "fblocks", emitting what each block needs on the way out:
 * popping a for-loop's iterator, restoring the handled exception of an except
 * clause, running a finally body inline, calling a with-block's __exit__. Finally
 * bodies are emitted twice (normal and exceptional path), as in CPython 3.11;
 * while a finally body is emitted inline its try's protected range is closed, so
 * an exception inside it is not caught by the same finally again.
 */

import type * as A from "./ast.ts";
import {
  BinaryOp,
  BytesConst,
  CodeFlags,
  type CodeObject,
  CompareOp,
  ComplexConst,
  type Const,
  EllipsisConst,
  FloatConst,
  Op,
  TupleConst,
} from "./bytecode.ts";
import { CodeBuilder, Label, Region } from "./code_builder.ts";
import { Access, type Scope } from "./scope.ts";
import { CompileError } from "./syntax_error.ts";

const BIN_OPS: Record<A.BinOperator, BinaryOp> = {
  "+": BinaryOp.ADD,
  "-": BinaryOp.SUB,
  "*": BinaryOp.MUL,
  "@": BinaryOp.MATMUL,
  "/": BinaryOp.TRUEDIV,
  "//": BinaryOp.FLOORDIV,
  "%": BinaryOp.MOD,
  "**": BinaryOp.POW,
  "<<": BinaryOp.LSHIFT,
  ">>": BinaryOp.RSHIFT,
  "&": BinaryOp.AND,
  "|": BinaryOp.OR,
  "^": BinaryOp.XOR,
};
const CMP_OPS: Record<string, CompareOp> = {
  "<": CompareOp.LT,
  "<=": CompareOp.LE,
  "==": CompareOp.EQ,
  "!=": CompareOp.NE,
  ">": CompareOp.GT,
  ">=": CompareOp.GE,
};

const MATH_CONSTANTS: Record<string, number> = {
  pi: Math.PI,
  e: Math.E,
  tau: 2 * Math.PI,
  inf: Infinity,
  nan: NaN,
};

type FBlock =
  | { kind: "loop"; continueTo: Label; breakTo: Label; hasIterator: boolean }
  | { kind: "finallyTry"; region: Region; body: A.Stmt[] }
  | { kind: "finallyEnd" }
  | { kind: "handler"; name: string | null }
  | { kind: "with"; region: Region; isAsync: boolean }
  | { kind: "exceptBody" }
  /** A return value parked on the stack while a finally body runs inline. */
  | { kind: "popValue" };

export class Emitter {
  b: CodeBuilder;
  fblocks: FBlock[] = [];
  /** Names bound by `X = const(...)` in this module: folded at every later load. */
  constants: Map<string, Const>;
  /** MicroPython's opt_level (see compile.ts). */
  optLevel = 0;

  constructor(
    public scope: Scope,
    public scopes: Map<unknown, Scope>,
    public filename: string,
    firstLine: number,
    public qualPrefix: string,
    public interactive: boolean,
    constants: Map<string, Const>,
  ) {
    this.b = new CodeBuilder(firstLine);
    this.constants = constants;
  }

  fail(message: string, node: A.Pos): never {
    throw new CompileError("SyntaxError", message, this.filename, node.line, node.col);
  }

  // ---- names ----

  loadName(name: string): void {
    if (name === "__debug__" && this.optLevel >= 1 && this.scope.access(name) !== Access.FAST) {
      this.emitConst(false);
      return;
    }
    const c = this.constants.get(name);
    if (c !== undefined && this.scope.access(name) !== Access.FAST) {
      this.emitConst(c);
      return;
    }
    this.nameOp(name, Op.LOAD_FAST, Op.LOAD_DEREF, Op.LOAD_GLOBAL, Op.LOAD_NAME);
  }
  storeName(name: string): void {
    this.nameOp(name, Op.STORE_FAST, Op.STORE_DEREF, Op.STORE_GLOBAL, Op.STORE_NAME);
  }
  deleteName(name: string): void {
    this.nameOp(name, Op.DELETE_FAST, Op.DELETE_DEREF, Op.DELETE_GLOBAL, Op.DELETE_NAME);
  }

  private nameOp(name: string, fast: Op, deref: Op, global: Op, byName: Op): void {
    const access = this.scope.access(name);
    switch (access) {
      case Access.FAST:
        this.b.emit(fast, this.localIndex(name));
        return;
      case Access.DEREF:
        this.b.emit(deref, this.scope.derefIndex(name));
        return;
      case Access.CLASSDEREF:
        if (fast === Op.LOAD_FAST) this.b.emit(Op.LOAD_CLASSDEREF, this.scope.derefIndex(name));
        else this.b.emit(byName, this.b.nameIndex(name));
        return;
      case Access.GLOBAL:
        this.b.emit(global, this.b.nameIndex(name));
        return;
      default:
        this.b.emit(byName, this.b.nameIndex(name));
    }
  }

  localIndex(name: string): number {
    let i = this.scope.varNames.indexOf(name);
    if (i < 0) {
      i = this.scope.varNames.length;
      this.scope.varNames.push(name);
    }
    return i;
  }

  emitConst(value: Const): void {
    this.b.emit(Op.LOAD_CONST, this.b.constIndexOf(value));
  }

  // ---- statements ----

  body(stmts: A.Stmt[]): void {
    for (const s of stmts) this.stmt(s);
  }

  stmt(s: A.Stmt): void {
    this.b.setLine(this.optLevel >= 3 ? 1 : s.line);
    switch (s.kind) {
      case "ExprStmt":
        if (s.value.kind === "Constant" && !this.interactive) return;
        this.expr(s.value);
        this.b.emit(this.interactive && this.scope.kind === "module" ? Op.PRINT_EXPR : Op.POP_TOP);
        return;
      case "Assign":
        return this.assign(s);
      case "AugAssign":
        return this.augAssign(s);
      case "AnnAssign":
        if (s.value === null || this.typeCheckingFlag(s.target, s.value)) return;
        this.expr(s.value);
        this.target(s.target);
        return;
      case "Pass":
        return;
      case "If":
        return this.ifStmt(s);
      case "While":
        return this.whileStmt(s);
      case "For":
        return s.isAsync ? this.asyncForStmt(s) : this.forStmt(s);
      case "Break":
        return this.breakOrContinue(s, true);
      case "Continue":
        return this.breakOrContinue(s, false);
      case "Return":
        return this.returnStmt(s);
      case "FunctionDef":
        return this.functionDef(s);
      case "ClassDef":
        return this.classDef(s);
      case "Try":
        if (s.finalbody.length > 0) return this.tryFinally(s);
        return this.tryExcept(s);
      case "Raise":
        if (s.exc === null) {
          this.b.emit(Op.RAISE_VARARGS, 0);
          return;
        }
        this.expr(s.exc);
        if (s.cause !== null) {
          this.expr(s.cause);
          this.b.emit(Op.RAISE_VARARGS, 2);
        } else this.b.emit(Op.RAISE_VARARGS, 1);
        return;
      case "With":
        return this.withStmt(s, 0);
      case "Delete":
        for (const t of s.targets) this.deleteTarget(t);
        return;
      case "Assert": {
        if (this.optLevel >= 1) return;
        const end = new Label();
        this.condition(s.test, end, true);
        this.b.emit(Op.LOAD_ASSERTION_ERROR);
        if (s.msg !== null) {
          this.expr(s.msg);
          this.b.emit(Op.CALL, 1);
        }
        this.b.emit(Op.RAISE_VARARGS, 1);
        this.b.bind(end);
        return;
      }
      case "Import":
        return this.importStmt(s);
      case "ImportFrom":
        return this.importFrom(s);
      case "Global":
      case "Nonlocal":
        return;
    }
  }

  /**
   * `TYPE_CHECKING = False` (or `TYPE_CHECKING: bool = False`) at module or class level becomes a
   * compile-time constant, as in MicroPython 1.29 (MICROPY_COMP_TYPE_CHECKING): nothing is stored,
   * and code guarded by `if TYPE_CHECKING:` (typing-only imports) is never run.
   */
  private typeCheckingFlag(target: A.Expr, value: A.Expr): boolean {
    if (
      target.kind !== "Name" || target.id !== "TYPE_CHECKING" || value.kind !== "Constant" ||
      value.value.type !== "bool" || value.value.value !== false ||
      (this.scope.kind !== "module" && this.scope.kind !== "class") ||
      this.constants.has(target.id)
    ) return false;
    this.constants.set(target.id, false);
    return true;
  }

  private assign(s: A.Assign): void {
    if (s.targets.length === 1 && this.typeCheckingFlag(s.targets[0], s.value)) return;
    // MicroPython's const(): `X = const(value)` at module or class level folds X.
    if (
      s.targets.length === 1 && s.targets[0].kind === "Name" && s.value.kind === "Call" &&
      s.value.func.kind === "Name" && s.value.func.id === "const" && s.value.args.length === 1 &&
      (this.scope.kind === "module" || this.scope.kind === "class")
    ) {
      const folded = this.fold(s.value.args[0]);
      const name = (s.targets[0] as A.Name).id;
      if (folded === undefined) this.fail("constant must be an integer", s);
      if (this.constants.has(name)) this.fail("constant redefined", s);
      {
        this.constants.set(name, folded);
        if (name.startsWith("_")) return;
        this.emitConst(folded);
        this.storeName(name);
        return;
      }
    }
    this.expr(s.value);
    for (let i = 0; i < s.targets.length; i++) {
      if (i < s.targets.length - 1) this.b.emit(Op.DUP_TOP);
      this.target(s.targets[i]);
    }
  }

  /** Evaluates a constant expression at compile time, or undefined. */
  fold(e: A.Expr): Const | undefined {
    if (e.kind === "Constant") return constOf(e.value);
    if (e.kind === "Name") return this.constants.get(e.id);
    if (
      e.kind === "Attribute" && e.value.kind === "Name" && e.value.id === "math" &&
      e.attr in MATH_CONSTANTS
    ) {
      // MicroPython folds the math module's constants (MICROPY_COMP_MODULE_CONST).
      return new FloatConst(MATH_CONSTANTS[e.attr]);
    }
    if (e.kind === "Tuple") {
      const items = e.elts.map((x) => this.fold(x));
      return items.every((x) => x !== undefined) ? new TupleConst(items as Const[]) : undefined;
    }
    if (e.kind === "UnaryOp") {
      const v = this.fold(e.operand);
      if (v instanceof FloatConst) {
        if (e.op === "-") return new FloatConst(-v.value);
        if (e.op === "+") return v;
        return undefined;
      }
      if (typeof v === "number" || typeof v === "bigint") {
        if (e.op === "-") return normalize(-BigInt(v));
        if (e.op === "+") return v;
        if (e.op === "~") return normalize(~BigInt(v));
      }
      return undefined;
    }
    if (e.kind === "BinOp") {
      const a = this.fold(e.left), b = this.fold(e.right);
      if (
        (a instanceof FloatConst || typeof a === "number") &&
        (b instanceof FloatConst || typeof b === "number") &&
        (a instanceof FloatConst || b instanceof FloatConst)
      ) {
        const x = a instanceof FloatConst ? a.value : a, y = b instanceof FloatConst ? b.value : b;
        switch (e.op) {
          case "+":
            return new FloatConst(x + y);
          case "-":
            return new FloatConst(x - y);
          case "*":
            return new FloatConst(x * y);
          case "/":
            return y === 0 ? undefined : new FloatConst(x / y);
          case "**":
            return x === 0 && y < 0 ? undefined : new FloatConst(x ** y);
        }
        return undefined;
      }
      if (
        (typeof a !== "number" && typeof a !== "bigint") ||
        (typeof b !== "number" && typeof b !== "bigint")
      ) {
        return undefined;
      }
      const x = BigInt(a), y = BigInt(b);
      switch (e.op) {
        case "+":
          return normalize(x + y);
        case "-":
          return normalize(x - y);
        case "*":
          return normalize(x * y);
        case "<<":
          return y >= 0n && y < 1024n ? normalize(x << y) : undefined;
        case ">>":
          return y >= 0n ? normalize(x >> y) : undefined;
        case "&":
          return normalize(x & y);
        case "|":
          return normalize(x | y);
        case "^":
          return normalize(x ^ y);
        case "**":
          if (y < 0n) return x === 0n ? undefined : new FloatConst(Number(x) ** Number(y));
          return y < 1024n ? normalize(x ** y) : undefined;
        case "/":
          return y === 0n ? undefined : new FloatConst(Number(x) / Number(y));
        case "//":
          if (y === 0n) return undefined;
          return normalize(floorDiv(x, y));
        case "%":
          if (y === 0n) return undefined;
          return normalize(x - floorDiv(x, y) * y);
      }
    }
    return undefined;
  }

  private augAssign(s: A.AugAssign): void {
    const op = BIN_OPS[s.op] + BinaryOp.INPLACE;
    const t = s.target;
    if (t.kind === "Name") {
      this.loadName(t.id);
      this.expr(s.value);
      this.b.emit(Op.BINARY_OP, op);
      this.storeName(t.id);
    } else if (t.kind === "Attribute") {
      this.expr(t.value);
      this.b.emit(Op.DUP_TOP);
      this.b.emit(Op.LOAD_ATTR, this.b.nameIndex(t.attr));
      this.expr(s.value);
      this.b.emit(Op.BINARY_OP, op);
      this.b.emit(Op.ROT_TWO);
      this.b.emit(Op.STORE_ATTR, this.b.nameIndex(t.attr));
    } else if (t.kind === "Subscript") {
      this.expr(t.value);
      this.subscriptKey(t.slice);
      this.b.emit(Op.DUP_TOP_TWO);
      this.b.emit(Op.BINARY_SUBSCR);
      this.expr(s.value);
      this.b.emit(Op.BINARY_OP, op);
      this.b.emit(Op.ROT_THREE);
      this.b.emit(Op.STORE_SUBSCR);
    } else this.fail("illegal expression for augmented assignment", s);
  }

  /** Stores the value on top of the stack into an assignment target. */
  target(t: A.Expr): void {
    switch (t.kind) {
      case "Name":
        this.storeName(t.id);
        return;
      case "Attribute":
        this.expr(t.value);
        this.b.emit(Op.STORE_ATTR, this.b.nameIndex(t.attr));
        return;
      case "Subscript":
        this.expr(t.value);
        this.subscriptKey(t.slice);
        this.b.emit(Op.STORE_SUBSCR);
        return;
      case "Tuple":
      case "List": {
        const star = t.elts.findIndex((e) => e.kind === "Starred");
        if (star < 0) this.b.emit(Op.UNPACK_SEQUENCE, t.elts.length);
        else {
          const after = t.elts.length - star - 1;
          if (star > 255 || after > 255) {
            this.fail("too many expressions in star-unpacking assignment", t);
          }
          this.b.emit(Op.UNPACK_EX, star | (after << 8));
        }
        for (const e of t.elts) this.target(e.kind === "Starred" ? e.value : e);
        return;
      }
      case "Starred":
        this.fail("starred assignment target must be in a list or tuple", t);
    }
    this.fail("can't assign to expression", t);
  }

  private deleteTarget(t: A.Expr): void {
    switch (t.kind) {
      case "Name":
        this.deleteName(t.id);
        return;
      case "Attribute":
        this.expr(t.value);
        this.b.emit(Op.DELETE_ATTR, this.b.nameIndex(t.attr));
        return;
      case "Subscript":
        this.expr(t.value);
        this.subscriptKey(t.slice);
        this.b.emit(Op.DELETE_SUBSCR);
        return;
      case "Tuple":
      case "List":
        for (const e of t.elts) this.deleteTarget(e);
        return;
    }
    this.fail("can't delete expression", t);
  }

  private ifStmt(s: A.If): void {
    const elseLabel = new Label();
    const end = new Label();
    const folded = this.constTruth(s.test);
    if (folded === false) {
      this.body(s.orelse);
      return;
    }
    if (folded === true) {
      this.body(s.body);
      return;
    }
    this.condition(s.test, elseLabel, false);
    this.body(s.body);
    if (s.orelse.length > 0) {
      this.b.emitJump(Op.JUMP, end);
      this.b.bind(elseLabel);
      this.body(s.orelse);
      this.b.bind(end);
    } else this.b.bind(elseLabel);
  }

  private constTruth(e: A.Expr): boolean | undefined {
    if (e.kind !== "Constant") return undefined;
    const v = e.value;
    switch (v.type) {
      case "bool":
        return v.value;
      case "int":
        return v.value != 0;
      case "none":
        return false;
      case "str":
        return v.value.length > 0;
    }
    return undefined;
  }

  private whileStmt(s: A.While): void {
    const top = new Label();
    const elseLabel = new Label();
    const breakTo = new Label();
    const infinite = this.constTruth(s.test) === true;
    this.b.bind(top);
    if (!infinite) this.condition(s.test, elseLabel, false);
    this.fblocks.push({ kind: "loop", continueTo: top, breakTo, hasIterator: false });
    this.body(s.body);
    this.fblocks.pop();
    this.b.setLine(this.optLevel >= 3 ? 1 : s.line);
    this.b.emitJump(Op.JUMP, top);
    this.b.bind(elseLabel);
    if (!infinite) this.body(s.orelse);
    this.b.bind(breakTo);
  }

  private forStmt(s: A.For): void {
    const top = new Label();
    const exit = new Label();
    const breakTo = new Label();
    this.expr(s.iter);
    this.b.emit(Op.GET_ITER);
    this.b.bind(top);
    this.b.emitJump(Op.FOR_ITER, exit);
    this.target(s.target);
    this.fblocks.push({ kind: "loop", continueTo: top, breakTo, hasIterator: true });
    this.body(s.body);
    this.fblocks.pop();
    this.b.setLine(this.optLevel >= 3 ? 1 : s.line);
    this.b.emitJump(Op.JUMP, top);
    this.b.bind(exit);
    this.body(s.orelse);
    this.b.bind(breakTo);
  }

  private asyncForStmt(s: A.For): void {
    if (!this.scope.isCoroutine) this.fail("async for/with outside async function", s);
    const top = new Label();
    const end = new Label();
    const breakTo = new Label();
    this.expr(s.iter);
    this.b.emit(Op.GET_AITER);
    this.b.bind(top);
    const region = new Region(end, this.b.depth);
    this.b.openRegion(region);
    this.b.emit(Op.GET_ANEXT);
    this.emitConst(null);
    this.b.emit(Op.YIELD_FROM);
    this.b.commitRegion(region);
    this.target(s.target);
    this.fblocks.push({ kind: "loop", continueTo: top, breakTo, hasIterator: true });
    this.body(s.body);
    this.fblocks.pop();
    this.b.emitJump(Op.JUMP, top);
    this.b.bind(end, region.depth + 1);
    this.b.emit(Op.END_ASYNC_FOR);
    this.body(s.orelse);
    this.b.bind(breakTo);
  }

  private breakOrContinue(s: A.Stmt, isBreak: boolean): void {
    let i = this.fblocks.length - 1;
    while (i >= 0 && this.fblocks[i].kind !== "loop") i--;
    if (i < 0) this.fail("'break'/'continue' outside loop", s);
    const depth = this.b.depth;
    for (let j = this.fblocks.length - 1; j > i; j--) this.unwind(this.fblocks[j], false, j);
    const loop = this.fblocks[i] as Extract<FBlock, { kind: "loop" }>;
    if (isBreak) {
      if (loop.hasIterator) this.b.emit(Op.POP_TOP);
      this.b.emitJump(Op.JUMP, loop.breakTo);
    } else this.b.emitJump(Op.JUMP, loop.continueTo);
    this.b.depth = depth;
  }

  private returnStmt(s: A.Return): void {
    if (this.scope.kind !== "function" && this.scope.kind !== "comprehension") {
      this.fail("'return' outside function", s);
    }
    if (s.value !== null) {
      // An async def that yields is a plain generator in MicroPython, so it may
      // return a value (and use `yield from`): no async-generator errors.
      this.expr(s.value);
    } else this.emitConst(null);
    const depth = this.b.depth;
    for (let j = this.fblocks.length - 1; j >= 0; j--) this.unwind(this.fblocks[j], true, j);
    this.b.emit(Op.RETURN_VALUE);
    this.b.depth = depth - 1;
  }

  /** Emits the exit actions of one fblock; with `preserveTop` a return value sits on top. */
  private unwind(block: FBlock, preserveTop: boolean, index: number): void {
    switch (block.kind) {
      case "loop":
        if (block.hasIterator) {
          if (preserveTop) this.b.emit(Op.ROT_TWO);
          this.b.emit(Op.POP_TOP);
        }
        return;
      case "finallyTry": {
        this.b.closeRegion(block.region);
        // The finally body runs outside this fblock (and its own protection).
        // Under a return, the value waits on the stack: a break, continue or
        // return in the body drops it (`try: return 1 finally: continue`).
        const saved = this.fblocks;
        this.fblocks = saved.slice(0, index);
        if (preserveTop) this.fblocks.push({ kind: "popValue" });
        this.body(block.body);
        this.fblocks = saved;
        this.b.openRegion(block.region);
        return;
      }
      case "finallyEnd":
        // Stack: prev, exc (, value)
        if (preserveTop) this.b.emit(Op.ROT_TWO);
        this.b.emit(Op.POP_TOP);
        if (preserveTop) this.b.emit(Op.ROT_TWO);
        this.b.emit(Op.POP_EXCEPT);
        return;
      case "handler":
        if (preserveTop) this.b.emit(Op.ROT_TWO);
        this.b.emit(Op.POP_EXCEPT);
        if (block.name !== null) {
          this.emitConst(null);
          this.storeName(block.name);
          this.deleteName(block.name);
        }
        return;
      case "exceptBody":
        return;
      case "popValue":
        if (preserveTop) this.b.emit(Op.ROT_TWO);
        this.b.emit(Op.POP_TOP);
        return;
      case "with": {
        this.b.closeRegion(block.region);
        if (preserveTop) this.b.emit(Op.ROT_TWO);
        this.emitConst(null);
        this.emitConst(null);
        this.emitConst(null);
        this.b.emit(Op.CALL, 3);
        if (block.isAsync) {
          this.b.emit(Op.GET_AWAITABLE);
          this.emitConst(null);
          this.b.emit(Op.YIELD_FROM);
        }
        this.b.emit(Op.POP_TOP);
        this.b.openRegion(block.region);
        return;
      }
    }
  }

  private tryExcept(s: A.Try): void {
    const handlerLabel = new Label();
    const elseLabel = new Label();
    const end = new Label();
    const cleanup = new Label();
    const depth = this.b.depth;
    const region = new Region(handlerLabel, depth);
    this.b.openRegion(region);
    this.fblocks.push({ kind: "exceptBody" });
    this.body(s.body);
    this.fblocks.pop();
    this.b.commitRegion(region);
    this.b.emitJump(Op.JUMP, elseLabel);

    this.b.bind(handlerLabel, depth + 1);
    this.b.emit(Op.PUSH_EXC_INFO);
    const cleanupRegion = new Region(cleanup, depth + 1);
    this.b.openRegion(cleanupRegion);
    for (const h of s.handlers) {
      this.b.setLine(this.optLevel >= 3 ? 1 : h.line);
      const next = new Label();
      if (h.type !== null) {
        this.expr(h.type);
        this.b.emit(Op.CHECK_EXC_MATCH);
        this.b.emitJump(Op.POP_JUMP_IF_FALSE, next);
      }
      if (h.name !== null) {
        this.storeName(h.name);
        // An exception inside a named handler must still unbind the name.
        const nameCleanup = new Label();
        const nameRegion = new Region(nameCleanup, depth + 1);
        this.b.openRegion(nameRegion);
        this.fblocks.push({ kind: "handler", name: h.name });
        this.body(h.body);
        this.fblocks.pop();
        this.b.commitRegion(nameRegion);
        this.b.emit(Op.POP_EXCEPT);
        this.emitConst(null);
        this.storeName(h.name);
        this.deleteName(h.name);
        this.b.emitJump(Op.JUMP, end);
        this.b.bind(nameCleanup, depth + 2);
        this.emitConst(null);
        this.storeName(h.name);
        this.deleteName(h.name);
        this.b.emit(Op.RERAISE);
      } else {
        this.b.emit(Op.POP_TOP);
        this.fblocks.push({ kind: "handler", name: null });
        this.body(h.body);
        this.fblocks.pop();
        this.b.emit(Op.POP_EXCEPT);
        this.b.emitJump(Op.JUMP, end);
      }
      this.b.bind(next, depth + 2);
    }
    this.b.emit(Op.RERAISE);
    this.b.commitRegion(cleanupRegion);
    this.b.bind(cleanup, depth + 2);
    this.b.emit(Op.SWAP, 2);
    this.b.emit(Op.POP_EXCEPT);
    this.b.emit(Op.RERAISE);
    this.b.bind(elseLabel, depth);
    this.body(s.orelse);
    this.b.bind(end, depth);
  }

  private tryFinally(s: A.Try): void {
    const handlerLabel = new Label();
    const end = new Label();
    const cleanup = new Label();
    const depth = this.b.depth;
    const region = new Region(handlerLabel, depth);
    this.b.openRegion(region);
    this.fblocks.push({ kind: "finallyTry", region, body: s.finalbody });
    if (s.handlers.length > 0) this.tryExcept({ ...s, finalbody: [] });
    else this.body(s.body);
    this.fblocks.pop();
    this.b.commitRegion(region);
    this.body(s.finalbody);
    this.b.emitJump(Op.JUMP, end);

    this.b.bind(handlerLabel, depth + 1);
    this.b.emit(Op.PUSH_EXC_INFO);
    const cleanupRegion = new Region(cleanup, depth + 1);
    this.b.openRegion(cleanupRegion);
    this.fblocks.push({ kind: "finallyEnd" });
    this.body(s.finalbody);
    this.fblocks.pop();
    this.b.emit(Op.RERAISE);
    this.b.commitRegion(cleanupRegion);
    this.b.bind(cleanup, depth + 2);
    this.b.emit(Op.SWAP, 2);
    this.b.emit(Op.POP_EXCEPT);
    this.b.emit(Op.RERAISE);
    this.b.bind(end, depth);
  }

  private withStmt(s: A.With, itemIndex: number): void {
    if (s.isAsync && !this.scope.isCoroutine) {
      this.fail("async for/with outside async function", s);
    }
    const item = s.items[itemIndex];
    const handler = new Label();
    const end = new Label();
    const cleanup = new Label();
    const suppress = new Label();
    this.b.setLine(this.optLevel >= 3 ? 1 : s.line);
    this.expr(item.contextExpr);
    if (s.isAsync) {
      this.b.emit(Op.BEFORE_ASYNC_WITH);
      this.emitConst(null);
      this.b.emit(Op.YIELD_FROM);
    } else this.b.emit(Op.BEFORE_WITH);
    const depth = this.b.depth - 1; // with __exit__ on the stack
    if (item.optionalVars !== null) this.target(item.optionalVars);
    else this.b.emit(Op.POP_TOP);
    const region = new Region(handler, depth);
    this.b.openRegion(region);
    this.fblocks.push({ kind: "with", region, isAsync: s.isAsync });
    if (itemIndex + 1 < s.items.length) this.withStmt(s, itemIndex + 1);
    else this.body(s.body);
    this.fblocks.pop();
    this.b.commitRegion(region);
    this.b.setLine(this.optLevel >= 3 ? 1 : s.line);
    this.emitConst(null);
    this.emitConst(null);
    this.emitConst(null);
    this.b.emit(Op.CALL, 3);
    if (s.isAsync) {
      this.b.emit(Op.GET_AWAITABLE);
      this.emitConst(null);
      this.b.emit(Op.YIELD_FROM);
    }
    this.b.emit(Op.POP_TOP);
    this.b.emitJump(Op.JUMP, end);

    this.b.bind(handler, depth + 1);
    this.b.emit(Op.PUSH_EXC_INFO);
    const cleanupRegion = new Region(cleanup, depth + 1);
    this.b.openRegion(cleanupRegion);
    this.b.emit(Op.WITH_EXCEPT_START);
    if (s.isAsync) {
      this.b.emit(Op.GET_AWAITABLE);
      this.emitConst(null);
      this.b.emit(Op.YIELD_FROM);
    }
    this.b.emitJump(Op.POP_JUMP_IF_TRUE, suppress);
    this.b.emit(Op.RERAISE);
    this.b.bind(suppress, depth + 2);
    this.b.emit(Op.POP_TOP);
    this.b.emit(Op.POP_EXCEPT);
    this.b.emit(Op.POP_TOP);
    this.b.emitJump(Op.JUMP, end);
    this.b.commitRegion(cleanupRegion);
    this.b.bind(cleanup, depth + 2);
    this.b.emit(Op.SWAP, 2);
    this.b.emit(Op.POP_EXCEPT);
    this.b.emit(Op.RERAISE);
    this.b.bind(end, depth - 1);
  }

  private importStmt(s: A.Import): void {
    for (const alias of s.names) {
      this.emitConst(0);
      this.emitConst(null);
      this.b.emit(Op.IMPORT_NAME, this.b.nameIndex(alias.name));
      if (alias.asname !== null) {
        const parts = alias.name.split(".");
        for (let i = 1; i < parts.length; i++) {
          this.b.emit(Op.IMPORT_FROM, this.b.nameIndex(parts[i]));
          this.b.emit(Op.ROT_TWO);
          this.b.emit(Op.POP_TOP);
        }
        this.storeName(alias.asname);
      } else this.storeName(alias.name.split(".")[0]);
    }
  }

  private importFrom(s: A.ImportFrom): void {
    this.emitConst(s.level);
    this.emitConst(new TupleConst(s.names.map((a) => a.name)));
    this.b.emit(Op.IMPORT_NAME, this.b.nameIndex(s.module ?? ""));
    if (s.names.length === 1 && s.names[0].name === "*") {
      if (this.scope.kind !== "module") this.fail("import * only allowed at module level", s);
      this.b.emit(Op.IMPORT_STAR);
      return;
    }
    for (const alias of s.names) {
      this.b.emit(Op.IMPORT_FROM, this.b.nameIndex(alias.name));
      this.storeName(alias.asname ?? alias.name);
    }
    this.b.emit(Op.POP_TOP);
  }

  // ---- functions and classes ----

  private functionDef(s: A.FunctionDef): void {
    for (const d of s.decorators) this.expr(d);
    const scope = this.scopes.get(s)!;
    const firstLine = s.decorators.length > 0 ? s.decorators[0].line : s.line;
    this.makeFunction(scope, s.args, firstLine, (e) => {
      e.docstringSkip(s.body);
      e.body(s.body);
    }, s.name);
    for (let i = 0; i < s.decorators.length; i++) this.b.emit(Op.CALL, 1);
    this.storeName(s.name);
  }

  /** Skips nothing: docstrings compile as expression statements (constants are dropped). */
  docstringSkip(_body: A.Stmt[]): void {}

  /** Emits defaults, closure and MAKE_FUNCTION for a function/lambda/comprehension scope. */
  makeFunction(
    scope: Scope,
    args: A.Arguments | null,
    firstLine: number,
    emitBody: (e: Emitter) => void,
    name: string,
  ): void {
    let flags = 0;
    if (args !== null) {
      if (args.defaults.length > 0) {
        for (const d of args.defaults) this.expr(d);
        this.b.emit(Op.BUILD_TUPLE, args.defaults.length);
        flags |= 1;
      }
      const kwd = args.kwonlyargs.map((a, i) => [a.arg, args.kwDefaults[i]] as const).filter((
        [, d],
      ) => d !== null);
      if (kwd.length > 0) {
        for (const [n, d] of kwd) {
          this.expr(d!);
          this.emitConst(n);
        }
        this.b.emit(Op.BUILD_MAP, kwd.length);
        flags |= 2;
      }
    }
    const code = this.compileChild(scope, args, firstLine, emitBody, name);
    if (code.freeVars.length > 0) {
      for (const free of code.freeVars) {
        const idx = this.scope.derefIndex(free);
        if (idx < 0) {
          throw new CompileError(
            "SyntaxError",
            `internal: no cell for ${free}`,
            this.filename,
            firstLine,
            0,
          );
        }
        this.b.emit(Op.LOAD_CLOSURE, idx);
      }
      this.b.emit(Op.BUILD_TUPLE, code.freeVars.length);
      flags |= 8;
    }
    this.emitConst(code);
    this.b.emit(Op.MAKE_FUNCTION, flags);
  }

  compileChild(
    scope: Scope,
    args: A.Arguments | null,
    firstLine: number,
    emitBody: (e: Emitter) => void,
    name: string,
  ): CodeObject {
    const qualname = this.qualPrefix + name;
    const child = new Emitter(
      scope,
      this.scopes,
      this.filename,
      firstLine,
      qualname + ".<locals>.",
      false,
      new Map(this.constants),
    );
    child.optLevel = this.optLevel;
    if (scope.kind === "class") child.qualPrefix = qualname + ".";
    // Parameters come first in varNames, in signature order.
    let argCount = 0;
    let kwOnly = 0;
    let flags = 0;
    if (args !== null) {
      const params = [
        ...args.posonlyargs.map((a) => a.arg),
        ...args.args.map((a) => a.arg),
        ...args.kwonlyargs.map((a) => a.arg),
      ];
      argCount = args.posonlyargs.length + args.args.length;
      kwOnly = args.kwonlyargs.length;
      if (args.vararg) {
        params.push(args.vararg.arg);
        flags |= CodeFlags.VARARGS;
      }
      if (args.kwarg) {
        params.push(args.kwarg.arg);
        flags |= CodeFlags.VARKEYWORDS;
      }
      scope.varNames = [...params, ...scope.varNames.filter((n) => !params.includes(n))];
    } else if (scope.kind === "comprehension") {
      argCount = 1;
      scope.varNames = [".0", ...scope.varNames.filter((n) => n !== ".0")];
    }
    child.b.setLine(firstLine);
    emitBody(child);
    if (scope.kind === "class") {
      if (scope.needsClassCell) {
        child.b.emit(Op.LOAD_CLOSURE, scope.derefIndex("__class__"));
        child.b.emit(Op.STORE_NAME, child.b.nameIndex("__classcell__"));
      }
      child.emitConst(null);
      child.b.emit(Op.RETURN_VALUE);
      flags |= CodeFlags.CLASS_BODY;
    } else if (!child.endsWithReturn()) {
      child.emitConst(null);
      child.b.emit(Op.RETURN_VALUE);
    }
    if (scope.isGenerator && scope.isCoroutine) flags |= CodeFlags.ASYNC_GENERATOR;
    else if (scope.isGenerator) flags |= CodeFlags.GENERATOR;
    else if (scope.isCoroutine) flags |= CodeFlags.COROUTINE;
    if (scope.usesClassCell) flags |= CodeFlags.USES_CLASS_CELL;
    return child.b.build(
      name,
      qualname,
      this.filename,
      argCount,
      kwOnly,
      flags,
      scope.varNames,
      scope.cellVars,
      scope.freeVars,
      args === null ? 0 : args.posonlyargs.length,
    );
  }

  endsWithReturn(): boolean {
    const code = this.b.code;
    return code.length >= 2 && code[code.length - 2] === Op.RETURN_VALUE &&
      !this.hasJumpTo(code.length);
  }

  private hasJumpTo(pc: number): boolean {
    const code = this.b.code;
    for (let i = 0; i < code.length; i += 2) {
      const op = code[i];
      if (
        (op === Op.JUMP || (op >= Op.POP_JUMP_IF_FALSE && op <= Op.JUMP_IF_TRUE_OR_POP) ||
          op === Op.FOR_ITER) && code[i + 1] === pc
      ) return true;
    }
    for (const e of this.b.entries) if (e.handler.pos === pc) return true;
    return false;
  }

  private classDef(s: A.ClassDef): void {
    for (const d of s.decorators) this.expr(d);
    const scope = this.scopes.get(s)!;
    this.b.emit(Op.LOAD_BUILD_CLASS);
    const firstLine = s.decorators.length > 0 ? s.decorators[0].line : s.line;
    this.makeFunction(scope, null, firstLine, (e) => {
      e.b.setLine(s.line);
      e.b.emit(Op.LOAD_NAME, e.b.nameIndex("__name__"));
      e.b.emit(Op.STORE_NAME, e.b.nameIndex("__module__"));
      e.emitConst(this.qualPrefix + s.name);
      e.b.emit(Op.STORE_NAME, e.b.nameIndex("__qualname__"));
      e.body(s.body);
    }, s.name);
    this.emitConst(s.name);
    this.callWith(s.bases, s.keywords, 2);
    for (let i = 0; i < s.decorators.length; i++) this.b.emit(Op.CALL, 1);
    this.storeName(s.name);
  }

  // ---- expressions ----

  expr(e: A.Expr): void {
    switch (e.kind) {
      case "Constant":
        this.emitConst(constOf(e.value));
        return;
      case "Name":
        this.loadName(e.id);
        return;
      case "BinOp":
        this.expr(e.left);
        this.expr(e.right);
        this.b.emit(Op.BINARY_OP, BIN_OPS[e.op]);
        return;
      case "UnaryOp":
        this.expr(e.operand);
        this.b.emit(
          e.op === "-"
            ? Op.UNARY_NEGATIVE
            : e.op === "+"
            ? Op.UNARY_POSITIVE
            : e.op === "~"
            ? Op.UNARY_INVERT
            : Op.UNARY_NOT,
        );
        return;
      case "BoolOp": {
        const end = new Label();
        const op = e.op === "and" ? Op.JUMP_IF_FALSE_OR_POP : Op.JUMP_IF_TRUE_OR_POP;
        for (let i = 0; i < e.values.length; i++) {
          this.expr(e.values[i]);
          if (i < e.values.length - 1) this.b.emitJump(op, end);
        }
        this.b.bind(end);
        return;
      }
      case "Compare":
        return this.compare(e);
      case "IfExp": {
        const elseLabel = new Label();
        const end = new Label();
        this.condition(e.test, elseLabel, false);
        this.expr(e.body);
        this.b.emitJump(Op.JUMP, end);
        this.b.bind(elseLabel);
        this.expr(e.orelse);
        this.b.bind(end);
        return;
      }
      case "Attribute":
        this.expr(e.value);
        this.b.emit(Op.LOAD_ATTR, this.b.nameIndex(e.attr));
        return;
      case "Subscript":
        this.expr(e.value);
        this.subscriptKey(e.slice);
        this.b.emit(Op.BINARY_SUBSCR);
        return;
      case "Call":
        return this.call(e);
      case "Tuple": {
        // A tuple of constants is itself one constant object (MicroPython's
        // MICROPY_COMP_CONST_TUPLE): `f() is f()` for `def f(): return (1, 2)`.
        const folded = e.elts.length > 0 ? this.fold(e) : undefined;
        if (folded !== undefined) return this.emitConst(folded);
        return this.sequence(e.elts, Op.BUILD_TUPLE);
      }
      case "List":
        return this.sequence(e.elts, Op.BUILD_LIST);
      case "Set":
        return this.sequence(e.elts, Op.BUILD_SET);
      case "Dict":
        return this.dict(e);
      case "Slice":
        this.slice(e);
        return;
      case "Lambda": {
        const scope = this.scopes.get(e)!;
        this.makeFunction(scope, e.args, e.line, (c) => {
          c.expr(e.body);
          if (!scope.isGenerator) c.b.emit(Op.RETURN_VALUE);
          else c.b.emit(Op.POP_TOP);
        }, "<lambda>");
        return;
      }
      case "ListComp":
      case "SetComp":
      case "DictComp":
      case "GeneratorExp":
        return this.comprehension(e);
      case "JoinedStr":
        return this.joinedStr(e);
      case "FormattedValue":
        this.formattedValue(e);
        return;
      case "NamedExpr":
        this.expr(e.value);
        this.b.emit(Op.DUP_TOP);
        this.storeName(e.target.id);
        return;
      case "Yield":
        if (this.scope.kind === "comprehension" && !this.scope.isGenerator) {
          this.fail("'yield' inside list comprehension", e);
        }
        if (e.value !== null) this.expr(e.value);
        else this.emitConst(null);
        this.b.emit(Op.YIELD_VALUE);
        return;
      case "YieldFrom":
        this.expr(e.value);
        this.b.emit(Op.GET_YIELD_FROM_ITER);
        this.emitConst(null);
        this.b.emit(Op.YIELD_FROM);
        return;
      case "Await":
        this.expr(e.value);
        this.b.emit(Op.GET_AWAITABLE);
        this.emitConst(null);
        this.b.emit(Op.YIELD_FROM);
        return;
      case "Starred":
        this.fail("can't use starred expression here", e);
    }
  }

  private subscriptKey(slice: A.Expr): void {
    if (slice.kind === "Slice") this.slice(slice);
    else if (slice.kind === "Tuple" && slice.elts.some((x) => x.kind === "Slice")) {
      for (const x of slice.elts) {
        if (x.kind === "Slice") this.slice(x);
        else this.expr(x);
      }
      this.b.emit(Op.BUILD_TUPLE, slice.elts.length);
    } else this.expr(slice);
  }

  private slice(e: A.Slice): void {
    if (e.lower) this.expr(e.lower);
    else this.emitConst(null);
    if (e.upper) this.expr(e.upper);
    else this.emitConst(null);
    if (e.step) {
      this.expr(e.step);
      this.b.emit(Op.BUILD_SLICE, 3);
    } else this.b.emit(Op.BUILD_SLICE, 2);
  }

  private sequence(elts: A.Expr[], build: Op): void {
    if (!elts.some((x) => x.kind === "Starred")) {
      for (const x of elts) this.expr(x);
      this.b.emit(build, elts.length);
      return;
    }
    if (build === Op.BUILD_SET) {
      this.b.emit(Op.BUILD_SET, 0);
      for (const x of elts) {
        if (x.kind === "Starred") {
          this.expr(x.value);
          this.b.emit(Op.SET_UPDATE, 1);
        } else {
          this.expr(x);
          this.b.emit(Op.SET_ADD, 1);
        }
      }
      return;
    }
    this.b.emit(Op.BUILD_LIST, 0);
    for (const x of elts) {
      if (x.kind === "Starred") {
        this.expr(x.value);
        this.b.emit(Op.LIST_EXTEND, 1);
      } else {
        this.expr(x);
        this.b.emit(Op.LIST_APPEND, 1);
      }
    }
    if (build === Op.BUILD_TUPLE) this.b.emit(Op.LIST_TO_TUPLE);
  }

  private dict(e: A.Dict): void {
    if (!e.keys.includes(null)) {
      for (let i = 0; i < e.keys.length; i++) {
        this.expr(e.values[i]);
        this.expr(e.keys[i]!);
      }
      this.b.emit(Op.BUILD_MAP, e.keys.length);
      return;
    }
    this.b.emit(Op.BUILD_MAP, 0);
    for (let i = 0; i < e.keys.length; i++) {
      const k = e.keys[i];
      if (k === null) {
        this.expr(e.values[i]);
        this.b.emit(Op.DICT_UPDATE, 1);
      } else {
        this.expr(k);
        this.expr(e.values[i]);
        this.b.emit(Op.MAP_ADD, 1);
      }
    }
  }

  private compare(e: A.Compare): void {
    this.expr(e.left);
    if (e.ops.length === 1) {
      this.expr(e.comparators[0]);
      this.compareOp(e.ops[0]);
      return;
    }
    const cleanup = new Label();
    const end = new Label();
    for (let i = 0; i < e.ops.length; i++) {
      this.expr(e.comparators[i]);
      if (i < e.ops.length - 1) {
        this.b.emit(Op.DUP_TOP);
        this.b.emit(Op.ROT_THREE);
        this.compareOp(e.ops[i]);
        this.b.emitJump(Op.JUMP_IF_FALSE_OR_POP, cleanup);
      } else this.compareOp(e.ops[i]);
    }
    this.b.emitJump(Op.JUMP, end);
    this.b.bind(cleanup);
    this.b.emit(Op.ROT_TWO);
    this.b.emit(Op.POP_TOP);
    this.b.bind(end);
  }

  private compareOp(op: A.CmpOperator): void {
    switch (op) {
      case "is":
        this.b.emit(Op.IS_OP, 0);
        return;
      case "is not":
        this.b.emit(Op.IS_OP, 1);
        return;
      case "in":
        this.b.emit(Op.CONTAINS_OP, 0);
        return;
      case "not in":
        this.b.emit(Op.CONTAINS_OP, 1);
        return;
    }
    this.b.emit(Op.COMPARE_OP, CMP_OPS[op]);
  }

  /** Jumps to `target` when `e`'s truth equals `jumpIf`; falls through otherwise. */
  condition(e: A.Expr, target: Label, jumpIf: boolean): void {
    if (e.kind === "UnaryOp" && e.op === "not") return this.condition(e.operand, target, !jumpIf);
    if (e.kind === "BoolOp") {
      const isAnd = e.op === "and";
      if (isAnd !== jumpIf) {
        // and/jump-if-false or or/jump-if-true: any operand decides.
        for (const v of e.values) this.condition(v, target, jumpIf);
      } else {
        const skip = new Label();
        for (let i = 0; i < e.values.length - 1; i++) this.condition(e.values[i], skip, !jumpIf);
        this.condition(e.values[e.values.length - 1], target, jumpIf);
        this.b.bind(skip);
      }
      return;
    }
    this.expr(e);
    this.b.emitJump(jumpIf ? Op.POP_JUMP_IF_TRUE : Op.POP_JUMP_IF_FALSE, target);
  }

  private call(e: A.Call): void {
    this.b.setLine(this.optLevel >= 3 ? 1 : e.line);
    const simple = !e.args.some((a) => a.kind === "Starred") &&
      !e.keywords.some((k) => k.arg === null);
    if (simple && e.func.kind === "Attribute") {
      this.expr(e.func.value);
      this.b.emit(Op.LOAD_METHOD, this.b.nameIndex(e.func.attr));
      for (const a of e.args) this.expr(a);
      for (const k of e.keywords) this.expr(k.value);
      this.b.setLine(this.optLevel >= 3 ? 1 : e.line);
      if (e.keywords.length > 0) {
        this.emitConst(new TupleConst(e.keywords.map((k) => k.arg!)));
        this.b.emit(Op.CALL_METHOD_KW, e.args.length + e.keywords.length);
      } else this.b.emit(Op.CALL_METHOD, e.args.length);
      return;
    }
    this.expr(e.func);
    this.callWith(e.args, e.keywords, 0);
  }

  /** With the callable (and `extra` positional values) on the stack, pushes the args and calls. */
  private callWith(args: A.Expr[], keywords: A.Keyword[], extra: number): void {
    // A repeated keyword (`f(a=1, a=2)`) compiles: MicroPython rejects it when
    // the call is made ("function got multiple values for argument 'a'").
    const simple = !args.some((a) => a.kind === "Starred") && !keywords.some((k) => k.arg === null);
    if (simple) {
      for (const a of args) this.expr(a);
      for (const k of keywords) this.expr(k.value);
      if (keywords.length > 0) {
        this.emitConst(new TupleConst(keywords.map((k) => k.arg!)));
        this.b.emit(Op.CALL_KW, extra + args.length + keywords.length);
      } else this.b.emit(Op.CALL, extra + args.length);
      return;
    }
    // General form: positional args as a list (the `extra` values already pushed join it).
    this.b.emit(Op.BUILD_LIST, extra);
    for (const a of args) {
      if (a.kind === "Starred") {
        this.expr(a.value);
        this.b.emit(Op.LIST_EXTEND, 1);
      } else {
        this.expr(a);
        this.b.emit(Op.LIST_APPEND, 1);
      }
    }
    this.b.emit(Op.LIST_TO_TUPLE);
    if (keywords.length > 0) {
      this.b.emit(Op.BUILD_MAP, 0);
      for (const k of keywords) {
        if (k.arg === null) {
          this.expr(k.value);
          this.b.emit(Op.DICT_MERGE, 1);
        } else {
          this.expr(k.value);
          this.emitConst(k.arg);
          this.b.emit(Op.BUILD_MAP, 1);
          this.b.emit(Op.DICT_MERGE, 1);
        }
      }
      this.b.emit(Op.CALL_FUNCTION_EX, 1);
    } else this.b.emit(Op.CALL_FUNCTION_EX, 0);
  }

  private comprehension(e: A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp): void {
    const scope = this.scopes.get(e)!;
    const name = scope.name;
    this.makeFunction(scope, null, e.line, (c) => {
      c.b.setLine(e.line);
      if (e.kind === "ListComp") c.b.emit(Op.BUILD_LIST, 0);
      else if (e.kind === "SetComp") c.b.emit(Op.BUILD_SET, 0);
      else if (e.kind === "DictComp") c.b.emit(Op.BUILD_MAP, 0);
      c.comprehensionLoop(e, 0);
      if (e.kind === "GeneratorExp") c.emitConst(null);
      c.b.emit(Op.RETURN_VALUE);
    }, name);
    this.expr(e.generators[0].iter);
    if (e.generators[0].isAsync) this.b.emit(Op.GET_AITER);
    else this.b.emit(Op.GET_ITER);
    this.b.emit(Op.CALL, 1);
    if (scope.isCoroutine && e.kind !== "GeneratorExp") {
      this.b.emit(Op.GET_AWAITABLE);
      this.emitConst(null);
      this.b.emit(Op.YIELD_FROM);
    }
  }

  comprehensionLoop(e: A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp, index: number): void {
    const gen = e.generators[index];
    const top = new Label();
    const exit = new Label();
    if (index === 0) this.b.emit(Op.LOAD_FAST, 0);
    else {
      this.expr(gen.iter);
      this.b.emit(gen.isAsync ? Op.GET_AITER : Op.GET_ITER);
    }
    this.b.bind(top);
    let asyncRegion: Region | null = null;
    if (gen.isAsync) {
      asyncRegion = new Region(exit, this.b.depth);
      this.b.openRegion(asyncRegion);
      this.b.emit(Op.GET_ANEXT);
      this.emitConst(null);
      this.b.emit(Op.YIELD_FROM);
      this.b.commitRegion(asyncRegion);
    } else this.b.emitJump(Op.FOR_ITER, exit);
    this.target(gen.target);
    for (const cond of gen.ifs) this.condition(cond, top, false);
    if (index + 1 < e.generators.length) this.comprehensionLoop(e, index + 1);
    else {
      const depth = e.generators.length + (e.kind === "GeneratorExp" ? 0 : 1);
      switch (e.kind) {
        case "ListComp":
          this.expr(e.elt);
          this.b.emit(Op.LIST_APPEND, depth);
          break;
        case "SetComp":
          this.expr(e.elt);
          this.b.emit(Op.SET_ADD, depth);
          break;
        case "DictComp":
          this.expr(e.key);
          this.expr(e.value);
          this.b.emit(Op.MAP_ADD, depth);
          break;
        case "GeneratorExp":
          this.expr(e.elt);
          this.b.emit(Op.YIELD_VALUE);
          this.b.emit(Op.POP_TOP);
          break;
      }
    }
    this.b.emitJump(Op.JUMP, top);
    if (asyncRegion !== null) {
      this.b.bind(exit, asyncRegion.depth + 1);
      this.b.emit(Op.END_ASYNC_FOR);
    } else this.b.bind(exit);
  }

  private joinedStr(e: A.JoinedStr): void {
    if (e.values.length === 0) {
      this.emitConst("");
      return;
    }
    for (const v of e.values) {
      if (v.kind === "FormattedValue") this.formattedValue(v);
      else this.expr(v);
    }
    if (e.values.length > 1) this.b.emit(Op.BUILD_STRING, e.values.length);
    else if (e.values[0].kind !== "FormattedValue") return;
  }

  private formattedValue(v: A.FormattedValue): void {
    this.expr(v.value);
    let flags = 0;
    if (v.conversion === 115) flags = 1;
    else if (v.conversion === 114) flags = 2;
    else if (v.conversion === 97) flags = 3;
    if (v.formatSpec !== null) {
      this.joinedStr(v.formatSpec);
      flags |= 4;
    }
    this.b.emit(Op.FORMAT_VALUE, flags);
  }
}

export function constOf(v: A.ConstantValue): Const {
  switch (v.type) {
    case "int":
      return v.value;
    case "float":
      return new FloatConst(v.value);
    case "complex":
      return new ComplexConst(0, v.imag);
    case "str":
      return v.value;
    case "bytes":
      return new BytesConst(v.value);
    case "bool":
      return v.value;
    case "none":
      return null;
    case "ellipsis":
      return EllipsisConst.instance;
  }
}

function normalize(v: bigint): number | bigint {
  return v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v;
}

function floorDiv(x: bigint, y: bigint): bigint {
  let q = x / y;
  if (x % y !== 0n && (x < 0n) !== (y < 0n)) q -= 1n;
  return q;
}
