/**
 * The format-spec mini-language ([[fill]align][sign][#][0][width][,][.precision][type])
 * for int, float and str. Placeholder: to be completed.
 */

import type { PyValue } from "./base.ts";
import { str } from "./ops.ts";

export function applyFormatSpec(value: PyValue, spec: string): string {
  const m = /^(?:(.)?([<>^=]))?(\d+)?$/.exec(spec);
  const text = str(value);
  if (m === null) return text;
  const width = m[3] === undefined ? 0 : +m[3];
  const fill = m[1] ?? " ";
  const align = m[2] ?? (typeof value === "string" ? "<" : ">");
  if (text.length >= width) return text;
  const pad = width - text.length;
  if (align === "<") return text + fill.repeat(pad);
  if (align === "^") return fill.repeat(pad >> 1) + text + fill.repeat(pad - (pad >> 1));
  return fill.repeat(pad) + text;
}
