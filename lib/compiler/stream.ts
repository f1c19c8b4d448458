/**
 * The streaming incremental compiler: source text arriving in chunks split
 * anywhere (mid-token, mid-line, mid-string) comes out as one compiled unit per
 * top-level statement, as soon as that statement is complete.
 *
 * A `StatementSplitter` reads each character once and keeps only what it needs
 * to know where a statement ends: whether it is inside a string (and which
 * quote, triple or not), a comment, brackets or a `\` continuation, and the
 * first word and column of the current logical line. The text of the statement
 * being read is the only thing held, so memory follows the largest statement,
 * not the stream. Each complete statement then goes through the ordinary lexer,
 * parser and emitter, with the lexer started at the statement's real line so
 * tracebacks and syntax errors name lines of the whole stream.
 *
 * Where a statement ends:
 * - a simple statement at column 0 ends with its logical line (`x = (1,\n 2)`
 *   is one logical line; `a = 1; b = 2` is one unit);
 * - a compound statement (`if`, `while`, `for`, `try`, `with`, `def`, `class`,
 *   `async`, or decorators) goes on until the next column-0 line that is not
 *   one of its clauses (`elif`, `else`, `except`, `finally`), or the end of the
 *   stream: only a dedent proves that the block is over;
 * - blank and comment lines between statements belong to no unit.
 *
 * Modes: "module" compiles units as a module body and ends the stream with the
 * first syntax error (after handing it out as an error unit); "repl" compiles
 * each unit as an interactive statement (expression values are printed) and
 * goes on after errors.
 */

import type { CodeObject } from "./bytecode.ts";
import { compileModule } from "./compile.ts";
import { Lexer } from "./lexer.ts";
import { Parser } from "./parser.ts";
import { CompileError } from "./syntax_error.ts";

export type StreamMode = "module" | "repl";

export interface StreamCompileOptions {
  filename?: string;
  mode?: StreamMode;
  /** MicroPython's optimisation level (see compile.ts). */
  optLevel?: number;
}

/** One compiled top-level statement, or the syntax error that stopped it. */
export type CompiledUnit =
  | { kind: "code"; code: CodeObject; line: number; source: string }
  | { kind: "error"; error: CompileError; line: number; message: string; source: string };

/** A complete top-level statement's text and the line (1-based) it starts on. */
export interface StatementText {
  source: string;
  line: number;
}

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const FORM_FEED = 12;
const HASH = 35;
const BACKSLASH = 92;
const QUOTE = 39;
const DQUOTE = 34;
const AT = 64;

/** Words that open a compound statement, whose block only a dedent ends. */
const COMPOUND_WORDS = new Set(["if", "while", "for", "try", "with", "def", "class", "async"]);
/** Words that continue the compound statement before them at the same column. */
const CLAUSE_WORDS = new Set(["elif", "else", "except", "finally"]);
/** Long enough for every keyword above; longer first words are plain names. */
const MAX_WORD = 8;

// Where the scanner is within the current logical line.
const LEADING = 0; // before the line's first token
const CODE = 1; // in code
const COMMENT = 2; // after '#', until the newline
const STRING = 3; // inside a string literal

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}

/**
 * Splits streamed source text into top-level statements. `push` takes the next
 * chunk and returns the statements it completed; `end` flushes the last one.
 */
export class StatementSplitter {
  // The statement being assembled (whole logical lines), if one is open.
  private unitParts: string[] = [];
  private unitLine = 0;
  /** The open unit is a compound statement waiting for a dedent. */
  private unitOpen = false;
  /** The open unit so far is only decorators: the def or class must follow. */
  private unitDecoratorsOnly = false;

  // The logical line being scanned: pieces from earlier chunks plus the current one.
  private lineParts: string[] = [];
  private lineLine = 1;
  private physicalLine = 1;
  private where = LEADING;
  private indent = 0;
  private firstChar = -1;
  private firstWord = "";
  private readingWord = false;
  private depth = 0;
  private quote = 0;
  private triple = false;
  /** Inside a string: the previous character was a backslash. */
  private escaped = false;
  /** In code: the previous character was a backslash (a line continuation if a newline follows). */
  private continuation = false;
  /** Quotes seen in a row, to find `'''` / `"""` openings and closings. */
  private quoteRun = 0;
  /** The previous chunk ended with '\r': a '\n' starting this one belongs to it. */
  private pendingCR = false;

