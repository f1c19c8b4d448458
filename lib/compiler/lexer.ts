/**
 * The lexer: source text to a token array.
 *
 * Indentation becomes INDENT/DEDENT tokens (a stack of column widths; newlines
 * inside brackets and after a backslash are joined). String literals are decoded
 * here; an f-string becomes one FSTRING token holding its raw body, which the
 * parser splits into literal text and `{expression!conv:spec}` fields (parsing
 * each expression with a nested parser), because the expressions can themselves
 * contain strings and brackets.
 */

import { CompileError, NotImplementedSyntax } from "./syntax_error.ts";

export const enum T {
  NAME,
  NUMBER,
  STRING,
  BYTES,
  FSTRING,
  OP,
  NEWLINE,
  INDENT,
  DEDENT,
  EOF,
}

export type NumberValue =
  | { type: "int"; value: number | bigint }
  | { type: "float"; value: number }
  | { type: "complex"; imag: number };

export interface Token {
  type: T;
  /** NAME: identifier; OP: operator text; STRING: decoded text; FSTRING: raw body. */
  text: string;
  line: number;
  col: number;
  number: NumberValue | null;
  bytes: Uint8Array | null;
  /** FSTRING: whether the literal was raw (r prefix). */
  raw: boolean;
}

const OPERATORS = [
  "**=",
  "//=",
  ">>=",
  "<<=",
  "...",
  "->",
  ":=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "@=",
  "**",
  "//",
  "<<",
  ">>",
  "<=",
  ">=",
  "==",
  "!=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "&",
  "|",
  "^",
  "~",
  "<",
  ">",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ":",
  ".",
  ";",
  "@",
  "=",
];

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}
function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private tokens: Token[] = [];
  private indents: number[] = [0];
  private depth = 0;
  private atLineStart = true;

  constructor(private src: string, private filename: string) {
    // Python reads source in universal-newline mode: \r\n and lone \r are line ends.
    if (src.includes("\r")) this.src = src.replace(/\r\n?/g, "\n");
  }

  error(message: string, line = this.line, col = this.pos - this.lineStart): never {
    throw new CompileError("SyntaxError", message, this.filename, line, col);
  }

  private push(type: T, text: string, line: number, col: number): Token {
    const tok: Token = { type, text, line, col, number: null, bytes: null, raw: false };
    this.tokens.push(tok);
    return tok;
  }

  tokenize(): Token[] {
    const src = this.src;
    const n = src.length;
    while (this.pos < n) {
      if (this.atLineStart && this.depth === 0) {
        if (this.handleIndent()) continue;
      }
      const c = src.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 12) {
        this.pos++;
        continue;
      }
      if (c === 35) { // comment
        while (this.pos < n && src.charCodeAt(this.pos) !== 10) this.pos++;
        continue;
      }
      if (c === 92) { // backslash continuation
        let p = this.pos + 1;
        if (src.charCodeAt(p) === 13) p++;
        if (src.charCodeAt(p) === 10) {
          this.pos = p + 1;
          this.line++;
          this.lineStart = this.pos;
          continue;
        }
        this.error("invalid syntax");
      }
      if (c === 10 || c === 13) {
        if (c === 13 && src.charCodeAt(this.pos + 1) === 10) this.pos++;
        if (this.depth === 0) this.push(T.NEWLINE, "", this.line, this.pos - this.lineStart);
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
        if (this.depth === 0) this.atLineStart = true;
        continue;
      }
      const col = this.pos - this.lineStart;
      if (isIdStart(c)) {
        let end = this.pos + 1;
        while (end < n && isIdChar(src.charCodeAt(end))) end++;
        const word = src.slice(this.pos, end);
        const q = src.charCodeAt(end);
        if ((q === 39 || q === 34) && word.length <= 2 && /^(r|b|f|u|rb|br|fr|rf)$/i.test(word)) {
          this.pos = end;
          this.lexString(word.toLowerCase(), col);
          continue;
        }
        this.pos = end;
        this.push(T.NAME, word, this.line, col);
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(this.pos + 1)))) {
        this.lexNumber(col);
        continue;
      }
      if (c === 39 || c === 34) {
        this.lexString("", col);
        continue;
      }
      let op = "";
      for (const candidate of OPERATORS) {
        if (src.startsWith(candidate, this.pos)) {
          op = candidate;
          break;
        }
      }
      if (op === "") {
        if (c === 33) this.error("invalid syntax");
        this.error("invalid syntax");
      }
      if (op === "(" || op === "[" || op === "{") this.depth++;
      else if ((op === ")" || op === "]" || op === "}") && this.depth > 0) this.depth--;
      this.pos += op.length;
      this.push(T.OP, op, this.line, col);
    }
    if (this.tokens.length > 0 && this.tokens[this.tokens.length - 1].type !== T.NEWLINE) {
      const last = this.tokens[this.tokens.length - 1];
      if (last.type !== T.DEDENT && last.type !== T.INDENT) this.push(T.NEWLINE, "", this.line, 0);
    }
    while (this.indents.length > 1) {
      this.indents.pop();
      this.push(T.DEDENT, "", this.line, 0);
    }
    this.push(T.EOF, "", this.line, 0);
    return this.tokens;
  }

  /** Measures the indentation of a new logical line; returns true if it consumed a blank line. */
  private handleIndent(): boolean {
    const src = this.src;
    let p = this.pos;
    let width = 0;
    for (;;) {
      const c = src.charCodeAt(p);
      if (c === 32) width++;
      else if (c === 9) width = (width & ~7) + 8;
      else if (c === 12) width = 0;
      else break;
      p++;
    }
    const c = src.charCodeAt(p);
    if (p >= src.length || c === 10 || c === 13 || c === 35) {
      // Blank or comment-only lines do not affect indentation.
      this.pos = p;
      while (
        this.pos < src.length && src.charCodeAt(this.pos) !== 10 && src.charCodeAt(this.pos) !== 13
      ) this.pos++;
      if (this.pos < src.length) {
        if (src.charCodeAt(this.pos) === 13 && src.charCodeAt(this.pos + 1) === 10) this.pos++;
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      }
      return true;
    }
    this.pos = p;
    this.atLineStart = false;
    const top = this.indents[this.indents.length - 1];
    if (width > top) {
      if (this.tokens.length === 0 || this.tokens[this.tokens.length - 1].type !== T.NEWLINE) {
        throw new CompileError(
          "IndentationError",
          "unexpected indent",
          this.filename,
          this.line,
          0,
        );
      }
      this.indents.push(width);
      this.push(T.INDENT, "", this.line, 0);
    } else if (width < top) {
      while (width < this.indents[this.indents.length - 1]) {
        this.indents.pop();
        this.push(T.DEDENT, "", this.line, 0);
      }
      if (width !== this.indents[this.indents.length - 1]) {
        throw new CompileError(
          "IndentationError",
          "unindent doesn't match any outer indent level",
          this.filename,
          this.line,
          0,
        );
      }
    }
    return false;
  }

  private lexNumber(col: number): void {
    const src = this.src;
    const start = this.pos;
    let p = this.pos;
    const c1 = src.charCodeAt(p + 1) | 32;
    if (src.charCodeAt(p) === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) {
      const base = c1 === 120 ? 16 : c1 === 111 ? 8 : 2;
      p += 2;
      const digitsStart = p;
      while (p < src.length && /[0-9a-fA-F_]/.test(src[p])) p++;
      const digits = src.slice(digitsStart, p).replaceAll("_", "");
      if (digits.length === 0) this.error("invalid syntax");
      let value = 0n;
      for (const ch of digits) {
        const d = parseInt(ch, 16);
        if (d >= base) this.error("invalid syntax");
        value = value * BigInt(base) + BigInt(d);
      }
      this.pos = p;
      const tok = this.push(T.NUMBER, src.slice(start, p), this.line, col);
      tok.number = { type: "int", value: normInt(value) };
      this.checkAfterNumber();
      return;
    }
    while (p < src.length && (isDigit(src.charCodeAt(p)) || src[p] === "_")) p++;
    let isFloat = false;
    if (src[p] === "." && !(src[p + 1] === "." && src[p + 2] === ".")) {
      isFloat = true;
      p++;
      while (p < src.length && (isDigit(src.charCodeAt(p)) || src[p] === "_")) p++;
    }
    if (src[p] === "e" || src[p] === "E") {
      let q = p + 1;
      if (src[q] === "+" || src[q] === "-") q++;
      if (isDigit(src.charCodeAt(q))) {
        isFloat = true;
        p = q;
        while (p < src.length && (isDigit(src.charCodeAt(p)) || src[p] === "_")) p++;
      }
    }
    const text = src.slice(start, p).replaceAll("_", "");
    let imaginary = false;
    if (src[p] === "j" || src[p] === "J") {
      imaginary = true;
      p++;
    }
    this.pos = p;
    const tok = this.push(T.NUMBER, src.slice(start, p), this.line, col);
    if (imaginary) tok.number = { type: "complex", imag: Number(text) };
    else if (isFloat) tok.number = { type: "float", value: Number(text) };
    else {
      if (text.length > 1 && text[0] === "0" && /[1-9]/.test(text)) this.error("invalid syntax");
      tok.number = { type: "int", value: normInt(BigInt(text)) };
    }
    this.checkAfterNumber();
  }

  private checkAfterNumber(): void {
    if (this.pos < this.src.length && isIdChar(this.src.charCodeAt(this.pos))) {
      this.error("invalid syntax");
    }
  }

  private lexString(prefix: string, col: number): void {
    const src = this.src;
    const quote = src[this.pos];
    const triple = src.startsWith(quote.repeat(3), this.pos);
    const startLine = this.line;
    this.pos += triple ? 3 : 1;
    const isRaw = prefix.includes("r");
    const isBytes = prefix.includes("b");
    const isF = prefix.includes("f");
    const bodyStart = this.pos;
    let braceDepth = 0;
    for (;;) {
      if (this.pos >= src.length) {
        this.error(
          triple ? "unterminated triple-quoted string" : "unterminated string",
          startLine,
          col,
        );
      }
      const c = src[this.pos];
      if (c === "\\") {
        this.pos += 2;
        if (src[this.pos - 1] === "\n") {
          this.line++;
          this.lineStart = this.pos;
        }
        continue;
      }
      if (c === "\n") {
        if (!triple) this.error("unterminated string", startLine, col);
        this.line++;
        this.lineStart = this.pos + 1;
      }
      if (isF) {
        if (c === "{") {
          if (src[this.pos + 1] === "{" && braceDepth === 0) {
            this.pos += 2;
            continue;
          }
          braceDepth++;
        } else if (c === "}" && braceDepth > 0) braceDepth--;
        else if (braceDepth > 0 && (c === "'" || c === '"') && c !== quote) {
          // A string literal inside a replacement field.
          const end = src.indexOf(c, this.pos + 1);
          if (end < 0) this.error("unterminated string", startLine, col);
          this.pos = end + 1;
          continue;
        }
      }
      if (c === quote && (!triple || src.startsWith(quote.repeat(3), this.pos))) break;
      this.pos++;
    }
    const body = src.slice(bodyStart, this.pos);
    this.pos += triple ? 3 : 1;
    if (isF) {
      const tok = this.push(T.FSTRING, body, startLine, col);
      tok.raw = isRaw;
      return;
    }
    if (isBytes) {
      const tok = this.push(T.BYTES, "", startLine, col);
      tok.bytes = decodeBytes(body, isRaw, (m) => this.error(m, startLine, col));
      return;
    }
    this.push(
      T.STRING,
      isRaw
        ? body.replace(/\r\n/g, "\n")
        : decodeEscapes(body, (m) => this.error(m, startLine, col)),
      startLine,
      col,
    );
  }
}

