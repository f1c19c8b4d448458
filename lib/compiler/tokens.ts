/**
 * Token kinds and the Token record shared by the lexer and the parser.
 *
 * Every operator and keyword has its own kind, so the parser dispatches with a
 * `switch` on a small integer instead of comparing strings. `Tok[kind]` gives the
 * kind's name (a numeric enum keeps its reverse mapping), which the tests use to
 * print token streams.
 */

import type { ConstantValue } from "./ast.ts";
import type { CompileError } from "./syntax_error.ts";

export enum Tok {
  // ---- structure
  EOF,
  NEWLINE,
  INDENT,
  DEDENT,
  /** A lexer error, reported when the parser reaches it (so errors come out in source order). */
  ERROR,

  // ---- values
  NAME,
  NUMBER,
  STRING,
  BYTES,
  FSTRING,

  // ---- keywords
  FALSE,
  NONE,
  TRUE,
  AND,
  AS,
  ASSERT,
  ASYNC,
  AWAIT,
  BREAK,
  CLASS,
  CONTINUE,
  DEF,
  DEL,
  ELIF,
  ELSE,
  EXCEPT,
  FINALLY,
  FOR,
  FROM,
  GLOBAL,
  IF,
  IMPORT,
  IN,
  IS,
  LAMBDA,
  NONLOCAL,
  NOT,
  OR,
  PASS,
  RAISE,
  RETURN,
  TRY,
  WHILE,
  WITH,
  YIELD,

  // ---- brackets and punctuation
  LPAR,
  RPAR,
  LSQB,
  RSQB,
  LBRACE,
  RBRACE,
  COMMA,
  COLON,
  SEMI,
  DOT,
  ELLIPSIS,
  ARROW,
  AT,
  EQUAL,
  WALRUS,

  // ---- operators (binary ones in the order of A.BinOperator's use below)
  PLUS,
  MINUS,
  STAR,
  SLASH,
  DOUBLESLASH,
  PERCENT,
  DOUBLESTAR,
  LSHIFT,
  RSHIFT,
  AMPER,
  VBAR,
  CIRCUMFLEX,
  TILDE,

  // ---- comparisons
  LESS,
  GREATER,
  EQEQUAL,
  NOTEQUAL,
  LESSEQUAL,
  GREATEREQUAL,

  // ---- augmented assignment
  PLUSEQUAL,
  MINEQUAL,
  STAREQUAL,
  SLASHEQUAL,
  DOUBLESLASHEQUAL,
  PERCENTEQUAL,
  DOUBLESTAREQUAL,
  LSHIFTEQUAL,
  RSHIFTEQUAL,
  AMPEREQUAL,
  VBAREQUAL,
  CIRCUMFLEXEQUAL,
  ATEQUAL,
}

export const KEYWORDS: ReadonlyMap<string, Tok> = new Map([
  ["False", Tok.FALSE],
  ["None", Tok.NONE],
  ["True", Tok.TRUE],
  ["and", Tok.AND],
  ["as", Tok.AS],
  ["assert", Tok.ASSERT],
  ["async", Tok.ASYNC],
  ["await", Tok.AWAIT],
  ["break", Tok.BREAK],
  ["class", Tok.CLASS],
  ["continue", Tok.CONTINUE],
  ["def", Tok.DEF],
  ["del", Tok.DEL],
  ["elif", Tok.ELIF],
  ["else", Tok.ELSE],
  ["except", Tok.EXCEPT],
  ["finally", Tok.FINALLY],
  ["for", Tok.FOR],
  ["from", Tok.FROM],
  ["global", Tok.GLOBAL],
  ["if", Tok.IF],
  ["import", Tok.IMPORT],
  ["in", Tok.IN],
  ["is", Tok.IS],
  ["lambda", Tok.LAMBDA],
  ["nonlocal", Tok.NONLOCAL],
  ["not", Tok.NOT],
  ["or", Tok.OR],
  ["pass", Tok.PASS],
  ["raise", Tok.RAISE],
  ["return", Tok.RETURN],
  ["try", Tok.TRY],
  ["while", Tok.WHILE],
  ["with", Tok.WITH],
  ["yield", Tok.YIELD],
]);

/** One replacement field `{expr!c:spec}` of an f-string, as the lexer found it. */
export interface FStringField {
  /** The expression's source text, without a trailing self-documenting `=`. */
  source: string;
  /** Where `source` starts in the file (1-based line, 0-based column). */
  line: number;
  col: number;
  /** For `{expr=}`: the text to print before the value (`expr=` exactly as written). */
  selfDoc: string | null;
  /** -1, or the char code of the conversion (s, r, a). */
  conversion: number;
  /** The format spec after `:`, or null when there is no `:`. */
  spec: FStringPiece[] | null;
}

/** Literal text (already unescaped) or a replacement field. */
export type FStringPiece = string | FStringField;

/**
 * An f-string literal. `pieces` is what the parser turns into a JoinedStr.
 * MicroPython compiles an f-string into `"<format>".format(<fields>)`; `format` is
 * that format string, kept because a few inputs only behave like MicroPython if
 * compiled that way (`needsFormatCall`): a lone `}` (a ValueError at run time),
 * braces produced by escapes, specs nested two deep, an unterminated spec.
 */
export interface FString {
  pieces: FStringPiece[];
  format: string;
  /** Every field in the order MicroPython passes them to `format` (outer before spec fields). */
  fields: FStringField[];
  needsFormatCall: boolean;
}

/**
 * A token. `text` is the identifier for NAME, the decoded value for STRING and
 * the source text for NUMBER; `value` carries the NUMBER's value, the BYTES
 * data, the FSTRING's parts or the ERROR's exception (thrown when the parser reaches it). One class, so every token
 * has the same shape.
 */
export class Token {
  constructor(
    public kind: Tok,
    public line: number,
    public col: number,
    public text: string,
    public value: ConstantValue | Uint8Array | FString | CompileError | null,
  ) {}
}
