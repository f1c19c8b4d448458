/**
 * When the friendly REPL asks for another line, and how far it indents it.
 *
 * More input is needed while brackets, a string or a `\` continuation are open,
 * and, for input starting with a compound statement, until a line that is
 * completely empty: a line of spaces, such as an untouched auto-indent, does
 * not end the block (MicroPython's rule).
 *
 * Auto-indent repeats the previous line's indent (whole levels of 4), one level
 * more after a line ending in `:`, and none once the last two lines were only
 * spaces, so pressing Enter on auto-indented lines soon reaches an empty line.
 */

import { StatementSplitter } from "../compiler/stream.ts";

const COMPOUND = /^(?:@|(?:if|while|for|try|with|def|class|async)(?![A-Za-z0-9_]))/;

/** `source`: the lines typed so far joined by "\n" (the last one just entered). */
export function needsMoreInput(source: string): boolean {
  const splitter = new StatementSplitter();
  splitter.push(source + "\n");
  if (splitter.insideLogicalLine) return true;
  return COMPOUND.test(source) && !source.endsWith("\n");
}

function isBlank(line: string): boolean {
  return /^ *$/.test(line);
}

export function autoIndent(source: string): string {
  const lines = source.split("\n");
  const previous = lines[lines.length - 1];
  if (lines.length > 1 && isBlank(previous) && isBlank(lines[lines.length - 2])) return "";
  const spaces = /^ */.exec(previous)![0].length;
  let levels = Math.floor(spaces / 4);
  if (previous.endsWith(":")) levels++;
  return "    ".repeat(levels);
}
