/**
 * The parser: source text to the AST of ast.ts. This file holds the entry points
 * and the statements; expressions are in parser_expr.ts (which this class
 * extends), tokens come from lexer.ts.
 *
 * MicroPython reports nearly every grammar error as plain "invalid syntax", and
 * so does this parser; the other messages (bad assignment targets, argument
 * order, parameter lists) are MicroPython's words. Checks that need scopes
 * ('return' outside function, nonlocal bindings...) belong to scope.ts and the
 * emitter.
 */

import type * as A from "./ast.ts";
import { Lexer } from "./lexer.ts";
import { ExprParser } from "./parser_expr.ts";
import { CompileError } from "./syntax_error.ts";
import { Tok, type Token } from "./tokens.ts";

export type ParseMode = "exec" | "eval" | "single";

const AUG_OP: (A.BinOperator | null)[] = new Array(128).fill(null);
AUG_OP[Tok.PLUSEQUAL] = "+";
AUG_OP[Tok.MINEQUAL] = "-";
AUG_OP[Tok.STAREQUAL] = "*";
AUG_OP[Tok.SLASHEQUAL] = "/";
AUG_OP[Tok.DOUBLESLASHEQUAL] = "//";
AUG_OP[Tok.PERCENTEQUAL] = "%";
AUG_OP[Tok.DOUBLESTAREQUAL] = "**";
AUG_OP[Tok.LSHIFTEQUAL] = "<<";
AUG_OP[Tok.RSHIFTEQUAL] = ">>";
AUG_OP[Tok.AMPEREQUAL] = "&";
AUG_OP[Tok.VBAREQUAL] = "|";
AUG_OP[Tok.CIRCUMFLEXEQUAL] = "^";
AUG_OP[Tok.ATEQUAL] = "@";

/** The emitters of MicroPython's unix port on x64 (asm_thumb needs an ARM target). */
const EMITTER_DECORATORS = new Set(["bytecode", "native", "viper"]);

export class Parser extends ExprParser {
  // ---- entry points ---------------------------------------------------------

  /** A whole module ("exec"). */
  parseModule(): A.Module {
    const body: A.Stmt[] = [];
    while (!this.at(Tok.EOF)) {
      if (this.at(Tok.NEWLINE)) this.next();
      else this.statement(body);
    }
    return { kind: "Module", body };
  }

  /**
   * One expression list ("eval"), trailing newlines allowed. Leading blank lines
   * are not: the lexer's leading NEWLINE makes `eval("\n1")` fail, as in MicroPython.
   */
  parseEval(): A.Module {
    const start = this.tok;
    const value = this.testList();
    while (this.at(Tok.NEWLINE)) this.next();
    if (!this.at(Tok.EOF)) this.fail();
    return {
      kind: "Module",
      body: [{ kind: "ExprStmt", value, line: start.line, col: start.col }],
    };
  }

  /**
   * One interactive statement ("single"): an empty line, a line of simple
   * statements or one compound statement. Input without even a NEWLINE (only a
   * line continuation) is an error, as in MicroPython.
   */
  parseSingle(): A.Module {
    const body: A.Stmt[] = [];
    if (this.at(Tok.NEWLINE)) this.next();
    else this.statement(body);
    if (!this.at(Tok.EOF)) this.fail();
    return { kind: "Module", body };
  }

  // ---- statements -----------------------------------------------------------

  private statement(body: A.Stmt[]): void {
    switch (this.tok.kind) {
      case Tok.IF:
        body.push(this.ifStatement());
        return;
      case Tok.WHILE:
        body.push(this.whileStatement());
        return;
      case Tok.FOR:
        body.push(this.forStatement(this.next(), false));
        return;
      case Tok.TRY:
        body.push(this.tryStatement());
        return;
      case Tok.WITH:
        body.push(this.withStatement(this.next(), false));
        return;
      case Tok.DEF:
        body.push(this.functionDef(this.next(), [], false));
        return;
      case Tok.CLASS:
        body.push(this.classDef([]));
        return;
      case Tok.AT:
        body.push(this.decorated());
        return;
      case Tok.ASYNC: {
        const start = this.next();
        switch (this.peekKind(0)) {
          case Tok.DEF:
            this.next();
            body.push(this.functionDef(start, [], true));
            return;
          case Tok.FOR:
            this.next();
            body.push(this.forStatement(start, true));
            return;
          case Tok.WITH:
            this.next();
            body.push(this.withStatement(start, true));
            return;
        }
        this.fail();
      }
    }
    this.simpleStatements(body);
  }

  /** `a; b; c` up to and including the NEWLINE; a trailing `;` is allowed. */
  private simpleStatements(body: A.Stmt[]): void {
    for (;;) {
      body.push(this.simpleStatement());
      if (!this.eat(Tok.SEMI) || this.at(Tok.NEWLINE)) break;
    }
    this.expect(Tok.NEWLINE);
  }

