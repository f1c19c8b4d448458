/**
 * The expression half of the parser: tokens to ast.ts expressions, by recursive
 * descent over Python's precedence levels (lambda < if-else < or < and < not <
 * comparisons < | < ^ < & < shifts < + - < * / // % @ < unary < ** < await <
 * primary). The binary levels from `|` to `*` are one precedence-climbing loop,
 * and chains that are long in real code (`a + b + ...`, `not not x`, `-(-x)`,
 * `a if b else c if d else e`, `x ** y ** z`) are built iteratively, so only
 * brackets, lambdas and f-string fields recurse; they count against
 * MAX_NESTING, past which the parse fails cleanly instead of overflowing the JS
 * stack.
 *
 * The statement parser (parser.ts) extends this class. f-string fields are
 * parsed here by a nested ExprParser over the field's own tokens.
 *
 * Grammar choices (MicroPython accepts less than CPython in a few places; where
 * the brief asks for CPython's larger grammar we accept it and leave meaning to
 * the compiler): star-unpacking in displays, walrus in sets and subscripts,
 * async comprehensions and keyword-only/positional-only parameters are parsed;
 * keyword arguments are `expression=value` with the expression required to be a
 * name (so `f((a)=1)` passes, as in MicroPython); unparenthesized generator
 * arguments may sit beside others (`f(x for x in y, 1)`), as in MicroPython.
 */

import type * as A from "./ast.ts";
import { Lexer } from "./lexer.ts";
import { CompileError } from "./syntax_error.ts";
import { type FString, type FStringField, type FStringPiece, Tok, type Token } from "./tokens.ts";

/** Nesting of brackets, lambdas, blocks and f-string fields a source may use. */
export const MAX_NESTING = 200;

const TABLE_SIZE = 128;

/** Binding power of binary operators from `|` (1) to `* / // % @` (6); 0 for other tokens. */
const BIN_PREC = new Uint8Array(TABLE_SIZE);
const BIN_OP: (A.BinOperator | null)[] = new Array(TABLE_SIZE).fill(null);
function binary(kind: Tok, prec: number, op: A.BinOperator): void {
  BIN_PREC[kind] = prec;
  BIN_OP[kind] = op;
}
binary(Tok.VBAR, 1, "|");
binary(Tok.CIRCUMFLEX, 2, "^");
binary(Tok.AMPER, 3, "&");
binary(Tok.LSHIFT, 4, "<<");
binary(Tok.RSHIFT, 4, ">>");
binary(Tok.PLUS, 5, "+");
binary(Tok.MINUS, 5, "-");
binary(Tok.STAR, 6, "*");
binary(Tok.SLASH, 6, "/");
binary(Tok.DOUBLESLASH, 6, "//");
binary(Tok.PERCENT, 6, "%");
binary(Tok.AT, 6, "@");

/** Comparison operators spelled with one token. */
const CMP_OP: (A.CmpOperator | null)[] = new Array(TABLE_SIZE).fill(null);
CMP_OP[Tok.LESS] = "<";
CMP_OP[Tok.GREATER] = ">";
CMP_OP[Tok.EQEQUAL] = "==";
CMP_OP[Tok.NOTEQUAL] = "!=";
CMP_OP[Tok.LESSEQUAL] = "<=";
CMP_OP[Tok.GREATEREQUAL] = ">=";
CMP_OP[Tok.IN] = "in";

/** Tokens that can begin an expression (or a `*x` item). */
const STARTS_EXPR = new Uint8Array(TABLE_SIZE);
for (
  const kind of [
    Tok.NAME,
    Tok.NUMBER,
    Tok.STRING,
    Tok.BYTES,
    Tok.FSTRING,
    Tok.NONE,
    Tok.TRUE,
    Tok.FALSE,
    Tok.ELLIPSIS,
    Tok.LPAR,
    Tok.LSQB,
    Tok.LBRACE,
    Tok.MINUS,
    Tok.PLUS,
    Tok.TILDE,
    Tok.NOT,
    Tok.LAMBDA,
    Tok.AWAIT,
    Tok.STAR,
  ]
) STARTS_EXPR[kind] = 1;

export class ExprParser {
  protected readonly tokens: Token[];
  protected i = 0;
  /** The current token, `tokens[i]`. */
  protected tok: Token;
  protected nesting: number;

  constructor(tokens: Token[], readonly filename: string, nesting = 0) {
    this.tokens = tokens;
    this.tok = tokens[0];
    this.nesting = nesting;
  }

  // ---- token helpers --------------------------------------------------------

