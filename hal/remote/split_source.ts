/**
 * Cuts a Python program into groups of whole top-level statements, each group at most
 * `maxBytes` long (a single statement longer than that stays whole). Plain raw mode holds the
 * entire program text in the board's RAM before compiling it, so a board without raw-paste and
 * with little RAM (16 KB on a micro:bit) can only run a long script as consecutive pieces that
 * share the same globals.
 *
 * A top-level statement starts at column 0 on a line that is not inside brackets, a string
 * (triple-quoted ones span lines) or a backslash continuation, and that does not continue the
 * previous statement: `else:`, `elif`, `except`, `finally:` belong to the compound statement
 * above them, and a decorator line belongs to the `def`/`class` below it.
 *
 *     @micropython.native        <- one statement with the def below
 *     def f():
 *         return """
 *     not a statement start"""   <- inside a string
 *     if x: pass
 *     else: pass                 <- continues the if
 */

const CONTINUATION_KEYWORDS = /^(else|elif|except|finally)\b/;

/** Byte offsets (UTF-16 indices) where top-level statements start. */
export function topLevelStarts(source: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  let quote = ""; // "", or the closing delimiter: ' " ''' """
  let continued = false; // previous physical line ended with a backslash
  let afterDecorator = false;
  let index = 0;
  while (index < source.length) {
    // At the start of a physical line.
    const lineStart = index;
    if (quote === "" && depth === 0 && !continued) {
      const first = source[index];
      const isCode = first !== undefined && first !== " " && first !== "\t" && first !== "\n" &&
        first !== "\r" && first !== "#";
      if (isCode) {
        const rest = source.slice(index, index + 16);
        if (!afterDecorator && !CONTINUATION_KEYWORDS.test(rest)) starts.push(lineStart);
        afterDecorator = first === "@";
      }
    }
    continued = false;
    // Scan the rest of the physical line, tracking strings, brackets and comments.
    while (index < source.length && source[index] !== "\n") {
      const char = source[index];
      if (quote !== "") {
        if (char === "\\") {
          index += 2;
          continue;
        }
        if (source.startsWith(quote, index)) {
          index += quote.length;
          quote = "";
          continue;
        }
        index++;
        continue;
      }
      if (char === "#") {
        while (index < source.length && source[index] !== "\n") index++;
        break;
      }
      if (char === "'" || char === '"') {
        const triple = char.repeat(3);
        quote = source.startsWith(triple, index) ? triple : char;
        index += quote.length;
        continue;
      }
      if (char === "(" || char === "[" || char === "{") depth++;
      else if (char === ")" || char === "]" || char === "}") depth = Math.max(0, depth - 1);
      else if (
        char === "\\" && (source[index + 1] === "\n" || source.startsWith("\r\n", index + 1))
      ) {
        continued = true;
      }
      index++;
    }
    // A single-quoted string cannot span lines (without a backslash); recover at the newline.
    if (quote === "'" || quote === '"') quote = "";
    index++; // past "\n"
  }
  return starts;
}

/** Splits `source` into statement groups of at most `maxBytes` UTF-8 bytes each. */
export function splitTopLevel(source: string, maxBytes: number): string[] {
  const starts = topLevelStarts(source);
  if (starts.length === 0) return [source];
  const encoder = new TextEncoder();
  const pieces: string[] = [];
  // Text before the first statement (comments, blank lines) rides with the first one.
  const bounds = [0, ...starts.slice(1), source.length];
  for (let i = 0; i + 1 < bounds.length; i++) pieces.push(source.slice(bounds[i], bounds[i + 1]));
  const groups: string[] = [];
  let current = "";
  let currentBytes = 0;
  for (const piece of pieces) {
    const size = encoder.encode(piece).length;
    if (current !== "" && currentBytes + size > maxBytes) {
      groups.push(current);
      current = "";
      currentBytes = 0;
    }
    current += piece;
    currentBytes += size;
  }
  if (current !== "") groups.push(current);
  return groups;
}