  private atStatementEnd(): boolean {
    const kind = this.tok.kind;
    return kind === Tok.NEWLINE || kind === Tok.SEMI || kind === Tok.EOF;
  }

  private simpleStatement(): A.Stmt {
    const start = this.tok;
    const line = start.line;
    const col = start.col;
    switch (start.kind) {
      case Tok.PASS:
        this.next();
        return { kind: "Pass", line, col };
      case Tok.BREAK:
        this.next();
        return { kind: "Break", line, col };
      case Tok.CONTINUE:
        this.next();
        return { kind: "Continue", line, col };
      case Tok.RETURN: {
        this.next();
        const value = this.atStatementEnd() ? null : this.testListStarExpr();
        return { kind: "Return", value, line, col };
      }
      case Tok.RAISE: {
        this.next();
        if (this.atStatementEnd()) return { kind: "Raise", exc: null, cause: null, line, col };
        const exc = this.test();
        const cause = this.eat(Tok.FROM) ? this.test() : null;
        return { kind: "Raise", exc, cause, line, col };
      }
      case Tok.GLOBAL:
      case Tok.NONLOCAL: {
        this.next();
        const names = [this.expectName()];
        while (this.eat(Tok.COMMA)) names.push(this.expectName());
        return start.kind === Tok.GLOBAL
          ? { kind: "Global", names, line, col }
          : { kind: "Nonlocal", names, line, col };
      }
      case Tok.DEL: {
        this.next();
        const targets: A.Expr[] = [];
        do {
          const target = this.at(Tok.STAR) ? this.starOrBitOr() : this.bitOr();
          targets.push(this.toTarget(target, "del"));
        } while (this.eat(Tok.COMMA) && !this.atStatementEnd());
        return { kind: "Delete", targets, line, col };
      }
      case Tok.ASSERT: {
        this.next();
        const test = this.test();
        const msg = this.eat(Tok.COMMA) ? this.test() : null;
        return { kind: "Assert", test, msg, line, col };
      }
      case Tok.IMPORT:
        return this.importStatement();
      case Tok.FROM:
        return this.fromImport();
      case Tok.YIELD:
        // A statement that starts with `yield` is only that: `yield = 1` is invalid.
        return { kind: "ExprStmt", value: this.yieldExpr(), line, col };
    }
    return this.expressionStatement();
  }

  /** Expression statements and every kind of assignment. */
  private expressionStatement(): A.Stmt {
    const start = this.tok;
    const line = start.line;
    const col = start.col;
    const first = this.testListStarExpr();
    const kind = this.tok.kind;
    if (kind === Tok.EQUAL) {
      // `a = b = value`: every part but the last is a target.
      const targets = [first];
      let value: A.Expr;
      for (;;) {
        this.next();
        value = this.at(Tok.YIELD) ? this.yieldExpr() : this.testListStarExpr();
        if (!this.at(Tok.EQUAL)) break;
        targets.push(value);
      }
      for (const target of targets) this.toTarget(target, "store");
      return { kind: "Assign", targets, value, line, col };
    }
    const op = AUG_OP[kind];
    if (op !== null) {
      if (first.kind !== "Name" && first.kind !== "Attribute" && first.kind !== "Subscript") {
        this.error("can't assign to expression", first);
      }
      this.toTarget(first, "store");
      this.next();
      const value = this.at(Tok.YIELD) ? this.yieldExpr() : this.testListStarExpr();
      return { kind: "AugAssign", target: first, op, value, line, col };
    }
    if (kind === Tok.COLON) {
      this.next();
      const annotation = this.test();
      let value: A.Expr | null = null;
      if (this.eat(Tok.EQUAL)) {
        value = this.at(Tok.YIELD) ? this.yieldExpr() : this.testListStarExpr();
        this.toTarget(first, "store");
      } else if (
        first.kind === "Name" || first.kind === "Attribute" || first.kind === "Subscript"
      ) {
        // Without a value MicroPython checks nothing (`f(): int` compiles).
        first.ctx = "store";
      }
      const simple = first.kind === "Name" && start.kind === Tok.NAME;
      return { kind: "AnnAssign", target: first, annotation, value, simple, line, col };
    }
    return { kind: "ExprStmt", value: first, line, col };
  }

  private importStatement(): A.Import {
    const start = this.next();
    const names: A.Alias[] = [];
    do {
      const name = this.dottedName();
      const asname = this.eat(Tok.AS) ? this.expectName() : null;
      names.push({ name, asname });
    } while (this.eat(Tok.COMMA));
    return { kind: "Import", names, line: start.line, col: start.col };
  }