  protected next(): Token {
    const tok = this.tok;
    // The last token is EOF, which is never consumed.
    if (tok.kind !== Tok.EOF) this.tok = this.tokens[++this.i];
    return tok;
  }

  protected at(kind: Tok): boolean {
    return this.tok.kind === kind;
  }

  protected eat(kind: Tok): boolean {
    if (this.tok.kind !== kind) return false;
    this.next();
    return true;
  }

  protected expect(kind: Tok): Token {
    if (this.tok.kind !== kind) this.fail();
    return this.next();
  }

  /** The kind of the token `ahead` places on (0 is the current one); EOF past the end. */
  protected peekKind(ahead = 1): Tok {
    const k = this.i + ahead;
    return this.tokens[k < this.tokens.length ? k : this.tokens.length - 1].kind;
  }

  protected expectName(): string {
    if (!this.at(Tok.NAME)) this.fail();
    return this.next().text;
  }

  /**
   * The error for an unexpected token: its own if it is a lexer ERROR,
   * "unexpected indent" for an INDENT, else MicroPython's "invalid syntax".
   */
  fail(tok: Token = this.tok): never {
    if (tok.kind === Tok.ERROR) throw tok.value as CompileError;
    if (tok.kind === Tok.INDENT) {
      throw new CompileError("IndentationError", "unexpected indent", this.filename, tok.line, 0);
    }
    throw new CompileError("SyntaxError", "invalid syntax", this.filename, tok.line, tok.col);
  }

  protected error(message: string, at: A.Pos): never {
    throw new CompileError("SyntaxError", message, this.filename, at.line, at.col);
  }

  protected enter(): void {
    if (++this.nesting > MAX_NESTING) {
      throw new CompileError(
        "RuntimeError",
        "maximum recursion depth exceeded",
        this.filename,
        this.tok.line,
        this.tok.col,
      );
    }
  }

  protected leave(): void {
    this.nesting--;
  }

  protected startsExpression(): boolean {
    return STARTS_EXPR[this.tok.kind] === 1;
  }

  protected atComprehension(): boolean {
    return this.at(Tok.FOR) ||
      (this.at(Tok.ASYNC) && this.peekKind() === Tok.FOR);
  }

  // ---- lists of expressions --------------------------------------------------

  /** `a, b` as in eval input: plain expressions, a Tuple if there is a comma. */
  testList(): A.Expr {
    const start = this.tok;
    const first = this.test();
    if (!this.at(Tok.COMMA)) return first;
    const elts = [first];
    while (this.eat(Tok.COMMA) && this.startsExpression()) elts.push(this.test());
    return tuple(elts, start);
  }

  /** `a, *b` as on either side of `=`, after `return`, `yield` and `for ... in`. */
  testListStarExpr(): A.Expr {
    const start = this.tok;
    const first = this.starOrTest();
    if (!this.at(Tok.COMMA)) return first;
    const elts = [first];
    while (this.eat(Tok.COMMA) && this.startsExpression()) elts.push(this.starOrTest());
    return tuple(elts, start);
  }

  /** Targets of `for`, comprehensions and `del`: or-expressions (so `in` ends them). */
  targetList(): A.Expr {
    const start = this.tok;
    const first = this.starOrBitOr();
    if (!this.at(Tok.COMMA)) return first;
    const elts = [first];
    while (this.eat(Tok.COMMA) && this.startsExpression()) elts.push(this.starOrBitOr());
    return tuple(elts, start);
  }

  protected starOrTest(): A.Expr {
    return this.at(Tok.STAR) ? this.starred() : this.test();
  }

  protected starOrNamed(): A.Expr {
    return this.at(Tok.STAR) ? this.starred() : this.namedExpr();
  }

  protected starOrBitOr(): A.Expr {
    return this.at(Tok.STAR) ? this.starred() : this.bitOr();
  }

  private starred(): A.Starred {
    const star = this.next();
    return { kind: "Starred", value: this.bitOr(), ctx: "load", line: star.line, col: star.col };
  }

  // ---- assignment targets ---------------------------------------------------

  /**
   * Checks that `e` can be assigned to (ctx "store") or deleted ("del") and sets
   * ctx on it and its parts, with MicroPython's messages. MicroPython allows
   * `[] = x` but not `() = x`, and deletes neither lists nor `*x`.
   */
  toTarget(e: A.Expr, ctx: "store" | "del"): A.Expr {
    switch (e.kind) {
      case "Name":
        if (e.id === "__debug__") break; // a constant to MicroPython
        e.ctx = ctx;
        return e;
      case "Attribute":
      case "Subscript":
        e.ctx = ctx;
        return e;
      case "List":
        if (ctx === "del") break;
        this.sequenceTarget(e, e.elts, ctx);
        return e;
      case "Tuple":
        if (e.elts.length === 0) break;
        this.sequenceTarget(e, e.elts, ctx);
        return e;
    }
    this.error(ctx === "del" ? "can't delete expression" : "can't assign to expression", e);
  }

