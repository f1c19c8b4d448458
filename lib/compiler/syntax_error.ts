/**
 * The compiler's error type, thrown by the lexer, the parser and the compiler.
 * The VM turns it into the Python exception named by `type`, with a traceback
 * line for `filename`/`line`.
 *
 * `type` is nearly always SyntaxError or IndentationError. MicroPython also
 * raises two other exceptions while compiling, and so do we: NotImplementedError
 * for `\N{...}` escapes ("unicode name escapes") and RuntimeError ("maximum
 * recursion depth exceeded") for source nested too deeply to compile.
 */

export type CompileErrorType =
  | "SyntaxError"
  | "IndentationError"
  | "NotImplementedError"
  | "RuntimeError";

/** A program the compiler refuses, as the Python exception (`type`) MicroPython raises for it. */
export class CompileError extends Error {
  /** `message` is the exception's; `line` and `col` locate it in `filename` (1-based line). */
  constructor(
    public type: CompileErrorType,
    message: string,
    public filename: string,
    public line: number,
    public col: number,
  ) {
    super(message);
    this.name = type;
  }
}