  private dottedName(): string {
    let name = this.expectName();
    while (this.eat(Tok.DOT)) name += "." + this.expectName();
    return name;
  }

  /** `from [.]*module import names`, `(names,)`, `*`; a trailing comma needs no parentheses. */
  private fromImport(): A.ImportFrom {
    const start = this.next();
    let level = 0;
    for (;;) {
      if (this.eat(Tok.DOT)) level++;
      else if (this.eat(Tok.ELLIPSIS)) level += 3;
      else break;
    }
    const module = this.at(Tok.NAME) || level === 0 ? this.dottedName() : null;
    this.expect(Tok.IMPORT);
    const names: A.Alias[] = [];
    if (this.eat(Tok.STAR)) {
      names.push({ name: "*", asname: null });
    } else {
      const parenthesized = this.eat(Tok.LPAR);
      do {
        const name = this.expectName();
        const asname = this.eat(Tok.AS) ? this.expectName() : null;
        names.push({ name, asname });
      } while (
        this.eat(Tok.COMMA) && (parenthesized ? !this.at(Tok.RPAR) : !this.atStatementEnd())
      );
      if (parenthesized) this.expect(Tok.RPAR);
    }
    return { kind: "ImportFrom", module, names, level, line: start.line, col: start.col };
  }

  /** `:` then either simple statements on the same line or an indented block. */
  private block(): A.Stmt[] {
    this.expect(Tok.COLON);
    const body: A.Stmt[] = [];
    if (!this.at(Tok.NEWLINE)) {
      this.simpleStatements(body);
      return body;
    }
    this.next();
    // MicroPython reports a missing indent as "invalid syntax", not "expected an indented block".
    if (!this.at(Tok.INDENT)) this.fail();
    this.next();
    this.enter();
    while (!this.at(Tok.DEDENT)) this.statement(body);
    this.next();
    this.leave();
    return body;
  }

  /** `if`/`elif`/`else`; the elif chain becomes nested If nodes, built without recursion. */
  private ifStatement(): A.If {
    const start = this.next();
    const root: A.If = {
      kind: "If",
      test: this.namedExpr(),
      body: this.block(),
      orelse: [],
      line: start.line,
      col: start.col,
    };
    let last = root;
    while (this.at(Tok.ELIF)) {
      const elif = this.next();
      const node: A.If = {
        kind: "If",
        test: this.namedExpr(),
        body: this.block(),
        orelse: [],
        line: elif.line,
        col: elif.col,
      };
      last.orelse = [node];
      last = node;
    }
    if (this.eat(Tok.ELSE)) last.orelse = this.block();
    return root;
  }

  private whileStatement(): A.While {
    const start = this.next();
    const test = this.namedExpr();
    const body = this.block();
    const orelse = this.eat(Tok.ELSE) ? this.block() : [];
    return { kind: "While", test, body, orelse, line: start.line, col: start.col };
  }

  /** After `for` (or `async for`; `start` is the first keyword). */
  private forStatement(start: Token, isAsync: boolean): A.For {
    const target = this.toTarget(this.targetList(), "store");
    this.expect(Tok.IN);
    const iter = this.testListStarExpr();
    const body = this.block();
    const orelse = this.eat(Tok.ELSE) ? this.block() : [];
    return { kind: "For", target, iter, body, orelse, isAsync, line: start.line, col: start.col };
  }

  private tryStatement(): A.Try {
    const start = this.next();
    const body = this.block();
    const handlers: A.ExceptHandler[] = [];
    while (this.at(Tok.EXCEPT)) {
      const handler = this.next();
      const previous = handlers[handlers.length - 1];
      if (previous !== undefined && previous.type === null) {
        this.error("default 'except' must be last", previous);
      }
      let type: A.Expr | null = null;
      let name: string | null = null;
      if (!this.at(Tok.COLON)) {
        type = this.test();
        if (this.eat(Tok.AS)) name = this.expectName();
      }
      handlers.push({
        kind: "ExceptHandler",
        type,
        name,
        body: this.block(),
        line: handler.line,
        col: handler.col,
      });
    }
    const orelse = handlers.length > 0 && this.eat(Tok.ELSE) ? this.block() : [];
    const finalbody = this.eat(Tok.FINALLY) ? this.block() : [];
    if (handlers.length === 0 && finalbody.length === 0) this.fail();
    return { kind: "Try", body, handlers, orelse, finalbody, line: start.line, col: start.col };
  }

  /** After `with`: `a as b, c` (MicroPython has no parenthesized item list). */
  private withStatement(start: Token, isAsync: boolean): A.With {
    const items: A.WithItem[] = [];
    do {
      const contextExpr = this.test();
      const optionalVars = this.eat(Tok.AS) ? this.toTarget(this.bitOr(), "store") : null;
      items.push({ contextExpr, optionalVars });
    } while (this.eat(Tok.COMMA));
    const body = this.block();
    return { kind: "With", items, body, isAsync, line: start.line, col: start.col };
  }

