/**
 * The lexer: source text to an array of tokens, written over char codes.
 *
 * It follows MicroPython's tokenizer where that differs from CPython's:
 * - Indentation is the column of a logical line's first token (tabs advance to
 *   the next multiple of 8, form feed and vertical tab count as one column), so
 *   a line continued with `\` is indented by where its first token lands.
 * - Numbers are scanned greedily over letters, digits, `_` and `.` (`1if` is one
 *   bad literal, as in MicroPython), underscores are simply dropped (`1__0` is 10).
 * - Bytes literals may hold non-ASCII text, stored as UTF-8.
 * - `\N{...}` escapes raise NotImplementedError("unicode name escapes").
 * - Blank or comment lines before the first token produce one NEWLINE token,
 *   which is why `eval("\n1")` is a SyntaxError in MicroPython.
 *
 * Errors do not throw from `tokenize`: they become an ERROR token (followed by
 * EOF) that the parser raises when it reaches it, so a syntax error earlier in
 * the file is still the one reported, as with MicroPython's on-demand lexer.
 *
 * f-strings are scanned here into literal pieces and replacement fields; each
 * field keeps its expression's source text and position, which the parser
 * lexes and parses on its own (the expression may hold strings, brackets and
 * further f-strings).
 */

import { CompileError, type CompileErrorType } from "./syntax_error.ts";
import {
  type FString,
  type FStringField,
  type FStringPiece,
  KEYWORDS,
  Tok,
  Token,
} from "./tokens.ts";

export interface LexerOptions {
  /** Position of the source's first character in the file (for f-string fields). */
  line?: number;
  col?: number;
  /** Start inside brackets: newlines and indentation are ignored (f-string fields). */
  bracketDepth?: number;
}

// String prefix flags.
const RAW = 1;
const BYTES = 2;
const FSTR = 4;

// Char codes used below.
const NL = 10;
const QUOTE = 39;
const DQUOTE = 34;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

function isIdChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 ||
    (c >= 48 && c <= 57) ||
    c >= 128;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function prefixFlag(c: number): number {
  return c === 114 ? RAW : c === 98 ? BYTES : c === 102 ? FSTR : 0;
}

/** The string-prefix flags of `src[start, start+len)` (any case), or -1 if it is not a prefix. */
function prefixFlags(src: string, start: number, len: number): number {
  const a = src.charCodeAt(start) | 32;
  if (len === 1) return a === 117 ? 0 : (prefixFlag(a) || -1);
  const fa = prefixFlag(a);
  const fb = prefixFlag(src.charCodeAt(start + 1) | 32);
  if (fa === 0 || fb === 0 || fa === fb) return -1;
  const flags = fa | fb;
  return flags === (RAW | BYTES) || flags === (RAW | FSTR) ? flags : -1;
}

export class Lexer {
  private readonly src: string;
  private readonly n: number;
  private pos = 0;
  private line: number;
  /** Offset of the current physical line's start, so a token's column is `pos - lineStart`. */
  private lineStart: number;
  /** Open brackets; inside them newlines and indentation mean nothing. */
  depth: number;
  private readonly indents: number[] = [0];
  private readonly tokens: Token[] = [];
  /** Whether the current logical line has produced a token yet. */
  private lineHasTokens = false;
  private sawLeadingNewline = false;
  /** The last thing read was a `\` line continuation (MicroPython rejects one at EOF). */
  endsWithContinuation = false;
  private lastNewlineLine = 1;
  /** Set when the input ended inside a triple-quoted string (the REPL asks for more). */
  unterminatedTriple = false;

  constructor(source: string, readonly filename: string, options: LexerOptions = {}) {
    // Python reads source in universal-newline mode: \r\n and a lone \r end lines.
    this.src = source.indexOf("\r") >= 0 ? source.replace(/\r\n?/g, "\n") : source;
    this.n = this.src.length;
    this.line = options.line ?? 1;
    this.lineStart = -(options.col ?? 0);
    this.depth = options.bracketDepth ?? 0;
  }

