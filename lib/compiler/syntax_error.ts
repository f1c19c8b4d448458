/**
 * The compiler's error type. The VM turns it into a Python SyntaxError or
 * IndentationError whose traceback names the file and line.
 */

export class CompileError extends Error {
  constructor(
    public type: "SyntaxError" | "IndentationError",
    message: string,
    public filename: string,
    public line: number,
    public col: number,
  ) {
    super(message);
    this.name = type;
  }
}