  /**
   * `@micropython.native`, `.viper` and `.bytecode` pick MicroPython's code emitter at
   * compile time (no import needed); upy compiles every function to bytecode, so they are
   * dropped. Any other `@micropython.<name>` is a SyntaxError, as MicroPython's compiler
   * reports it.
   */
  private isEmitterDecorator(decorator: A.Expr): boolean {
    let base = decorator;
    const names: string[] = [];
    while (base.kind === "Attribute") {
      names.unshift(base.attr);
      base = base.value;
    }
    if (base.kind !== "Name" || base.id !== "micropython" || names.length === 0) return false;
    if (names.length === 1 && EMITTER_DECORATORS.has(names[0])) return true;
    this.error("invalid micropython decorator", decorator);
  }

  /** Decorators (any expression, as since Python 3.9), then a def or class. */
  private decorated(): A.Stmt {
    const decorators: A.Expr[] = [];
    while (this.eat(Tok.AT)) {
      const decorator = this.namedExpr();
      if (!this.isEmitterDecorator(decorator)) decorators.push(decorator);
      this.expect(Tok.NEWLINE);
    }
    const start = this.next();
    if (start.kind === Tok.DEF) return this.functionDef(start, decorators, false);
    if (start.kind === Tok.CLASS) return this.classDef(decorators, start);
    if (start.kind === Tok.ASYNC && this.eat(Tok.DEF)) {
      return this.functionDef(start, decorators, true);
    }
    this.fail(start);
  }

  /** After `def` (`start` is `def` or `async`). */
  private functionDef(start: Token, decorators: A.Expr[], isAsync: boolean): A.FunctionDef {
    const name = this.expectName();
    this.expect(Tok.LPAR);
    const args = this.parameters(Tok.RPAR, true);
    this.expect(Tok.RPAR);
    const returns = this.eat(Tok.ARROW) ? this.test() : null;
    const body = this.block();
    return {
      kind: "FunctionDef",
      name,
      args,
      body,
      decorators,
      returns,
      isAsync,
      line: start.line,
      col: start.col,
    };
  }

  private classDef(decorators: A.Expr[], start: Token = this.next()): A.ClassDef {
    const name = this.expectName();
    const bases: A.Expr[] = [];
    const keywords: A.Keyword[] = [];
    if (this.eat(Tok.LPAR)) this.callArguments(bases, keywords);
    const body = this.block();
    return {
      kind: "ClassDef",
      name,
      bases,
      keywords,
      body,
      decorators,
      line: start.line,
      col: start.col,
    };
  }
}

/**
 * Parses `source` into a Module. In "eval" mode the body is a single ExprStmt;
 * "single" is one interactive statement (the REPL's unit). Throws CompileError.
 */
export function parse(source: string, filename: string, mode: ParseMode): A.Module {
  const parser = new Parser(new Lexer(source, filename).tokenize(), filename);
  if (mode === "eval") return parser.parseEval();
  if (mode === "single") return parser.parseSingle();
  return parser.parseModule();
}

/**
 * For a REPL: whether `source` is a complete interactive statement (true), needs
 * more lines (false: open brackets, an open triple-quoted string, a trailing
 * backslash, or a compound statement not yet closed by an empty line), or can
 * never become valid ("error").
 */
export function isCompleteInput(source: string): boolean | "error" {
  const lexer = new Lexer(source, "<stdin>");
  const tokens = lexer.tokenize();
  const last = tokens[tokens.length - 2];
  if (last !== undefined && last.kind === Tok.ERROR) {
    return lexer.unterminatedTriple ? false : "error";
  }
  if (lexer.depth > 0 || lexer.endsWithContinuation) return false;
  // A compound statement goes on until an empty line, as in MicroPython's REPL.
  const first = tokens[0].kind === Tok.NEWLINE ? tokens[1] : tokens[0];
  if (isCompoundStart(first.kind) && !/\n[ \t]*$/.test(source.replace(/\r\n?/g, "\n"))) {
    return false;
  }
  try {
    new Parser(tokens, "<stdin>").parseSingle();
    return true;
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    // An error at the very end means the statement is still open (`if x:` then EOF).
    const eof = tokens[tokens.length - 1];
    return e.line === eof.line && e.col === eof.col ? false : "error";
  }
}

function isCompoundStart(kind: Tok): boolean {
  return kind === Tok.IF || kind === Tok.WHILE || kind === Tok.FOR || kind === Tok.TRY ||
    kind === Tok.WITH || kind === Tok.DEF || kind === Tok.CLASS || kind === Tok.AT ||
    kind === Tok.ASYNC;
}

export { Lexer, tokenize } from "./lexer.ts";