  private sequenceTarget(e: A.List | A.Tuple, elts: A.Expr[], ctx: "store" | "del"): void {
    let stars = 0;
    for (const elt of elts) {
      if (elt.kind === "Starred") {
        if (ctx === "del") this.error("can't delete expression", elt);
        if (++stars > 1) this.error("multiple *x in assignment", e);
        elt.ctx = ctx;
        this.toTarget(elt.value, ctx);
      } else this.toTarget(elt, ctx);
    }
    e.ctx = ctx;
  }

  // ---- expression levels ----------------------------------------------------

  /** `name := value`, where CPython allows it (conditions, arguments, displays). */
  namedExpr(): A.Expr {
    const target = this.test();
    return this.at(Tok.WALRUS) ? this.namedExprValue(target) : target;
  }

  /** After `target`, at `:=`. MicroPython parses any expression and then wants a name: `(x) := 1` is fine. */
  private namedExprValue(target: A.Expr): A.NamedExpr {
    if (target.kind !== "Name") this.error("can't assign to expression", target);
    this.next();
    target.ctx = "store";
    const value = this.test();
    return { kind: "NamedExpr", target, value, line: target.line, col: target.col };
  }

  test(): A.Expr {
    if (this.at(Tok.LAMBDA)) return this.lambda(true);
    const start = this.tok;
    const first = this.orTest();
    if (!this.at(Tok.IF)) return first;
    // `a if b else c if d else e` nests to the right; collect the chain, then build it.
    const bodies: A.Expr[] = [first];
    const starts: Token[] = [start];
    const tests: A.Expr[] = [];
    let last: A.Expr;
    for (;;) {
      this.next();
      tests.push(this.orTest());
      this.expect(Tok.ELSE);
      if (this.at(Tok.LAMBDA)) {
        last = this.lambda(true);
        break;
      }
      const bodyStart = this.tok;
      const next = this.orTest();
      if (!this.at(Tok.IF)) {
        last = next;
        break;
      }
      bodies.push(next);
      starts.push(bodyStart);
    }
    for (let k = tests.length - 1; k >= 0; k--) {
      const at = starts[k];
      last = {
        kind: "IfExp",
        test: tests[k],
        body: bodies[k],
        orelse: last,
        line: at.line,
        col: at.col,
      };
    }
    return last;
  }

  /** A condition after `if` in a comprehension: no conditional expression, lambda allowed. */
  protected testNoCond(): A.Expr {
    return this.at(Tok.LAMBDA) ? this.lambda(false) : this.orTest();
  }

  private lambda(allowConditional: boolean): A.Lambda {
    const start = this.next();
    this.enter();
    const args = this.parameters(Tok.COLON, false);
    this.expect(Tok.COLON);
    const body = allowConditional ? this.test() : this.testNoCond();
    this.leave();
    return { kind: "Lambda", args, body, line: start.line, col: start.col };
  }

  protected orTest(): A.Expr {
    const start = this.tok;
    const first = this.andTest();
    if (!this.at(Tok.OR)) return first;
    const values = [first];
    while (this.eat(Tok.OR)) values.push(this.andTest());
    return { kind: "BoolOp", op: "or", values, line: start.line, col: start.col };
  }

  private andTest(): A.Expr {
    const start = this.tok;
    const first = this.notTest();
    if (!this.at(Tok.AND)) return first;
    const values = [first];
    while (this.eat(Tok.AND)) values.push(this.notTest());
    return { kind: "BoolOp", op: "and", values, line: start.line, col: start.col };
  }

  private notTest(): A.Expr {
    if (!this.at(Tok.NOT)) return this.comparison();
    const nots: Token[] = [];
    while (this.at(Tok.NOT)) nots.push(this.next());
    let e = this.comparison();
    for (let k = nots.length - 1; k >= 0; k--) {
      e = { kind: "UnaryOp", op: "not", operand: e, line: nots[k].line, col: nots[k].col };
    }
    return e;
  }