  push(chunk: string): StatementText[] {
    const out: StatementText[] = [];
    if (chunk.length === 0) return out;
    let text = chunk;
    if (this.pendingCR && text.charCodeAt(0) === NL) text = text.slice(1);
    this.pendingCR = text.length > 0 && text.charCodeAt(text.length - 1) === CR;
    // Universal newlines, as the lexer reads them.
    if (text.indexOf("\r") >= 0) text = text.replace(/\r\n?/g, "\n");
    let segmentStart = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === NL) {
        this.physicalLine++;
        if (this.newlineEndsLogicalLine()) {
          this.lineParts.push(text.slice(segmentStart, i + 1));
          segmentStart = i + 1;
          this.endLogicalLine(out);
        }
        continue;
      }
      this.scanChar(c);
    }
    if (segmentStart < n) this.lineParts.push(text.slice(segmentStart));
    return out;
  }

  /** The end of the stream: the last line (even without a newline) and the open unit. */
  end(): StatementText[] {
    const out: StatementText[] = [];
    if (this.lineParts.length > 0) {
      this.lineParts.push("\n");
      this.physicalLine++;
      this.endLogicalLine(out);
    }
    this.flushUnit(out);
    return out;
  }

  /** Whether a logical line is open: brackets, a string or a `\` continuation go on. */
  get insideLogicalLine(): boolean {
    return this.lineParts.length > 0;
  }

  /** Bytes held for the unfinished statement (what the memory bound is about). */
  get bufferedLength(): number {
    let n = 0;
    for (const p of this.unitParts) n += p.length;
    for (const p of this.lineParts) n += p.length;
    return n;
  }

  private scanChar(c: number): void {
    switch (this.where) {
      case LEADING:
        if (c === SPACE || c === FORM_FEED) {
          this.indent++;
          return;
        }
        if (c === TAB) {
          this.indent = (this.indent + 8) & ~7;
          return;
        }
        this.firstChar = c;
        this.where = CODE;
        this.readingWord = isWordChar(c);
        if (this.readingWord) this.firstWord = String.fromCharCode(c);
        this.codeChar(c);
        return;
      case CODE:
        if (this.readingWord) {
          if (isWordChar(c) && this.firstWord.length <= MAX_WORD) {
            this.firstWord += String.fromCharCode(c);
          } else {
            this.readingWord = false;
          }
        }
        this.codeChar(c);
        return;
      case COMMENT:
        return;
      case STRING:
        this.stringChar(c);
        return;
    }
  }

  private codeChar(c: number): void {
    this.continuation = false;
    if (c === QUOTE || c === DQUOTE) {
      this.where = STRING;
      this.quote = c;
      this.triple = false;
      this.escaped = false;
      this.quoteRun = 1;
      return;
    }
    if (c === HASH) {
      // A comment as the line's first token makes a line with no tokens.
      if (this.firstChar === HASH) this.firstChar = -1;
      this.where = COMMENT;
    } else if (c === BACKSLASH) {
      this.continuation = true;
    } else if (c === 40 || c === 91 || c === 123) {
      this.depth++;
    } else if (c === 41 || c === 93 || c === 125) {
      if (this.depth > 0) this.depth--;
    }
  }

  private stringChar(c: number): void {
    if (this.escaped) {
      this.escaped = false;
      this.quoteRun = 0;
      return;
    }
    if (c === BACKSLASH) {
      this.escaped = true;
      this.quoteRun = 0;
      return;
    }
    if (c !== this.quote) {
      // Two quotes then something else: that was an empty string, now closed.
      if (!this.triple && this.quoteRun === 2) {
        this.where = CODE;
        this.codeChar(c);
        return;
      }
      this.quoteRun = 0;
      return;
    }
    this.quoteRun++;
    if (this.triple) {
      if (this.quoteRun === 3) this.where = CODE;
    } else if (this.quoteRun === 3) {
      // The opening was `'''`: a triple-quoted string starts.
      this.triple = true;
      this.quoteRun = 0;
    } else if (this.quoteRun === 1) {
      this.where = CODE; // the closing quote of a one-line string
    }
  }

  /** A newline character arrived: does it end the logical line? */
  private newlineEndsLogicalLine(): boolean {
    switch (this.where) {
      case STRING:
        if (this.triple) {
          this.escaped = false;
          this.quoteRun = 0;
          return false;
        }
        if (this.escaped) {
          this.escaped = false;
          return false;
        }
        if (this.quoteRun === 2) break; // `''` then newline: an empty string
        // An unterminated one-line string: the lexer will report it; the line ends.
        break;
      case COMMENT:
        break;
      case CODE:
        if (this.continuation) {
          this.continuation = false;
          return false;
        }
        break;
      case LEADING:
        break;
    }
    this.where = this.depth > 0 ? CODE : LEADING;
    return this.depth === 0;
  }

  private endLogicalLine(out: StatementText[]): void {
    const text = this.lineParts.length === 1 ? this.lineParts[0] : this.lineParts.join("");
    this.lineParts = [];
    const line = this.lineLine;
    const first = this.firstChar;
    const indent = this.indent;
    const word = this.firstWord;
    this.lineLine = this.physicalLine;
    this.where = LEADING;
    this.indent = 0;
    this.firstChar = -1;
    this.firstWord = "";
    this.readingWord = false;
    this.depth = 0;
    this.continuation = false;

    if (first === -1) {
      // Blank or comment-only: part of an open block, else nobody's.
      if (this.unitOpen) this.unitParts.push(text);
      return;
    }
    if (this.unitOpen) {
      const continues = indent > 0 || this.unitDecoratorsOnly ||
        (CLAUSE_WORDS.has(word) && !this.unitDecoratorsOnly);
      if (continues) {
        this.unitParts.push(text);
        if (indent === 0 && this.unitDecoratorsOnly && first !== AT) {
          this.unitDecoratorsOnly = false;
        }
        return;
      }
      this.flushUnit(out);
    }
    const opensBlock = indent === 0 && (first === AT || COMPOUND_WORDS.has(word));
    if (opensBlock) {
      this.unitParts.push(text);
      this.unitLine = line;
      this.unitOpen = true;
      this.unitDecoratorsOnly = first === AT;
      return;
    }
    out.push({ source: text, line });
  }

  private flushUnit(out: StatementText[]): void {
    if (!this.unitOpen) return;
    out.push({ source: this.unitParts.join(""), line: this.unitLine });
    this.unitParts = [];
    this.unitOpen = false;
    this.unitDecoratorsOnly = false;
  }
}

