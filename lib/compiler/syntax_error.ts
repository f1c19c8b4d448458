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

/** Source that is valid Python but uses a feature MicroPython does not implement. */
export class NotImplementedSyntax extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotImplementedSyntax";
  }
}