  private comparison(): A.Expr {
    const start = this.tok;
    const left = this.bitOr();
    let ops: A.CmpOperator[] | null = null;
    let comparators: A.Expr[] | null = null;
    for (;;) {
      const kind = this.tok.kind;
      let op = CMP_OP[kind];
      if (op !== null) this.next();
      else if (kind === Tok.NOT && this.peekKind() === Tok.IN) {
        this.next();
        this.next();
        op = "not in";
      } else if (kind === Tok.IS) {
        this.next();
        op = this.eat(Tok.NOT) ? "is not" : "is";
      } else break;
      if (ops === null || comparators === null) {
        ops = [];
        comparators = [];
      }
      ops.push(op);
      comparators.push(this.bitOr());
    }
    if (ops === null || comparators === null) return left;
    return { kind: "Compare", left, ops, comparators, line: start.line, col: start.col };
  }

  /** `|` and everything that binds tighter. */
  bitOr(): A.Expr {
    return this.binary(1);
  }

  /** Precedence climbing over the binary operators binding at least `minPrec`. */
  private binary(minPrec: number): A.Expr {
    const start = this.tok;
    let left = this.factor();
    for (;;) {
      const prec = BIN_PREC[this.tok.kind];
      if (prec < minPrec || prec === 0) return left;
      const op = BIN_OP[this.next().kind] as A.BinOperator;
      const right = this.binary(prec + 1);
      left = { kind: "BinOp", left, op, right, line: start.line, col: start.col };
    }
  }

  /** Unary `-`, `+`, `~` (any number of them), then a power. */
  private factor(): A.Expr {
    const kind = this.tok.kind;
    if (kind !== Tok.MINUS && kind !== Tok.PLUS && kind !== Tok.TILDE) return this.power();
    const ops: Token[] = [];
    this.unaryOperators(ops);
    return applyUnary(ops, this.power());
  }

  private unaryOperators(ops: Token[]): void {
    for (;;) {
      const kind = this.tok.kind;
      if (kind !== Tok.MINUS && kind !== Tok.PLUS && kind !== Tok.TILDE) return;
      ops.push(this.next());
    }
  }

  /**
   * `base ** exponent`, right-associative, where the exponent may carry unary
   * operators: `a ** -b ** c` is `a ** (-(b ** c))`. Built iteratively.
   */
  private power(): A.Expr {
    const start = this.tok;
    const base = this.awaitPrimary();
    if (!this.at(Tok.DOUBLESTAR)) return base;
    const operands: A.Expr[] = [base];
    const starts: Token[] = [start];
    const unaries: Token[][] = [[]];
    while (this.eat(Tok.DOUBLESTAR)) {
      const ops: Token[] = [];
      this.unaryOperators(ops);
      unaries.push(ops);
      starts.push(this.tok);
      operands.push(this.awaitPrimary());
    }
    let k = operands.length - 1;
    let e = applyUnary(unaries[k], operands[k]);
    for (k--; k >= 0; k--) {
      const at = starts[k];
      e = { kind: "BinOp", left: operands[k], op: "**", right: e, line: at.line, col: at.col };
      if (k > 0) e = applyUnary(unaries[k], e);
    }
    return e;
  }

  private awaitPrimary(): A.Expr {
    if (!this.at(Tok.AWAIT)) return this.primary();
    const start = this.next();
    return { kind: "Await", value: this.primary(), line: start.line, col: start.col };
  }

  /** An atom followed by any `.name`, `(args)` and `[subscript]`. */
  private primary(): A.Expr {
    const start = this.tok;
    const line = start.line;
    const col = start.col;
    let e = this.atom();
    for (;;) {
      switch (this.tok.kind) {
        case Tok.DOT: {
          this.next();
          const attr = this.expectName();
          e = { kind: "Attribute", value: e, attr, ctx: "load", line, col };
          break;
        }
        case Tok.LPAR: {
          this.next();
          this.enter();
          const args: A.Expr[] = [];
          const keywords: A.Keyword[] = [];
          this.callArguments(args, keywords);
          this.leave();
          e = { kind: "Call", func: e, args, keywords, line, col };
          break;
        }
        case Tok.LSQB: {
          this.next();
          this.enter();
          const slice = this.subscript();
          this.expect(Tok.RSQB);
          this.leave();
          e = { kind: "Subscript", value: e, slice, ctx: "load", line, col };
          break;
        }
        default:
          return e;
      }
    }
  }

