/**
 * The parser: tokens to the AST of ast.ts, by recursive descent with one
 * function per grammar level (Python's precedence: lambda < if-else < or < and <
 * not < comparison < | < ^ < & < shifts < +- < * / // % @ < unary < ** < await <
 * primary). Statement-level checks that need the AST (assignment targets) happen
 * here; scope rules are checked by scope.ts. MicroPython reports nearly every
 * grammar error as plain "invalid syntax", and so does upy.
 */

import type * as A from "./ast.ts";
import { Lexer, T, type Token } from "./lexer.ts";
import { CompileError } from "./syntax_error.ts";
import { parseFString } from "./fstring.ts";

const AUG_OPS: Record<string, A.BinOperator> = {
  "+=": "+",
  "-=": "-",
  "*=": "*",
  "/=": "/",
  "//=": "//",
  "%=": "%",
  "**=": "**",
  ">>=": ">>",
  "<<=": "<<",
  "&=": "&",
  "|=": "|",
  "^=": "^",
  "@=": "@",
};
const COMPARE_OPS = new Set(["<", ">", "==", ">=", "<=", "!="]);
const KEYWORDS = new Set([
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
]);

export class Parser {
  private tokens: Token[];
  private i = 0;
  private depth = 0;

  constructor(tokens: Token[], private filename: string) {
    this.tokens = tokens;
  }

  // ---- token helpers ----