/** Compiles one statement's text, its lines numbered from `line`. Throws CompileError. */
export function compileStatement(
  statement: StatementText,
  filename: string,
  mode: StreamMode,
  optLevel = 0,
): CodeObject {
  const tokens = new Lexer(statement.source, filename, { line: statement.line }).tokenize();
  const parser = new Parser(tokens, filename);
  const module = mode === "repl" ? parser.parseSingle() : parser.parseModule();
  return compileModule(module, filename, mode === "repl" ? "single" : "exec", { optLevel });
}

function compileUnit(
  statement: StatementText,
  filename: string,
  mode: StreamMode,
  optLevel: number,
): CompiledUnit {
  try {
    const code = compileStatement(statement, filename, mode, optLevel);
    return { kind: "code", code, line: statement.line, source: statement.source };
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return {
      kind: "error",
      error: e,
      line: e.line,
      message: e.message,
      source: statement.source,
    };
  }
}

/**
 * Source chunks in, compiled statements out. In "module" mode the stream ends
 * after the first error unit; in "repl" mode it goes on.
 */
export function compileStream(
  options: StreamCompileOptions = {},
): TransformStream<string, CompiledUnit> {
  const filename = options.filename ?? "<stdin>";
  const mode = options.mode ?? "module";
  const optLevel = options.optLevel ?? 0;
  const splitter = new StatementSplitter();
  let stopped = false;
  const emit = (
    statements: StatementText[],
    controller: TransformStreamDefaultController<CompiledUnit>,
  ) => {
    for (const statement of statements) {
      if (stopped) return;
      const unit = compileUnit(statement, filename, mode, optLevel);
      controller.enqueue(unit);
      if (unit.kind === "error" && mode === "module") {
        stopped = true;
        controller.terminate();
      }
    }
  };
  return new TransformStream<string, CompiledUnit>({
    transform(chunk, controller) {
      if (typeof chunk !== "string") {
        throw new TypeError("compileStream() takes strings; use compileByteStream() for bytes");
      }
      if (!stopped) emit(splitter.push(chunk), controller);
    },
    flush(controller) {
      if (!stopped) emit(splitter.end(), controller);
    },
  });
}

/**
 * The bytes variant: UTF-8 in (a character may be split across chunks),
 * compiled statements out.
 */
export function compileByteStream(
  options: StreamCompileOptions = {},
): TransformStream<Uint8Array, CompiledUnit> {
  const decoder = new TextDecoderStream("utf-8");
  const compiler = compileStream(options);
  decoder.readable.pipeTo(compiler.writable).catch(() => {});
  return { writable: decoder.writable, readable: compiler.readable } as TransformStream<
    Uint8Array,
    CompiledUnit
  >;
}