  /**
   * Arguments up to and including `)`, with MicroPython's ordering rules:
   * positional after keyword or `**` is an error, and so is `*` after `**` or
   * after a keyword (MicroPython 1.29 rejects `f(a=1, *b)`, which CPython allows).
   */
  protected callArguments(args: A.Expr[], keywords: A.Keyword[]): void {
    let named = false;
    let doubleStar = false;
    while (!this.at(Tok.RPAR)) {
      const start = this.tok;
      if (start.kind === Tok.STAR) {
        if (doubleStar) this.error("* arg after **", start);
        if (named) this.error("* arg after keyword arg", start);
        this.next();
        args.push({
          kind: "Starred",
          value: this.test(),
          ctx: "load",
          line: start.line,
          col: start.col,
        });
      } else if (start.kind === Tok.DOUBLESTAR) {
        this.next();
        doubleStar = true;
        keywords.push({ arg: null, value: this.test(), line: start.line, col: start.col });
      } else {
        let value = this.namedExpr();
        if (this.at(Tok.EQUAL)) {
          if (value.kind !== "Name") this.error("LHS of keyword arg must be an id", value);
          this.next();
          named = true;
          keywords.push({ arg: value.id, value: this.test(), line: value.line, col: value.col });
        } else {
          if (this.atComprehension()) {
            value = {
              kind: "GeneratorExp",
              elt: value,
              generators: this.comprehension(),
              line: value.line,
              col: value.col,
            };
          }
          if (doubleStar) this.error("positional arg after **", start);
          if (named) this.error("positional arg after keyword arg", start);
          args.push(value);
        }
      }
      if (!this.eat(Tok.COMMA)) break;
    }
    this.expect(Tok.RPAR);
  }

  /** Inside `[...]`: one item, or a Tuple of items; items may be slices. */
  private subscript(): A.Expr {
    const start = this.tok;
    const first = this.sliceItem();
    if (!this.at(Tok.COMMA)) return first;
    const elts = [first];
    while (this.eat(Tok.COMMA) && !this.at(Tok.RSQB)) elts.push(this.sliceItem());
    return tuple(elts, start);
  }

  private sliceItem(): A.Expr {
    const start = this.tok;
    let lower: A.Expr | null = null;
    if (start.kind !== Tok.COLON) {
      lower = this.starOrTest();
      // `a[x := 1]` is fine, `a[x := 1:2]` is not.
      if (this.at(Tok.WALRUS)) return this.namedExprValue(lower);
      if (!this.at(Tok.COLON)) return lower;
    }
    this.next();
    let upper: A.Expr | null = null;
    let step: A.Expr | null = null;
    let kind = this.tok.kind;
    if (kind !== Tok.COLON && kind !== Tok.COMMA && kind !== Tok.RSQB) upper = this.test();
    if (this.eat(Tok.COLON)) {
      kind = this.tok.kind;
      if (kind !== Tok.COMMA && kind !== Tok.RSQB) step = this.test();
    }
    return { kind: "Slice", lower, upper, step, line: start.line, col: start.col };
  }

  private checkComprehensionElement(elt: A.Expr): void {
    if (elt.kind === "Starred") this.error("*x must be assignment target", elt);
  }

  /** `for target in iter [if cond]...`, repeated (the part after a comprehension's element). */
  protected comprehension(): A.Comprehension[] {
    const generators: A.Comprehension[] = [];
    while (this.atComprehension()) {
      const isAsync = this.eat(Tok.ASYNC);
      this.next();
      const target = this.toTarget(this.targetList(), "store");
      this.expect(Tok.IN);
      const iter = this.orTest();
      const ifs: A.Expr[] = [];
      while (this.eat(Tok.IF)) ifs.push(this.testNoCond());
      generators.push({ target, iter, ifs, isAsync });
    }
    return generators;
  }

  // ---- atoms ----------------------------------------------------------------

  private atom(): A.Expr {
    const tok = this.tok;
    const line = tok.line;
    const col = tok.col;
    switch (tok.kind) {
      case Tok.NAME:
        this.next();
        return { kind: "Name", id: tok.text, ctx: "load", line, col };
      case Tok.NUMBER:
        this.next();
        return { kind: "Constant", value: tok.value as A.ConstantValue, line, col };
      case Tok.STRING:
      case Tok.FSTRING:
        return this.strings();
      case Tok.BYTES:
        return this.bytes();
      case Tok.NONE:
        this.next();
        return { kind: "Constant", value: { type: "none" }, line, col };
      case Tok.TRUE:
        this.next();
        return { kind: "Constant", value: { type: "bool", value: true }, line, col };
      case Tok.FALSE:
        this.next();
        return { kind: "Constant", value: { type: "bool", value: false }, line, col };
      case Tok.ELLIPSIS:
        this.next();
        return { kind: "Constant", value: { type: "ellipsis" }, line, col };
      case Tok.LPAR:
        return this.parenthesized();
      case Tok.LSQB:
        return this.list();
      case Tok.LBRACE:
        return this.dictOrSet();
    }
    this.fail();
  }