function normInt(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Decodes the backslash escapes of a (non-raw) str literal. */
export function decodeEscapes(body: string, fail: (m: string) => never): string {
  if (!body.includes("\\")) return body.replace(/\r\n/g, "\n");
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      if (c === "\r" && body[i + 1] === "\n") continue;
      out += c;
      continue;
    }
    const e = body[++i];
    switch (e) {
      case "\n":
        break;
      case "\r":
        if (body[i + 1] === "\n") i++;
        break;
      case "\\":
        out += "\\";
        break;
      case "'":
        out += "'";
        break;
      case '"':
        out += '"';
        break;
      case "a":
        out += "\x07";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "v":
        out += "\v";
        break;
      case "x": {
        const hex = body.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail("invalid \\x escape");
        out += String.fromCharCode(parseInt(hex, 16));
        i += 2;
        break;
      }
      case "u":
      case "U": {
        const len = e === "u" ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) fail("invalid \\u escape");
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) fail("invalid \\U escape");
        out += String.fromCodePoint(cp);
        i += len;
        break;
      }
      case "N":
        throw new NotImplementedSyntax("unicode name escapes");
      default:
        if (e >= "0" && e <= "7") {
          let j = i;
          while (j < i + 3 && body[j] >= "0" && body[j] <= "7") j++;
          out += String.fromCharCode(parseInt(body.slice(i, j), 8));
          i = j - 1;
        } else {
          out += "\\" + (e ?? "");
        }
    }
  }
  return out;
}

function decodeBytes(body: string, raw: boolean, fail: (m: string) => never): Uint8Array {
  const text = raw ? body : decodeEscapes(body.replace(/\\[uUN]/g, (m) => "\\" + m), fail);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) fail("bytes can only contain ASCII literal characters");
    out[i] = c;
  }
  return out;
}

export function tokenize(source: string, filename: string): Token[] {
  return new Lexer(source, filename).tokenize();
}