  tokenize(): Token[] {
    try {
      this.scanAll();
      this.finish();
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      this.tokens.push(new Token(Tok.ERROR, e.line, e.col, "", e));
      this.tokens.push(new Token(Tok.EOF, e.line, e.col, "", null));
    }
    return this.tokens;
  }

  private fail(
    line: number,
    col: number,
    message = "invalid syntax",
    type: CompileErrorType = "SyntaxError",
  ): never {
    throw new CompileError(type, message, this.filename, line, col);
  }

  private push(kind: Tok, start: number, text: string): Token {
    const tok = new Token(kind, this.line, start - this.lineStart, text, null);
    this.tokens.push(tok);
    return tok;
  }

  /** A token that is pushed only once its literal has been read without error. */
  private pending(kind: Tok, start: number): Token {
    return new Token(kind, this.line, start - this.lineStart, "", null);
  }

  private scanAll(): void {
    const src = this.src;
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.n) return;
      if (!this.lineHasTokens && this.depth === 0) this.indentation();
      this.lineHasTokens = true;
      this.endsWithContinuation = false;
      const c = src.charCodeAt(this.pos);
      if (isIdStart(c)) this.nameOrString();
      else if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(this.pos + 1)))) this.number();
      else if (c === QUOTE || c === DQUOTE) this.string(0, this.pos);
      else this.operator(c);
    }
  }

  /** Skips blanks, comments, continuations and newlines, emitting NEWLINE at a logical line's end. */
  private skipSpace(): void {
    const src = this.src;
    const n = this.n;
    while (this.pos < n) {
      const c = src.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 12 || c === 11) {
        this.pos++;
      } else if (c === 35) { // '#': comment to end of line
        const end = src.indexOf("\n", this.pos);
        this.pos = end < 0 ? n : end;
      } else if (c === NL) {
        if (this.depth === 0) {
          if (this.lineHasTokens) {
            this.push(Tok.NEWLINE, this.pos, "");
            this.lineHasTokens = false;
            this.lastNewlineLine = this.line;
          } else if (this.tokens.length === 0 && !this.sawLeadingNewline) {
            this.sawLeadingNewline = true;
            this.push(Tok.NEWLINE, this.pos, "");
          }
        }
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
        this.endsWithContinuation = false;
      } else if (c === BACKSLASH && src.charCodeAt(this.pos + 1) === NL) {
        this.pos += 2;
        this.line++;
        this.lineStart = this.pos;
        this.endsWithContinuation = true;
      } else {
        return;
      }
    }
  }

  /** At a logical line's first token: compares its column with the indent stack. */
  private indentation(): void {
    const src = this.src;
    let width = 0;
    for (let p = this.lineStart; p < this.pos; p++) {
      width = src.charCodeAt(p) === 9 ? (width + 8) & ~7 : width + 1;
    }
    const indents = this.indents;
    if (width > indents[indents.length - 1]) {
      indents.push(width);
      this.push(Tok.INDENT, this.pos, "");
      return;
    }
    while (width < indents[indents.length - 1]) {
      indents.pop();
      this.push(Tok.DEDENT, this.pos, "");
    }
    if (width !== indents[indents.length - 1]) {
      // MicroPython reports this at the end of the previous logical line.
      this.fail(
        this.lastNewlineLine,
        0,
        "unindent doesn't match any outer indent level",
        "IndentationError",
      );
    }
  }

  /**
   * At the end MicroPython's lexer behaves as if the source ended with a newline:
   * the last line gets its NEWLINE, and so does input with no tokens at all (so
   * `compile("", "", "single")` is an empty statement), but not input ending in a
   * line continuation.
   */
  private finish(): void {
    if (
      this.depth === 0 && !this.endsWithContinuation &&
      (this.lineHasTokens || (this.tokens.length === 0 && !this.sawLeadingNewline))
    ) {
      this.push(Tok.NEWLINE, this.pos, "");
    }
    if (this.depth === 0) {
      for (let i = this.indents.length - 1; i > 0; i--) {
        this.push(Tok.DEDENT, this.pos, "");
      }
    }
    this.push(Tok.EOF, this.pos, "");
  }

  // ---- names and keywords -------------------------------------------------

  private nameOrString(): void {
    const src = this.src;
    const start = this.pos;
    let p = start + 1;
    while (p < this.n && isIdChar(src.charCodeAt(p))) p++;
    this.pos = p;
    const len = p - start;
    if (len <= 2) {
      const q = src.charCodeAt(p);
      if (q === QUOTE || q === DQUOTE) {
        const flags = prefixFlags(src, start, len);
        if (flags >= 0) {
          this.string(flags, start);
          return;
        }
      }
    }
    const word = src.slice(start, p);
    this.push(KEYWORDS.get(word) ?? Tok.NAME, start, word);
  }

  // ---- numbers ------------------------------------------------------------

  /**
   * MicroPython's number scan: the first char, then letters, digits, `.`, `_`
   * (dropped) and `e±`; a `.`, `j` or exponent makes it a float (not after a
   * 0x/0o/0b prefix, where `e` is a hex digit).
   */
  private number(): void {
    const src = this.src;
    const start = this.pos;
    const first = src.charCodeAt(start);
    const second = src.charCodeAt(start + 1) | 32;
    const prefixed = first === 48 &&
      (second === 120 || second === 111 || second === 98);
    let isFloat = first === 46;
    let hasUnderscore = false;
    let p = start + 1;
    for (; p < this.n; p++) {
      const c = src.charCodeAt(p);
      if (!prefixed && (c === 101 || c === 69)) {
        isFloat = true;
        const s = src.charCodeAt(p + 1);
        if (s === 43 || s === 45) p++;
      } else if (isAsciiLetter(c) || isDigit(c) || c === 46) {
        if (c === 46 || c === 106 || c === 74) isFloat = true;
      } else if (c === 95) {
        hasUnderscore = true;
      } else break;
    }
    const tok = this.pending(Tok.NUMBER, start);
    this.pos = p;
    tok.text = src.slice(start, p);
    const text = hasUnderscore ? tok.text.replaceAll("_", "") : tok.text;
    tok.value = isFloat ? this.floatValue(text, tok) : this.intValue(text, tok);
    this.tokens.push(tok);
  }

  private intValue(text: string, tok: Token): { type: "int"; value: number | bigint } {
    let base = 10;
    let digits = text;
    if (text.length > 1 && text.charCodeAt(0) === 48) {
      const b = text.charCodeAt(1) | 32;
      base = b === 120 ? 16 : b === 111 ? 8 : b === 98 ? 2 : 0;
      if (base !== 0) digits = text.slice(2);
    }
    let ok = digits.length > 0;
    for (let i = 0; ok && i < digits.length; i++) {
      const d = hexValue(digits.charCodeAt(i));
      // Base 0 is a decimal literal with a leading zero: only all-zero is allowed.
      ok = d >= 0 && (base === 0 ? d === 0 : d < base);
    }
    if (!ok) {
      this.fail(tok.line, tok.col, `invalid syntax for integer with base ${base}: '${digits}'`);
    }
    if (base === 0) return { type: "int", value: 0 };
    if (base === 10 && digits.length <= 15) {
      return { type: "int", value: +digits };
    }
    // Up to 52 bits, parseInt is exact.
    const bitsPerDigit = base === 16 ? 4 : base === 8 ? 3 : base === 2 ? 1 : 4;
    if (base !== 10 && digits.length * bitsPerDigit <= 52) {
      return { type: "int", value: parseInt(digits, base) };
    }
    const big = BigInt(base === 10 ? digits : text.slice(0, 2) + digits);
    return {
      type: "int",
      value: big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big,
    };
  }

  /** digits [. digits] [e [+-] digits] [j], with at least one mantissa digit. */
  private floatValue(
    text: string,
    tok: Token,
  ): { type: "float"; value: number } | { type: "complex"; imag: number } {
    let i = 0;
    const n = text.length;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    let mantissaDigits = i;
    if (i < n && text.charCodeAt(i) === 46) {
      i++;
      const fractionStart = i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      mantissaDigits += i - fractionStart;
    }
    let ok = mantissaDigits > 0;
    if (ok && i < n && (text.charCodeAt(i) | 32) === 101) {
      i++;
      const s = text.charCodeAt(i);
      if (s === 43 || s === 45) i++;
      const expStart = i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      ok = i > expStart;
    }
    let imaginary = false;
    if (ok && i < n && (text.charCodeAt(i) | 32) === 106) {
      imaginary = true;
      i++;
    }
    if (!ok || i !== n) {
      this.fail(tok.line, tok.col, "invalid syntax for number");
    }
    const value = Number(imaginary ? text.slice(0, n - 1) : text);
    return imaginary ? { type: "complex", imag: value } : { type: "float", value };
  }

  // ---- operators ----------------------------------------------------------

  private operator(c: number): void {
    const src = this.src;
    const c1 = src.charCodeAt(this.pos + 1);
    const c2 = src.charCodeAt(this.pos + 2);
    switch (c) {
      case 40: // (
        this.depth++;
        return this.op(Tok.LPAR, 1);
      case 41: // )
        if (this.depth > 0) this.depth--;
        return this.op(Tok.RPAR, 1);
      case 91: // [
        this.depth++;
        return this.op(Tok.LSQB, 1);
      case 93: // ]
        if (this.depth > 0) this.depth--;
        return this.op(Tok.RSQB, 1);
      case LBRACE:
        this.depth++;
        return this.op(Tok.LBRACE, 1);
      case RBRACE:
        if (this.depth > 0) this.depth--;
        return this.op(Tok.RBRACE, 1);
      case 44:
        return this.op(Tok.COMMA, 1);
      case 59:
        return this.op(Tok.SEMI, 1);
      case 126:
        return this.op(Tok.TILDE, 1);
      case 58: // :  :=
        return c1 === 61 ? this.op(Tok.WALRUS, 2) : this.op(Tok.COLON, 1);
      case 46: // .  ...
        return c1 === 46 && c2 === 46 ? this.op(Tok.ELLIPSIS, 3) : this.op(Tok.DOT, 1);
      case 43: // +  +=
        return c1 === 61 ? this.op(Tok.PLUSEQUAL, 2) : this.op(Tok.PLUS, 1);
      case 45: // -  -=  ->
        if (c1 === 62) return this.op(Tok.ARROW, 2);
        return c1 === 61 ? this.op(Tok.MINEQUAL, 2) : this.op(Tok.MINUS, 1);
      case 42: // *  *=  **  **=
        if (c1 === 42) {
          return c2 === 61 ? this.op(Tok.DOUBLESTAREQUAL, 3) : this.op(Tok.DOUBLESTAR, 2);
        }
        return c1 === 61 ? this.op(Tok.STAREQUAL, 2) : this.op(Tok.STAR, 1);
      case 47: // /  /=  //  //=
        if (c1 === 47) {
          return c2 === 61 ? this.op(Tok.DOUBLESLASHEQUAL, 3) : this.op(Tok.DOUBLESLASH, 2);
        }
        return c1 === 61 ? this.op(Tok.SLASHEQUAL, 2) : this.op(Tok.SLASH, 1);
      case 37: // %  %=
        return c1 === 61 ? this.op(Tok.PERCENTEQUAL, 2) : this.op(Tok.PERCENT, 1);
      case 64: // @  @=
        return c1 === 61 ? this.op(Tok.ATEQUAL, 2) : this.op(Tok.AT, 1);
      case 38: // &  &=
        return c1 === 61 ? this.op(Tok.AMPEREQUAL, 2) : this.op(Tok.AMPER, 1);
      case 124: // |  |=
        return c1 === 61 ? this.op(Tok.VBAREQUAL, 2) : this.op(Tok.VBAR, 1);
      case 94: // ^  ^=
        return c1 === 61 ? this.op(Tok.CIRCUMFLEXEQUAL, 2) : this.op(Tok.CIRCUMFLEX, 1);
      case 60: // <  <=  <<  <<=
        if (c1 === 60) return c2 === 61 ? this.op(Tok.LSHIFTEQUAL, 3) : this.op(Tok.LSHIFT, 2);
        return c1 === 61 ? this.op(Tok.LESSEQUAL, 2) : this.op(Tok.LESS, 1);
      case 62: // >  >=  >>  >>=
        if (c1 === 62) return c2 === 61 ? this.op(Tok.RSHIFTEQUAL, 3) : this.op(Tok.RSHIFT, 2);
        return c1 === 61 ? this.op(Tok.GREATEREQUAL, 2) : this.op(Tok.GREATER, 1);
      case 61: // =  ==
        return c1 === 61 ? this.op(Tok.EQEQUAL, 2) : this.op(Tok.EQUAL, 1);
      case 33: // !=
        if (c1 === 61) return this.op(Tok.NOTEQUAL, 2);
    }
    // `!`, `$`, `?`, a backquote, a stray backslash, a control character...
    this.fail(this.line, this.pos - this.lineStart);
  }

  private op(kind: Tok, len: number): void {
    this.push(kind, this.pos, "");
    this.pos += len;
  }

  // ---- strings ------------------------------------------------------------

  /** A string literal whose prefix starts at `start`; `this.pos` is at the opening quote. */
  private string(flags: number, start: number): void {
    const src = this.src;
    const quote = src.charCodeAt(this.pos);
    const triple = src.charCodeAt(this.pos + 1) === quote &&
      src.charCodeAt(this.pos + 2) === quote;
    const tok = this.pending(
      flags & FSTR ? Tok.FSTRING : flags & BYTES ? Tok.BYTES : Tok.STRING,
      start,
    );
    this.pos += triple ? 3 : 1;
    if (flags & FSTR) {
      const fs: FString = {
        pieces: [],
        format: "",
        fields: [],
        needsFormatCall: false,
      };
      this.fstringPieces(fs, fs.pieces, quote, triple, (flags & RAW) !== 0, 0, tok);
      tok.value = fs;
    } else if (flags & BYTES) {
      tok.value = this.bytesBody(quote, triple, (flags & RAW) !== 0, tok);
    } else {
      tok.text = this.strBody(quote, triple, (flags & RAW) !== 0, tok);
    }
    this.pos += triple ? 3 : 1;
    this.tokens.push(tok);
  }

  /**
   * Whether `this.pos` is at the closing quote; fails on a newline in a
   * single-quoted string or at the end of input. Keeps the line count on newlines.
   */
  private atClose(quote: number, triple: boolean, tok: Token): boolean {
    if (this.pos >= this.n) {
      if (triple) this.unterminatedTriple = true;
      this.fail(tok.line, tok.col);
    }
    const c = this.src.charCodeAt(this.pos);
    if (c === quote) {
      return !triple ||
        (this.src.charCodeAt(this.pos + 1) === quote &&
          this.src.charCodeAt(this.pos + 2) === quote);
    }
    if (c === NL) {
      if (!triple) this.fail(tok.line, tok.col);
      this.line++;
      this.lineStart = this.pos + 1;
    }
    return false;
  }

  private strBody(quote: number, triple: boolean, raw: boolean, tok: Token): string {
    const src = this.src;
    let out = "";
    let chunk = this.pos;
    while (!this.atClose(quote, triple, tok)) {
      if (src.charCodeAt(this.pos) !== BACKSLASH) {
        this.pos++;
        continue;
      }
      if (raw) {
        this.rawEscape(tok);
        continue;
      }
      out += src.slice(chunk, this.pos);
      this.pos++;
      out += this.escape(tok, false);
      chunk = this.pos;
    }
    return out + src.slice(chunk, this.pos);
  }

  /** In a raw literal a backslash still keeps the next char (a quote, a newline) in the string. */
  private rawEscape(tok: Token): void {
    this.pos++;
    if (this.pos >= this.n) this.fail(tok.line, tok.col);
    if (this.src.charCodeAt(this.pos) === NL) {
      this.line++;
      this.lineStart = this.pos + 1;
    }
    this.pos++;
  }

  /**
   * Decodes the escape after a backslash (`this.pos` is just past it). For bytes,
   * \u and \U are not escapes and values must fit a byte (chars 0-255 stand for bytes).
   */
  private escape(tok: Token, bytes: boolean): string {
    const src = this.src;
    if (this.pos >= this.n) this.fail(tok.line, tok.col);
    const e = src.charCodeAt(this.pos++);
    switch (e) {
      case NL:
        this.line++;
        this.lineStart = this.pos;
        return "";
      case BACKSLASH:
        return "\\";
      case QUOTE:
        return "'";
      case DQUOTE:
        return '"';
      case 97:
        return "\x07";
      case 98:
        return "\b";
      case 102:
        return "\f";
      case 110:
        return "\n";
      case 114:
        return "\r";
      case 116:
        return "\t";
      case 118:
        return "\v";
      case 120: // \xHH
        return String.fromCharCode(this.hexDigits(2, tok));
      case 117: // \uHHHH
      case 85: { // \UHHHHHHHH
        if (bytes) break;
        const cp = this.hexDigits(e === 117 ? 4 : 8, tok);
        if (cp > 0x10ffff) this.fail(tok.line, tok.col);
        return String.fromCodePoint(cp);
      }
      case 78: // \N{name}
        this.fail(tok.line, tok.col, "unicode name escapes", "NotImplementedError");
        break;
      default:
        if (e >= 48 && e <= 55) {
          let value = e - 48;
          for (let k = 0; k < 2; k++) {
            const d = src.charCodeAt(this.pos);
            if (d < 48 || d > 55) break;
            value = value * 8 + d - 48;
            this.pos++;
          }
          if (bytes && value > 255) this.fail(tok.line, tok.col);
          return String.fromCharCode(value);
        }
    }
    // Not an escape: the backslash stays and the char is read again as text.
    this.pos--;
    return "\\";
  }

  private hexDigits(count: number, tok: Token): number {
    let value = 0;
    for (let k = 0; k < count; k++) {
      const d = hexValue(this.src.charCodeAt(this.pos + k));
      if (d < 0) this.fail(tok.line, tok.col);
      value = value * 16 + d;
    }
    this.pos += count;
    return value;
  }

  private bytesBody(quote: number, triple: boolean, raw: boolean, tok: Token): Uint8Array {
    const src = this.src;
    const out: number[] = [];
    while (!this.atClose(quote, triple, tok)) {
      const c = src.charCodeAt(this.pos);
      if (c === BACKSLASH) {
        if (raw) {
          const from = this.pos;
          this.rawEscape(tok);
          for (let p = from; p < this.pos; p++) out.push(src.charCodeAt(p));
          continue;
        }
        this.pos++;
        const decoded = this.escape(tok, true);
        for (let k = 0; k < decoded.length; k++) {
          out.push(decoded.charCodeAt(k));
        }
        continue;
      }
      this.pos++;
      if (c < 0x80) out.push(c);
      else this.pushUtf8(out, c);
    }
    return new Uint8Array(out);
  }

  /** Non-ASCII text in a bytes literal is stored as UTF-8 (MicroPython keeps the source bytes). */
  private pushUtf8(out: number[], c: number): void {
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = this.src.charCodeAt(this.pos);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        this.pos++;
      }
    }
    if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) {
      out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    } else {
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
    }
  }

  // ---- f-strings ----------------------------------------------------------

  /**
   * Reads f-string text up to the closing quote (specLevel 0) or up to the `}`
   * that closes a format spec (specLevel > 0, the `}` is consumed), filling
   * `out` with literal pieces and fields, and `fs.format` with MicroPython's
   * equivalent format string.
   */
  private fstringPieces(
    fs: FString,
    out: FStringPiece[],
    quote: number,
    triple: boolean,
    raw: boolean,
    specLevel: number,
    tok: Token,
  ): void {
    const src = this.src;
    let literal = "";
    let chunk = this.pos;
    for (;;) {
      if (this.atClose(quote, triple, tok)) {
        // f"{x:" : MicroPython's str.format then fails with "unmatched '{' in format".
        if (specLevel > 0) fs.needsFormatCall = true;
        break;
      }
      const c = src.charCodeAt(this.pos);
      if (c !== BACKSLASH && c !== LBRACE && c !== RBRACE) {
        this.pos++;
        continue;
      }
      const text = src.slice(chunk, this.pos);
      literal += text;
      fs.format += text;
      if (c === BACKSLASH) {
        let decoded: string;
        if (raw) {
          const from = this.pos;
          this.rawEscape(tok);
          decoded = src.slice(from, this.pos);
        } else {
          this.pos++;
          decoded = this.escape(tok, false);
          // f"\{x}": not an escape, and MicroPython then takes the brace as plain text.
          const next = src.charCodeAt(this.pos);
          if (decoded === "\\" && (next === LBRACE || next === RBRACE)) {
            decoded += src[this.pos++];
          }
        }
        // An escaped brace reaches MicroPython's format string unescaped.
        if (decoded.indexOf("{") >= 0 || decoded.indexOf("}") >= 0) {
          fs.needsFormatCall = true;
        }
        literal += decoded;
        fs.format += decoded;
      } else if (c === RBRACE) {
        this.pos++;
        if (specLevel > 0) {
          fs.format += "}";
          chunk = this.pos;
          break;
        }
        if (src.charCodeAt(this.pos) === RBRACE) {
          this.pos++;
          fs.format += "}}";
        } else {
          // A lone `}`: str.format raises "single '}' encountered in format string".
          fs.needsFormatCall = true;
          fs.format += "}";
        }
        literal += "}";
      } else if (src.charCodeAt(this.pos + 1) === LBRACE) {
        this.pos += 2;
        if (specLevel > 0) fs.needsFormatCall = true;
        literal += "{";
        fs.format += "{{";
      } else {
        const field = this.fstringField(fs, quote, triple, raw, specLevel, tok);
        if (field.selfDoc !== null) literal += field.selfDoc;
        if (literal !== "") out.push(literal);
        literal = "";
        out.push(field);
      }
      chunk = this.pos;
    }
    const text = src.slice(chunk, this.pos);
    literal += text;
    fs.format += text;
    if (literal !== "") out.push(literal);
  }

  /**
   * One `{expression[=][!c][:spec]}` (`this.pos` at the `{`). As in MicroPython
   * the expression ends at a top-level `}` or `:`, or at `!r`, `!s` (and `!a`)
   * followed by `:` or `}`; unlike MicroPython, brackets of every kind and
   * string literals inside the expression are skipped whole, so `f"{d['a:b']}"`
   * and `f"{(lambda: 1)()}"` work.
   */
  private fstringField(
    fs: FString,
    quote: number,
    triple: boolean,
    raw: boolean,
    specLevel: number,
    tok: Token,
  ): FStringField {
    const src = this.src;
    this.pos++;
    const exprStart = this.pos;
    const field: FStringField = {
      source: "",
      line: this.line,
      col: this.pos - this.lineStart,
      selfDoc: null,
      conversion: -1,
      spec: null,
    };
    let level = 0;
    // MicroPython compiles a field as "(" + text + ")": a comment still open at
    // the field's end swallows that ")", so `f"{x#}"` is a SyntaxError.
    let openComment = false;
    for (;;) {
      if (this.pos >= this.n) this.fail(tok.line, tok.col);
      const c = src.charCodeAt(this.pos);
      if (c === 35) openComment = true;
      if (level === 0) {
        if (c === RBRACE || c === 58) break;
        if (c === 33) {
          const conv = src.charCodeAt(this.pos + 1);
          const after = src.charCodeAt(this.pos + 2);
          if ((conv === 114 || conv === 115 || conv === 97) && (after === 58 || after === RBRACE)) {
            break;
          }
        }
      }
      if (c === 40 || c === 91 || c === LBRACE) level++;
      else if (c === 41 || c === 93 || c === RBRACE) {
        if (level > 0) level--;
      } else if (c === QUOTE || c === DQUOTE) {
        this.skipNestedString(c);
        continue;
      } else if (c === NL) {
        this.line++;
        this.lineStart = this.pos + 1;
        openComment = false;
      }
      this.pos++;
    }
    if (openComment) this.fail(tok.line, tok.col);
    let source = src.slice(exprStart, this.pos);
    // f"{x=}": MicroPython prints the text (with its spaces) and then str(x).
    if (source.charCodeAt(source.length - 1) === 61) {
      field.selfDoc = source;
      source = source.slice(0, -1);
      if (field.selfDoc.indexOf("{") >= 0 || field.selfDoc.indexOf("}") >= 0) {
        fs.needsFormatCall = true;
      }
      fs.format += field.selfDoc;
    }
    field.source = source;
    fs.format += "{";
    fs.fields.push(field);
    if (src.charCodeAt(this.pos) === 33) {
      field.conversion = src.charCodeAt(this.pos + 1);
      fs.format += src.slice(this.pos, this.pos + 2);
      this.pos += 2;
    }
    if (src.charCodeAt(this.pos) === 58) {
      this.pos++;
      fs.format += ":";
      // MicroPython's str.format cannot nest fields two deep: f"{1:{2:{3}}}".
      if (specLevel > 0) fs.needsFormatCall = true;
      field.spec = [];
      this.fstringPieces(fs, field.spec, quote, triple, raw, specLevel + 1, tok);
    } else {
      this.pos++;
      fs.format += "}";
    }
    return field;
  }

  /** Skips a string literal inside an f-string expression (`this.pos` at its quote). */
  private skipNestedString(quote: number): void {
    const src = this.src;
    const triple = src.charCodeAt(this.pos + 1) === quote &&
      src.charCodeAt(this.pos + 2) === quote;
    this.pos += triple ? 3 : 1;
    while (this.pos < this.n) {
      const c = src.charCodeAt(this.pos);
      if (c === BACKSLASH) {
        this.pos++;
        if (src.charCodeAt(this.pos) === NL) {
          this.line++;
          this.lineStart = this.pos + 1;
        }
      } else if (c === quote) {
        if (!triple) {
          this.pos++;
          return;
        }
        if (src.charCodeAt(this.pos + 1) === quote && src.charCodeAt(this.pos + 2) === quote) {
          this.pos += 3;
          return;
        }
      } else if (c === NL) {
        this.line++;
        this.lineStart = this.pos + 1;
      }
      this.pos++;
    }
  }
}

/** Tokenizes a whole module. */
export function tokenize(source: string, filename = "<stdin>"): Token[] {
  return new Lexer(source, filename).tokenize();
}