  private get tok(): Token {
    return this.tokens[this.i];
  }
  private tt(): T {
    return this.tokens[this.i].type;
  }
  private peek(k = 1): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)];
  }
  private isOp(text: string): boolean {
    const t = this.tokens[this.i];
    return t.type === T.OP && t.text === text;
  }
  private isKw(text: string): boolean {
    const t = this.tokens[this.i];
    return t.type === T.NAME && t.text === text;
  }
  private eatOp(text: string): boolean {
    if (this.isOp(text)) {
      this.i++;
      return true;
    }
    return false;
  }
  private eatKw(text: string): boolean {
    if (this.isKw(text)) {
      this.i++;
      return true;
    }
    return false;
  }
  private expectOp(text: string): Token {
    if (!this.isOp(text)) this.fail();
    return this.tokens[this.i++];
  }
  private expectKw(text: string): void {
    if (!this.isKw(text)) this.fail();
    this.i++;
  }
  private name(): string {
    const t = this.tok;
    if (t.type !== T.NAME || KEYWORDS.has(t.text)) this.fail();
    this.i++;
    return t.text;
  }
  fail(message = "invalid syntax", tok: Token = this.tok): never {
    throw new CompileError("SyntaxError", message, this.filename, tok.line, tok.col);
  }
  private pos(t: Token): A.Pos {
    return { line: t.line, col: t.col };
  }
  private enter(): void {
    if (++this.depth > 200) this.fail("too complex");
  }

  // ---- module ----

  parseModule(): A.Module {
    const body: A.Stmt[] = [];
    while (this.tt() !== T.EOF) {
      if (this.tt() === T.NEWLINE) {
        this.i++;
        continue;
      }
      if (this.tt() === T.INDENT) {
        throw new CompileError(
          "IndentationError",
          "unexpected indent",
          this.filename,
          this.tok.line,
          0,
        );
      }
      body.push(...this.statement());
    }
    return { kind: "Module", body };
  }

  parseEval(): A.Module {
    while (this.tt() === T.NEWLINE) this.i++;
    const start = this.tok;
    const value = this.exprList();
    while (this.tt() === T.NEWLINE) this.i++;
    if (this.tt() !== T.EOF) this.fail();
    return { kind: "Module", body: [{ kind: "ExprStmt", value, ...this.pos(start) }] };
  }

  // ---- statements ----

  private statement(): A.Stmt[] {
    const t = this.tok;
    if (t.type === T.NAME) {
      switch (t.text) {
        case "if":
          return [this.ifStmt()];
        case "while":
          return [this.whileStmt()];
        case "for":
          return [this.forStmt(false)];
        case "try":
          return [this.tryStmt()];
        case "with":
          return [this.withStmt(false)];
        case "def":
          return [this.funcDef([], false)];
        case "class":
          return [this.classDef([])];
        case "async": {
          const next = this.peek();
          this.i++;
          if (next.text === "def") return [this.funcDef([], true)];
          if (next.text === "for") return [this.forStmt(true)];
          if (next.text === "with") return [this.withStmt(true)];
          this.fail();
        }
      }
    } else if (t.type === T.OP && t.text === "@") {
      return [this.decorated()];
    }
    return this.simpleStatements();
  }

  private simpleStatements(): A.Stmt[] {
    const out: A.Stmt[] = [this.simpleStatement()];
    while (this.eatOp(";")) {
      if (this.tt() === T.NEWLINE || this.tt() === T.EOF) break;
      out.push(this.simpleStatement());
    }
    if (this.tt() === T.NEWLINE) this.i++;
    else if (this.tt() !== T.EOF) this.fail();
    return out;
  }

  private simpleStatement(): A.Stmt {
    const t = this.tok;
    const p = this.pos(t);
    if (t.type === T.NAME) {
      switch (t.text) {
        case "pass":
          this.i++;
          return { kind: "Pass", ...p };
        case "break":
          this.i++;
          return { kind: "Break", ...p };
        case "continue":
          this.i++;
          return { kind: "Continue", ...p };
        case "return": {
          this.i++;
          const value = this.atStatementEnd() ? null : this.exprListStar();
          return { kind: "Return", value, ...p };
        }
        case "raise": {
          this.i++;
          if (this.atStatementEnd()) return { kind: "Raise", exc: null, cause: null, ...p };
          const exc = this.test();
          const cause = this.eatKw("from") ? this.test() : null;
          return { kind: "Raise", exc, cause, ...p };
        }
        case "global":
        case "nonlocal": {
          this.i++;
          const names = [this.name()];
          while (this.eatOp(",")) names.push(this.name());
          return t.text === "global"
            ? { kind: "Global", names, ...p }
            : { kind: "Nonlocal", names, ...p };
        }
        case "del": {
          this.i++;
          const targets: A.Expr[] = [];
          do {
            if (this.atStatementEnd()) break;
            const e = this.orExpr();
            targets.push(this.toTarget(e, "del"));
          } while (this.eatOp(","));
          if (targets.length === 0) this.fail();
          return { kind: "Delete", targets, ...p };
        }
        case "assert": {
          this.i++;
          const test = this.test();
          const msg = this.eatOp(",") ? this.test() : null;
          return { kind: "Assert", test, msg, ...p };
        }
        case "import":
          return this.importStmt();
        case "from":
          return this.fromImport();
      }
    }
    return this.exprStatement();
  }

  private atStatementEnd(): boolean {
    const t = this.tok;
    return t.type === T.NEWLINE || t.type === T.EOF || (t.type === T.OP && t.text === ";");
  }

  private exprStatement(): A.Stmt {
    const start = this.tok;
    const p = this.pos(start);
    const first = this.isKw("yield") ? this.yieldExpr() : this.exprListStar(true);
    if (this.tt() === T.OP) {
      const op = this.tok.text;
      if (op === "=") {
        const targets = [first];
        let value: A.Expr = first;
        while (this.eatOp("=")) {
          value = this.isKw("yield") ? this.yieldExpr() : this.exprListStar(true);
          targets.push(value);
        }
        targets.pop();
        return {
          kind: "Assign",
          targets: targets.map((e) => this.toTarget(e, "store")),
          value,
          ...p,
        };
      }
      if (op in AUG_OPS) {
        this.i++;
        if (first.kind !== "Name" && first.kind !== "Attribute" && first.kind !== "Subscript") {
          this.fail("illegal expression for augmented assignment", start);
        }
        const value = this.isKw("yield") ? this.yieldExpr() : this.exprList();
        return {
          kind: "AugAssign",
          target: this.toTarget(first, "store"),
          op: AUG_OPS[op],
          value,
          ...p,
        };
      }
      if (op === ":") {
        this.i++;
        const annotation = this.test();
        const value = this.eatOp("=")
          ? (this.isKw("yield") ? this.yieldExpr() : this.exprListStar())
          : null;
        if (first.kind !== "Name" && first.kind !== "Attribute" && first.kind !== "Subscript") {
          this.fail();
        }
        return {
          kind: "AnnAssign",
          target: this.toTarget(first, "store"),
          annotation,
          value,
          simple: first.kind === "Name",
          ...p,
        };
      }
    }
    if (first.kind === "Starred") this.fail();
    return { kind: "ExprStmt", value: first, ...p };
  }

  /** Converts a parsed expression into an assignment/deletion target, validating it. */
  private toTarget(e: A.Expr, ctx: A.ExprContext): A.Expr {
    switch (e.kind) {
      case "Name":
        return { ...e, ctx };
      case "Attribute":
      case "Subscript":
        return { ...e, ctx };
      case "Tuple":
      case "List": {
        // MicroPython (like Python 3.4) cannot assign to or delete an empty tuple.
        if (e.kind === "Tuple" && e.elts.length === 0) {
          this.fail("can't assign to ()", this.tokAt(e));
        }
        if (ctx === "store" && e.elts.filter((x) => x.kind === "Starred").length > 1) {
          this.fail("multiple *x in assignment", this.tokAt(e));
        }
        return { ...e, elts: e.elts.map((x) => this.toTarget(x, ctx)), ctx };
      }
      case "Starred":
        if (ctx === "del") this.fail("can't delete expression", this.tokAt(e));
        return { ...e, value: this.toTarget(e.value, ctx), ctx };
    }
    if (ctx === "del") this.fail("can't delete expression", this.tokAt(e));
    this.fail("can't assign to expression", this.tokAt(e));
  }

  private tokAt(e: A.Pos): Token {
    return {
      type: T.OP,
      text: "",
      line: e.line,
      col: e.col,
      number: null,
      bytes: null,
      raw: false,
    };
  }

  private importStmt(): A.Stmt {
    const p = this.pos(this.tok);
    this.i++;
    const names: A.Alias[] = [];
    do {
      let name = this.name();
      while (this.eatOp(".")) name += "." + this.name();
      const asname = this.eatKw("as") ? this.name() : null;
      names.push({ name, asname });
    } while (this.eatOp(","));
    return { kind: "Import", names, ...p };
  }

  private fromImport(): A.Stmt {
    const p = this.pos(this.tok);
    this.i++;
    let level = 0;
    for (;;) {
      if (this.eatOp(".")) level++;
      else if (this.eatOp("...")) level += 3;
      else break;
    }
    let module: string | null = null;
    if (!this.isKw("import")) {
      module = this.name();
      while (this.eatOp(".")) module += "." + this.name();
    }
    this.expectKw("import");
    const names: A.Alias[] = [];
    if (this.eatOp("*")) {
      names.push({ name: "*", asname: null });
    } else {
      const paren = this.eatOp("(");
      do {
        if (paren && this.isOp(")")) break;
        const name = this.name();
        const asname = this.eatKw("as") ? this.name() : null;
        names.push({ name, asname });
      } while (this.eatOp(","));
      if (paren) this.expectOp(")");
    }
    return { kind: "ImportFrom", module, names, level, ...p };
  }

  private block(): A.Stmt[] {
    this.expectOp(":");
    if (this.tt() !== T.NEWLINE) return this.simpleStatements();
    this.i++;
    if (this.tt() !== T.INDENT) {
      throw new CompileError(
        "IndentationError",
        "expected an indented block",
        this.filename,
        this.tok.line,
        0,
      );
    }
    this.i++;
    const body: A.Stmt[] = [];
    while (this.tt() !== T.DEDENT && this.tt() !== T.EOF) {
      if (this.tt() === T.NEWLINE) {
        this.i++;
        continue;
      }
      body.push(...this.statement());
    }
    if (this.tt() === T.DEDENT) this.i++;
    return body;
  }

  private ifStmt(): A.If {
    const p = this.pos(this.tok);
    this.i++;
    const test = this.namedExprTest();
    const body = this.block();
    let orelse: A.Stmt[] = [];
    if (this.isKw("elif")) orelse = [this.ifStmt()];
    else if (this.eatKw("else")) orelse = this.block();
    return { kind: "If", test, body, orelse, ...p };
  }

  private whileStmt(): A.While {
    const p = this.pos(this.tok);
    this.i++;
    const test = this.namedExprTest();
    const body = this.block();
    const orelse = this.eatKw("else") ? this.block() : [];
    return { kind: "While", test, body, orelse, ...p };
  }

  private forStmt(isAsync: boolean): A.For {
    const p = this.pos(this.tok);
    this.i++;
    const target = this.toTarget(this.targetList(), "store");
    this.expectKw("in");
    const iter = this.exprListStar();
    const body = this.block();
    const orelse = this.eatKw("else") ? this.block() : [];
    return { kind: "For", target, iter, body, orelse, isAsync, ...p };
  }

  /** for-loop and comprehension targets: a comma list of or-expressions. */
  private targetList(): A.Expr {
    const start = this.tok;
    const first = this.starOr();
    if (!this.isOp(",")) return first;
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isKw("in") || this.isOp("=")) break;
      elts.push(this.starOr());
    }
    return { kind: "Tuple", elts, ctx: "load", ...this.pos(start) };
  }

  private starOr(): A.Expr {
    const t = this.tok;
    if (this.eatOp("*")) {
      return { kind: "Starred", value: this.orExpr(), ctx: "load", ...this.pos(t) };
    }
    return this.orExpr();
  }

  private tryStmt(): A.Try {
    const p = this.pos(this.tok);
    this.i++;
    const body = this.block();
    const handlers: A.ExceptHandler[] = [];
    while (this.isKw("except")) {
      const hp = this.pos(this.tok);
      this.i++;
      let type: A.Expr | null = null;
      let name: string | null = null;
      if (!this.isOp(":")) {
        type = this.test();
        if (this.eatKw("as")) name = this.name();
        else if (this.eatOp(",")) {
          const elts = [type];
          do elts.push(this.test()); while (this.eatOp(","));
          type = { kind: "Tuple", elts, ctx: "load", ...this.pos(this.tok) };
          if (this.eatKw("as")) name = this.name();
        }
      }
      if (handlers.length > 0 && handlers[handlers.length - 1].type === null) {
        this.fail("default 'except:' must be last");
      }
      handlers.push({ kind: "ExceptHandler", type, name, body: this.block(), ...hp });
    }
    const orelse = handlers.length > 0 && this.eatKw("else") ? this.block() : [];
    const finalbody = this.eatKw("finally") ? this.block() : [];
    if (handlers.length === 0 && finalbody.length === 0) this.fail();
    return { kind: "Try", body, handlers, orelse, finalbody, ...p };
  }

  private withStmt(isAsync: boolean): A.With {
    const p = this.pos(this.tok);
    this.i++;
    const items: A.WithItem[] = [];
    do {
      const contextExpr = this.test();
      const optionalVars = this.eatKw("as") ? this.toTarget(this.orExprOrTuple(), "store") : null;
      items.push({ contextExpr, optionalVars });
    } while (this.eatOp(","));
    return { kind: "With", items, body: this.block(), isAsync, ...p };
  }

  private orExprOrTuple(): A.Expr {
    return this.orExpr();
  }

  private decorated(): A.Stmt {
    const decorators: A.Expr[] = [];
    while (this.eatOp("@")) {
      decorators.push(this.namedExprTest());
      if (this.tt() !== T.NEWLINE) this.fail();
      this.i++;
    }
    if (this.isKw("def")) return this.funcDef(decorators, false);
    if (this.isKw("class")) return this.classDef(decorators);
    if (this.isKw("async") && this.peek().text === "def") {
      this.i++;
      return this.funcDef(decorators, true);
    }
    this.fail();
  }

  private funcDef(decorators: A.Expr[], isAsync: boolean): A.FunctionDef {
    const p = this.pos(this.tok);
    this.expectKw("def");
    const name = this.name();
    this.expectOp("(");
    const args = this.parameters(")", true);
    this.expectOp(")");
    const returns = this.eatOp("->") ? this.test() : null;
    const body = this.block();
    return { kind: "FunctionDef", name, args, body, decorators, returns, isAsync, ...p };
  }

  private parameters(close: string, annotations: boolean): A.Arguments {
    const args: A.Arguments = {
      posonlyargs: [],
      args: [],
      vararg: null,
      kwonlyargs: [],
      kwDefaults: [],
      kwarg: null,
      defaults: [],
    };
    let seenStar = false;
    const seen = new Set<string>();
    const arg = (): A.Arg => {
      const t = this.tok;
      const a = this.name();
      if (seen.has(a)) this.fail("duplicate argument name", t);
      seen.add(a);
      const annotation = annotations && this.eatOp(":") ? this.test() : null;
      return { arg: a, annotation, ...this.pos(t) };
    };
    while (!this.isOp(close)) {
      if (this.eatOp("**")) {
        args.kwarg = arg();
        this.eatOp(",");
        break;
      }
      if (this.eatOp("*")) {
        if (seenStar) this.fail();
        seenStar = true;
        if (!this.isOp(",") && !this.isOp(close)) args.vararg = arg();
      } else if (this.isOp("/")) {
        this.fail();
      } else {
        const a = arg();
        const dflt = this.eatOp("=") ? this.test() : null;
        if (seenStar) {
          args.kwonlyargs.push(a);
          args.kwDefaults.push(dflt);
        } else {
          args.args.push(a);
          if (dflt !== null) args.defaults.push(dflt);
          else if (args.defaults.length > 0) {
            this.fail("non-default argument follows default argument");
          }
        }
      }
      if (!this.eatOp(",")) break;
    }
    return args;
  }

  private classDef(decorators: A.Expr[]): A.ClassDef {
    const p = this.pos(this.tok);
    this.expectKw("class");
    const name = this.name();
    let bases: A.Expr[] = [];
    let keywords: A.Keyword[] = [];
    if (this.eatOp("(")) {
      [bases, keywords] = this.callArguments();
      this.expectOp(")");
    }
    return { kind: "ClassDef", name, bases, keywords, body: this.block(), decorators, ...p };
  }

  // ---- expressions ----

  /** A comma-separated expression list; a single item stays itself, else a Tuple. */
  exprList(): A.Expr {
    const start = this.tok;
    const first = this.test();
    if (!this.isOp(",")) return first;
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.exprListEnds()) break;
      elts.push(this.test());
    }
    return { kind: "Tuple", elts, ctx: "load", ...this.pos(start) };
  }

  /** Like exprList but allows `*x` items (assignment sides, return, for-in). */
  private exprListStar(allowNamed = false): A.Expr {
    const start = this.tok;
    const item =
      () => (this.isOp("*") ? this.starredItem() : allowNamed ? this.namedExprTest() : this.test());
    const first = item();
    if (!this.isOp(",")) return first;
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.exprListEnds()) break;
      elts.push(item());
    }
    return { kind: "Tuple", elts, ctx: "load", ...this.pos(start) };
  }

  private exprListEnds(): boolean {
    const t = this.tok;
    if (t.type === T.NEWLINE || t.type === T.EOF) return true;
    if (
      t.type === T.OP &&
      (t.text === "=" || t.text === ")" || t.text === ";" || t.text === ":" || t.text === "]" ||
        t.text === "}" || t.text in AUG_OPS)
    ) return true;
    return false;
  }

  private starredItem(): A.Expr {
    const t = this.expectOp("*");
    return { kind: "Starred", value: this.orExpr(), ctx: "load", ...this.pos(t) };
  }

  private yieldExpr(): A.Expr {
    const t = this.tok;
    this.expectKw("yield");
    if (this.eatKw("from")) return { kind: "YieldFrom", value: this.test(), ...this.pos(t) };
    const end = this.tok;
    if (
      end.type === T.NEWLINE || end.type === T.EOF ||
      (end.type === T.OP &&
        (end.text === ")" || end.text === "=" || end.text === ";" || end.text === "]" ||
          end.text === "}"))
    ) {
      return { kind: "Yield", value: null, ...this.pos(t) };
    }
    return { kind: "Yield", value: this.exprListStar(), ...this.pos(t) };
  }

  /** `x := value` or a plain test. */
  namedExprTest(): A.Expr {
    const t = this.tok;
    if (t.type === T.NAME && this.peek().type === T.OP && this.peek().text === ":=") {
      const id = this.name();
      this.i++;
      const value = this.test();
      return {
        kind: "NamedExpr",
        target: { kind: "Name", id, ctx: "store", ...this.pos(t) },
        value,
        ...this.pos(t),
      };
    }
    return this.test();
  }

  test(): A.Expr {
    const t = this.tok;
    if (this.isKw("lambda")) return this.lambda(true);
    this.enter();
    const body = this.orTest();
    this.depth--;
    if (this.isKw("if")) {
      this.i++;
      const cond = this.orTest();
      this.expectKw("else");
      const orelse = this.test();
      return { kind: "IfExp", test: cond, body, orelse, ...this.pos(t) };
    }
    return body;
  }

  private testNoCond(): A.Expr {
    if (this.isKw("lambda")) return this.lambda(false);
    return this.orTest();
  }

  private lambda(allowCond: boolean): A.Expr {
    const t = this.tok;
    this.i++;
    const args = this.parameters(":", false);
    this.expectOp(":");
    const body = allowCond ? this.test() : this.testNoCond();
    return { kind: "Lambda", args, body, ...this.pos(t) };
  }

  private orTest(): A.Expr {
    const t = this.tok;
    const first = this.andTest();
    if (!this.isKw("or")) return first;
    const values = [first];
    while (this.eatKw("or")) values.push(this.andTest());
    return { kind: "BoolOp", op: "or", values, ...this.pos(t) };
  }

  private andTest(): A.Expr {
    const t = this.tok;
    const first = this.notTest();
    if (!this.isKw("and")) return first;
    const values = [first];
    while (this.eatKw("and")) values.push(this.notTest());
    return { kind: "BoolOp", op: "and", values, ...this.pos(t) };
  }

  private notTest(): A.Expr {
    const t = this.tok;
    if (this.eatKw("not")) {
      this.enter();
      const operand = this.notTest();
      this.depth--;
      return { kind: "UnaryOp", op: "not", operand, ...this.pos(t) };
    }
    return this.comparison();
  }

  private comparison(): A.Expr {
    const t = this.tok;
    const left = this.orExpr();
    const ops: A.CmpOperator[] = [];
    const comparators: A.Expr[] = [];
    for (;;) {
      const c = this.tok;
      let op: A.CmpOperator | null = null;
      if (c.type === T.OP && COMPARE_OPS.has(c.text)) {
        this.i++;
        op = c.text as A.CmpOperator;
      } else if (c.type === T.NAME) {
        if (c.text === "in") {
          this.i++;
          op = "in";
        } else if (c.text === "not" && this.peek().text === "in" && this.peek().type === T.NAME) {
          this.i += 2;
          op = "not in";
        } else if (c.text === "is") {
          this.i++;
          op = this.eatKw("not") ? "is not" : "is";
        }
      }
      if (op === null) break;
      ops.push(op);
      comparators.push(this.orExpr());
    }
    if (ops.length === 0) return left;
    return { kind: "Compare", left, ops, comparators, ...this.pos(t) };
  }

  private binaryLevel(next: () => A.Expr, ops: string[]): A.Expr {
    const t = this.tok;
    let left = next();
    for (;;) {
      const c = this.tok;
      if (c.type !== T.OP || !ops.includes(c.text)) return left;
      this.i++;
      const right = next();
      left = { kind: "BinOp", left, op: c.text as A.BinOperator, right, ...this.pos(t) };
    }
  }

  orExpr(): A.Expr {
    return this.binaryLevel(() => this.xorExpr(), ["|"]);
  }
  private xorExpr(): A.Expr {
    return this.binaryLevel(() => this.andExpr(), ["^"]);
  }
  private andExpr(): A.Expr {
    return this.binaryLevel(() => this.shiftExpr(), ["&"]);
  }
  private shiftExpr(): A.Expr {
    return this.binaryLevel(() => this.arithExpr(), ["<<", ">>"]);
  }
  private arithExpr(): A.Expr {
    return this.binaryLevel(() => this.term(), ["+", "-"]);
  }
  private term(): A.Expr {
    return this.binaryLevel(() => this.factor(), ["*", "/", "//", "%", "@"]);
  }

  private factor(): A.Expr {
    const t = this.tok;
    if (t.type === T.OP && (t.text === "-" || t.text === "+" || t.text === "~")) {
      this.i++;
      this.enter();
      const operand = this.factor();
      this.depth--;
      // Fold a negative numeric literal so -9223372036854775808 stays exact.
      if (t.text === "-" && operand.kind === "Constant") {
        const v = operand.value;
        if (v.type === "int") {
          return {
            kind: "Constant",
            value: { type: "int", value: negate(v.value) },
            ...this.pos(t),
          };
        }
        if (v.type === "float") {
          return { kind: "Constant", value: { type: "float", value: -v.value }, ...this.pos(t) };
        }
      }
      return { kind: "UnaryOp", op: t.text as "-" | "+" | "~", operand, ...this.pos(t) };
    }
    return this.power();
  }

  private power(): A.Expr {
    const t = this.tok;
    let base: A.Expr;
    if (this.isKw("await")) {
      this.i++;
      base = { kind: "Await", value: this.primary(), ...this.pos(t) };
    } else base = this.primary();
    if (this.eatOp("**")) {
      this.enter();
      const exp = this.factor();
      this.depth--;
      return { kind: "BinOp", left: base, op: "**", right: exp, ...this.pos(t) };
    }
    return base;
  }

  private primary(): A.Expr {
    let e = this.atom();
    for (;;) {
      const t = this.tok;
      if (t.type !== T.OP) return e;
      if (t.text === ".") {
        this.i++;
        const attr = this.name();
        e = { kind: "Attribute", value: e, attr, ctx: "load", ...this.pos(this.tokAt(e)) };
      } else if (t.text === "(") {
        this.i++;
        this.enter();
        const [args, keywords] = this.callArguments();
        this.depth--;
        this.expectOp(")");
        e = { kind: "Call", func: e, args, keywords, ...this.pos(this.tokAt(e)) };
      } else if (t.text === "[") {
        this.i++;
        this.enter();
        const slice = this.subscript();
        this.depth--;
        this.expectOp("]");
        e = { kind: "Subscript", value: e, slice, ctx: "load", ...this.pos(this.tokAt(e)) };
      } else return e;
    }
  }

  private callArguments(): [A.Expr[], A.Keyword[]] {
    const args: A.Expr[] = [];
    const keywords: A.Keyword[] = [];
    while (!this.isOp(")")) {
      const t = this.tok;
      if (this.eatOp("**")) {
        keywords.push({ arg: null, value: this.test(), ...this.pos(t) });
      } else if (this.eatOp("*")) {
        // MicroPython rejects *args after keyword arguments.
        if (keywords.length > 0) this.fail();
        args.push({ kind: "Starred", value: this.test(), ctx: "load", ...this.pos(t) });
      } else if (t.type === T.NAME && this.peek().type === T.OP && this.peek().text === "=") {
        const arg = this.name();
        this.i++;
        keywords.push({ arg, value: this.test(), ...this.pos(t) });
      } else {
        let value = this.namedExprTest();
        if (this.isKw("for") || this.isKw("async")) {
          value = {
            kind: "GeneratorExp",
            elt: value,
            generators: this.comprehensionClauses(),
            ...this.pos(t),
          };
          if (args.length > 0 || keywords.length > 0 || !this.isOp(")")) {
            if (!this.isOp(")") || args.length > 0 || keywords.length > 0) this.fail();
          }
        }
        if (keywords.length > 0) this.fail("positional argument follows keyword argument", t);
        args.push(value);
      }
      if (!this.eatOp(",")) break;
    }
    return [args, keywords];
  }

  private subscript(): A.Expr {
    const start = this.tok;
    const first = this.sliceItem();
    if (!this.isOp(",")) return first;
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isOp("]")) break;
      elts.push(this.sliceItem());
    }
    return { kind: "Tuple", elts, ctx: "load", ...this.pos(start) };
  }

  private sliceItem(): A.Expr {
    const t = this.tok;
    let lower: A.Expr | null = null;
    if (!this.isOp(":")) {
      lower = this.isOp("*") ? this.starredItem() : this.namedExprTest();
      if (!this.isOp(":")) return lower;
    }
    this.expectOp(":");
    let upper: A.Expr | null = null;
    let step: A.Expr | null = null;
    if (!this.isOp("]") && !this.isOp(",") && !this.isOp(":")) upper = this.test();
    if (this.eatOp(":")) {
      if (!this.isOp("]") && !this.isOp(",")) step = this.test();
    }
    return { kind: "Slice", lower, upper, step, ...this.pos(t) };
  }

  private comprehensionClauses(): A.Comprehension[] {
    const out: A.Comprehension[] = [];
    for (;;) {
      let isAsync = false;
      if (this.isKw("async") && this.peek().text === "for") {
        this.i++;
        isAsync = true;
      }
      if (!this.eatKw("for")) break;
      const target = this.toTarget(this.targetList(), "store");
      this.expectKw("in");
      const iter = this.orTest();
      const ifs: A.Expr[] = [];
      while (this.isKw("if")) {
        this.i++;
        ifs.push(this.testNoCond());
      }
      out.push({ target, iter, ifs, isAsync });
    }
    return out;
  }

  private atom(): A.Expr {
    const t = this.tok;
    const p = this.pos(t);
    switch (t.type) {
      case T.NAME:
        switch (t.text) {
          case "None":
            this.i++;
            return { kind: "Constant", value: { type: "none" }, ...p };
          case "True":
            this.i++;
            return { kind: "Constant", value: { type: "bool", value: true }, ...p };
          case "False":
            this.i++;
            return { kind: "Constant", value: { type: "bool", value: false }, ...p };
        }
        return { kind: "Name", id: this.name(), ctx: "load", ...p };
      case T.NUMBER: {
        this.i++;
        const n = t.number!;
        return {
          kind: "Constant",
          value: n.type === "complex" ? { type: "complex", imag: n.imag } : n,
          ...p,
        };
      }
      case T.STRING:
      case T.BYTES:
      case T.FSTRING:
        return this.strings();
      case T.OP:
        switch (t.text) {
          case "(":
            return this.parenthesized();
          case "[":
            return this.listDisplay();
          case "{":
            return this.dictOrSet();
          case "...":
            this.i++;
            return { kind: "Constant", value: { type: "ellipsis" }, ...p };
        }
    }
    this.fail();
  }

  private strings(): A.Expr {
    const first = this.tok;
    const p = this.pos(first);
    if (first.type === T.BYTES) {
      const parts: Uint8Array[] = [];
      while (this.tt() === T.BYTES) parts.push(this.tokens[this.i++].bytes!);
      if (this.tt() === T.STRING || this.tt() === T.FSTRING) {
        this.fail("cannot mix bytes and nonbytes literals");
      }
      const total = parts.reduce((n, b) => n + b.length, 0);
      const data = new Uint8Array(total);
      let off = 0;
      for (const b of parts) {
        data.set(b, off);
        off += b.length;
      }
      return { kind: "Constant", value: { type: "bytes", value: data }, ...p };
    }
    const values: A.Expr[] = [];
    let text = "";
    let hasF = false;
    while (this.tt() === T.STRING || this.tt() === T.FSTRING) {
      const t = this.tokens[this.i++];
      if (t.type === T.STRING) {
        text += t.text;
        continue;
      }
      hasF = true;
      for (const part of parseFString(t, this.filename)) {
        if (part.kind === "Constant") text += (part.value as { value: string }).value;
        else {
          if (text !== "") {
            values.push({ kind: "Constant", value: { type: "str", value: text }, ...p });
          }
          text = "";
          values.push(part);
        }
      }
    }
    if (this.tt() === T.BYTES) this.fail("cannot mix bytes and nonbytes literals");
    if (!hasF) return { kind: "Constant", value: { type: "str", value: text }, ...p };
    if (text !== "") values.push({ kind: "Constant", value: { type: "str", value: text }, ...p });
    return { kind: "JoinedStr", values, ...p };
  }

  private parenthesized(): A.Expr {
    const t = this.expectOp("(");
    const p = this.pos(t);
    if (this.eatOp(")")) return { kind: "Tuple", elts: [], ctx: "load", ...p };
    if (this.isKw("yield")) {
      const y = this.yieldExpr();
      this.expectOp(")");
      return y;
    }
    this.enter();
    const first = this.isOp("*") ? this.starredItem() : this.namedExprTest();
    if (this.isKw("for") || this.isKw("async")) {
      const generators = this.comprehensionClauses();
      this.expectOp(")");
      this.depth--;
      return { kind: "GeneratorExp", elt: first, generators, ...p };
    }
    if (this.eatOp(")")) {
      this.depth--;
      if (first.kind === "Starred") this.fail();
      return first.kind === "Tuple"
        ? { ...first, ...p, parenthesized: true } as A.Expr
        : markParen(first);
    }
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isOp(")")) break;
      elts.push(this.isOp("*") ? this.starredItem() : this.namedExprTest());
    }
    this.expectOp(")");
    this.depth--;
    return { kind: "Tuple", elts, ctx: "load", ...p };
  }

  private listDisplay(): A.Expr {
    const t = this.expectOp("[");
    const p = this.pos(t);
    if (this.eatOp("]")) return { kind: "List", elts: [], ctx: "load", ...p };
    this.enter();
    const first = this.isOp("*") ? this.starredItem() : this.namedExprTest();
    if (this.isKw("for") || this.isKw("async")) {
      const generators = this.comprehensionClauses();
      this.expectOp("]");
      this.depth--;
      return { kind: "ListComp", elt: first, generators, ...p };
    }
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isOp("]")) break;
      elts.push(this.isOp("*") ? this.starredItem() : this.namedExprTest());
    }
    this.expectOp("]");
    this.depth--;
    return { kind: "List", elts, ctx: "load", ...p };
  }

  private dictOrSet(): A.Expr {
    const t = this.expectOp("{");
    const p = this.pos(t);
    if (this.eatOp("}")) return { kind: "Dict", keys: [], values: [], ...p };
    this.enter();
    if (this.eatOp("**")) {
      const keys: (A.Expr | null)[] = [null];
      const values: A.Expr[] = [this.orExpr()];
      this.dictRest(keys, values);
      this.depth--;
      return { kind: "Dict", keys, values, ...p };
    }
    const first = this.isOp("*") ? this.starredItem() : this.namedExprTest();
    if (this.eatOp(":")) {
      const value = this.test();
      if (this.isKw("for") || this.isKw("async")) {
        const generators = this.comprehensionClauses();
        this.expectOp("}");
        this.depth--;
        return { kind: "DictComp", key: first, value, generators, ...p };
      }
      const keys: (A.Expr | null)[] = [first];
      const values: A.Expr[] = [value];
      this.dictRest(keys, values);
      this.depth--;
      return { kind: "Dict", keys, values, ...p };
    }
    if (this.isKw("for") || this.isKw("async")) {
      const generators = this.comprehensionClauses();
      this.expectOp("}");
      this.depth--;
      return { kind: "SetComp", elt: first, generators, ...p };
    }
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isOp("}")) break;
      elts.push(this.isOp("*") ? this.starredItem() : this.namedExprTest());
    }
    this.expectOp("}");
    this.depth--;
    return { kind: "Set", elts, ...p };
  }

  private dictRest(keys: (A.Expr | null)[], values: A.Expr[]): void {
    while (this.eatOp(",")) {
      if (this.isOp("}")) break;
      if (this.eatOp("**")) {
        keys.push(null);
        values.push(this.orExpr());
        continue;
      }
      keys.push(this.test());
      this.expectOp(":");
      values.push(this.test());
    }
    this.expectOp("}");
  }
}

function negate(v: number | bigint): number | bigint {
  if (typeof v === "number") return v === 0 ? 0 : -v;
  const r = -v;
  return r >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(r) : r;
}

/** Parenthesised expressions are marked so `(a) = 1` stays valid but `(yield)` etc. are distinguishable. */
function markParen(e: A.Expr): A.Expr {
  return e;
}

export function parse(
  source: string,
  filename: string,
  mode: "exec" | "eval" | "single",
): A.Module {
  const tokens = new Lexer(source, filename).tokenize();
  const parser = new Parser(tokens, filename);
  if (mode === "eval") return parser.parseEval();
  const module = parser.parseModule();
  // An interactive statement must contain something.
  if (mode === "single" && module.body.length === 0) parser.fail();
  return module;
}