  private parenthesized(): A.Expr {
    const open = this.next();
    this.enter();
    let e: A.Expr;
    if (this.at(Tok.RPAR)) e = tuple([], open);
    else if (this.at(Tok.YIELD)) e = this.yieldExpr();
    else e = this.parenthesizedBody(open, Tok.RPAR);
    this.expect(Tok.RPAR);
    this.leave();
    return e;
  }

  /**
   * What may sit between `(` and `close`: an expression, a tuple, or a generator
   * expression. A lone `(*x)` comes back as the Starred, for the compiler to reject.
   */
  protected parenthesizedBody(open: Token, close: Tok): A.Expr {
    const first = this.starOrNamed();
    if (this.atComprehension()) {
      this.checkComprehensionElement(first);
      const generators = this.comprehension();
      return { kind: "GeneratorExp", elt: first, generators, line: open.line, col: open.col };
    }
    if (this.at(close)) return first;
    const elts = [first];
    while (this.eat(Tok.COMMA) && !this.at(close)) elts.push(this.starOrNamed());
    return tuple(elts, open);
  }

  private list(): A.Expr {
    const open = this.next();
    this.enter();
    let e: A.Expr;
    if (this.at(Tok.RSQB)) {
      e = { kind: "List", elts: [], ctx: "load", line: open.line, col: open.col };
    } else {
      const first = this.starOrNamed();
      if (this.atComprehension()) {
        this.checkComprehensionElement(first);
        const generators = this.comprehension();
        e = { kind: "ListComp", elt: first, generators, line: open.line, col: open.col };
      } else {
        const elts = [first];
        while (this.eat(Tok.COMMA) && !this.at(Tok.RSQB)) elts.push(this.starOrNamed());
        e = { kind: "List", elts, ctx: "load", line: open.line, col: open.col };
      }
    }
    this.expect(Tok.RSQB);
    this.leave();
    return e;
  }

  private dictOrSet(): A.Expr {
    const open = this.next();
    const line = open.line;
    const col = open.col;
    this.enter();
    let e: A.Expr;
    if (this.at(Tok.RBRACE)) {
      e = { kind: "Dict", keys: [], values: [], line, col };
    } else if (this.eat(Tok.DOUBLESTAR)) {
      const keys: (A.Expr | null)[] = [null];
      const values = [this.bitOr()];
      this.dictItems(keys, values);
      e = { kind: "Dict", keys, values, line, col };
    } else {
      let first = this.starOrTest();
      // `{x := 1}` is a set; a dict key cannot be a bare named expression.
      const named = this.at(Tok.WALRUS);
      if (named) first = this.namedExprValue(first);
      if (this.at(Tok.COLON) && first.kind !== "Starred" && !named) {
        this.next();
        const value = this.test();
        if (this.atComprehension()) {
          e = { kind: "DictComp", key: first, value, generators: this.comprehension(), line, col };
        } else {
          const keys: (A.Expr | null)[] = [first];
          const values = [value];
          this.dictItems(keys, values);
          e = { kind: "Dict", keys, values, line, col };
        }
      } else if (this.atComprehension()) {
        this.checkComprehensionElement(first);
        e = { kind: "SetComp", elt: first, generators: this.comprehension(), line, col };
      } else {
        const elts = [first];
        while (this.eat(Tok.COMMA) && !this.at(Tok.RBRACE)) elts.push(this.starOrNamed());
        if (this.at(Tok.COLON)) this.error("expecting just a value for set", this.tok);
        e = { kind: "Set", elts, line, col };
      }
    }
    this.expect(Tok.RBRACE);
    this.leave();
    return e;
  }

  /** The `, key: value` and `, **mapping` items after a dict's first one. */
  private dictItems(keys: (A.Expr | null)[], values: A.Expr[]): void {
    while (this.eat(Tok.COMMA) && !this.at(Tok.RBRACE)) {
      if (this.eat(Tok.DOUBLESTAR)) {
        keys.push(null);
        values.push(this.bitOr());
      } else {
        keys.push(this.test());
        if (!this.at(Tok.COLON)) this.error("expecting key:value for dict", this.tok);
        this.next();
        values.push(this.test());
      }
    }
  }

  /** `yield`, `yield value(s)` or `yield from value`. */
  protected yieldExpr(): A.Yield | A.YieldFrom {
    const start = this.next();
    if (this.eat(Tok.FROM)) {
      return { kind: "YieldFrom", value: this.test(), line: start.line, col: start.col };
    }
    const value = this.startsExpression() ? this.testListStarExpr() : null;
    return { kind: "Yield", value, line: start.line, col: start.col };
  }

  // ---- parameters -----------------------------------------------------------

  /**
   * A `def` or `lambda` parameter list up to (not including) `close`.
   * `def f(a, b=1, /, c=2, *args, d, e=3, **kw)`; a bare `*` needs nothing after
   * it in MicroPython (`def f(*)` is accepted).
   */
  protected parameters(close: Tok, annotations: boolean): A.Arguments {
    const result: A.Arguments = {
      posonlyargs: [],
      args: [],
      vararg: null,
      kwonlyargs: [],
      kwDefaults: [],
      kwarg: null,
      defaults: [],
    };
    const names: string[] = [];
    let star = false;
    let slash = false;
    while (!this.at(close)) {
      if (result.kwarg !== null) this.fail();
      const tok = this.tok;
      if (tok.kind === Tok.STAR) {
        this.next();
        if (star) this.fail(tok);
        star = true;
        if (this.at(Tok.NAME)) result.vararg = this.parameter(annotations, names);
      } else if (tok.kind === Tok.DOUBLESTAR) {
        this.next();
        result.kwarg = this.parameter(annotations, names);
      } else if (tok.kind === Tok.SLASH) {
        if (slash || star || result.args.length === 0) this.fail();
        this.next();
        slash = true;
        result.posonlyargs = result.args;
        result.args = [];
      } else {
        const arg = this.parameter(annotations, names);
        const value = this.eat(Tok.EQUAL) ? this.test() : null;
        if (star) {
          result.kwonlyargs.push(arg);
          result.kwDefaults.push(value);
        } else {
          result.args.push(arg);
          if (value !== null) result.defaults.push(value);
          else if (result.defaults.length > 0) {
            this.error("non-default argument follows default argument", arg);
          }
        }
      }
      if (!this.eat(Tok.COMMA)) break;
    }
    return result;
  }

  private parameter(annotations: boolean, names: string[]): A.Arg {
    const tok = this.tok;
    const arg = this.expectName();
    if (names.includes(arg)) this.error("argument name reused", tok);
    names.push(arg);
    const annotation = annotations && this.eat(Tok.COLON) ? this.test() : null;
    return { arg, annotation, line: tok.line, col: tok.col };
  }

  // ---- string literals ------------------------------------------------------

  /** Adjacent bytes literals, concatenated; a str literal among them is an error. */
  private bytes(): A.Constant {
    const first = this.tok;
    let data = first.value as Uint8Array;
    this.next();
    while (this.at(Tok.BYTES)) {
      const more = this.next().value as Uint8Array;
      const joined = new Uint8Array(data.length + more.length);
      joined.set(data);
      joined.set(more, data.length);
      data = joined;
    }
    if (this.at(Tok.STRING) || this.at(Tok.FSTRING)) this.fail();
    return {
      kind: "Constant",
      value: { type: "bytes", value: data },
      line: first.line,
      col: first.col,
    };
  }

  /**
   * Adjacent str and f-string literals, concatenated. Without f-strings this is a
   * Constant; with them a JoinedStr, except where MicroPython's way of compiling
   * f-strings (one `"...".format(...)` call over the concatenated text) behaves
   * differently: then we compile exactly that call. That happens when plain
   * literals next to an f-string contain braces (MicroPython lets format() read
   * them: `"{}" f"{x}"` raises IndexError) or the f-string has a lone `}` and
   * the like (see FString.needsFormatCall).
   */
  private strings(): A.Expr {
    const first = this.tok;
    let start = this.i;
    let hasFString = false;
    let formatCall = false;
    while (this.at(Tok.STRING) || this.at(Tok.FSTRING)) {
      const tok = this.next();
      if (tok.kind === Tok.FSTRING) {
        hasFString = true;
        if ((tok.value as FString).needsFormatCall) formatCall = true;
      } else if (tok.text.indexOf("{") >= 0 || tok.text.indexOf("}") >= 0) formatCall = true;
    }
    if (this.at(Tok.BYTES)) this.fail();
    const end = this.i;
    const line = first.line;
    const col = first.col;
    if (!hasFString) {
      let text = first.text;
      for (start++; start < end; start++) text += this.tokens[start].text;
      return { kind: "Constant", value: { type: "str", value: text }, line, col };
    }
    if (formatCall && hasFString) return this.formatCall(start, end);
    const values: A.Expr[] = [];
    let text = "";
    for (; start < end; start++) {
      const tok = this.tokens[start];
      if (tok.kind === Tok.STRING) text += tok.text;
      else text = this.joinPieces((tok.value as FString).pieces, values, text, tok);
    }
    if (text !== "") values.push(strConstant(text, first));
    return { kind: "JoinedStr", values, line, col };
  }

  /**
   * Appends f-string pieces to `values`, carrying literal text in `text` so that
   * adjacent literals merge; returns the text still pending.
   */
  private joinPieces(pieces: FStringPiece[], values: A.Expr[], text: string, tok: Token): string {
    for (const piece of pieces) {
      if (typeof piece === "string") {
        text += piece;
        continue;
      }
      if (text !== "") values.push(strConstant(text, tok));
      text = "";
      values.push(this.formattedValue(piece, tok));
    }
    return text;
  }

  private formattedValue(field: FStringField, tok: Token): A.FormattedValue {
    let formatSpec: A.JoinedStr | null = null;
    if (field.spec !== null) {
      const values: A.Expr[] = [];
      const rest = this.joinPieces(field.spec, values, "", tok);
      if (rest !== "") values.push(strConstant(rest, tok));
      formatSpec = { kind: "JoinedStr", values, line: tok.line, col: tok.col };
    }
    return {
      kind: "FormattedValue",
      value: this.fieldExpression(field),
      conversion: field.conversion,
      formatSpec,
      line: field.line,
      col: field.col,
    };
  }

  /** MicroPython's compilation of the literals `tokens[start, end)`: `"<format>".format(<fields>)`. */
  private formatCall(start: number, end: number): A.Call {
    const first = this.tokens[start];
    const line = first.line;
    const col = first.col;
    let format = "";
    const args: A.Expr[] = [];
    for (let k = start; k < end; k++) {
      const tok = this.tokens[k];
      if (tok.kind === Tok.STRING) {
        format += tok.text;
        continue;
      }
      const fs = tok.value as FString;
      format += fs.format;
      for (const field of fs.fields) args.push(this.fieldExpression(field));
    }
    const func: A.Attribute = {
      kind: "Attribute",
      value: { kind: "Constant", value: { type: "str", value: format }, line, col },
      attr: "format",
      ctx: "load",
      line,
      col,
    };
    return { kind: "Call", func, args, keywords: [], line, col };
  }

  /**
   * Parses a field's expression as MicroPython does, as if between parentheses:
   * `f"{a, b}"` is a tuple, `f"{}"` an empty tuple, `f"{x for x in y}"` a
   * generator, and `yield` is allowed.
   */
  private fieldExpression(field: FStringField): A.Expr {
    const tokens = new Lexer(field.source, this.filename, {
      line: field.line,
      col: field.col,
      bracketDepth: 1,
    }).tokenize();
    const parser = new ExprParser(tokens, this.filename, this.nesting);
    parser.enter();
    const open = parser.tok;
    let e: A.Expr;
    if (open.kind === Tok.EOF) e = tuple([], field);
    else if (open.kind === Tok.YIELD) e = parser.yieldExpr();
    else e = parser.parenthesizedBody(open, Tok.EOF);
    if (parser.tok.kind !== Tok.EOF) parser.fail();
    return e;
  }
}

function tuple(elts: A.Expr[], at: A.Pos): A.Tuple {
  return { kind: "Tuple", elts, ctx: "load", line: at.line, col: at.col };
}

function strConstant(value: string, at: A.Pos): A.Constant {
  return { kind: "Constant", value: { type: "str", value }, line: at.line, col: at.col };
}

/**
 * Wraps `operand` in the unary operators `ops` (innermost last). A minus
 * directly on an int or float literal is folded into it, so that
 * `-9223372036854775808` is one exact constant.
 */
function applyUnary(ops: Token[], operand: A.Expr): A.Expr {
  let e = operand;
  for (let k = ops.length - 1; k >= 0; k--) {
    const op = ops[k];
    if (op.kind === Tok.MINUS && e.kind === "Constant") {
      const v = e.value;
      if (v.type === "int") {
        e = {
          kind: "Constant",
          value: { type: "int", value: negate(v.value) },
          line: op.line,
          col: op.col,
        };
        continue;
      }
      if (v.type === "float") {
        e = {
          kind: "Constant",
          value: { type: "float", value: -v.value },
          line: op.line,
          col: op.col,
        };
        continue;
      }
    }
    const symbol = op.kind === Tok.MINUS ? "-" : op.kind === Tok.PLUS ? "+" : "~";
    e = { kind: "UnaryOp", op: symbol, operand: e, line: op.line, col: op.col };
  }
  return e;
}

function negate(v: number | bigint): number | bigint {
  if (typeof v === "number") return v === 0 ? 0 : -v;
  const r = -v;
  return r >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(r) : r;
}
