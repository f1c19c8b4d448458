/**
 * format(value, spec): the entry point f-strings, str.format and format() share.
 * (The format-spec mini-language lives in format_spec.ts.)
 */

import type { PyValue } from "./base.ts";
import { str } from "./ops.ts";
import { typeOf } from "./typeof.ts";
import { callValue } from "../vm/call.ts";
import { PyTypeError, raise } from "./exception.ts";
import { applyFormatSpec } from "./format_spec.ts";

export function formatValue(value: PyValue, spec: string): string {
  const type = typeOf(value);
  if (type.isHeapType) {
    const method = type.lookup("__format__");
    if (method !== undefined) {
      const r = callValue(method, [value, spec], null);
      if (typeof r !== "string") raise(PyTypeError, "__format__ must return a str");
      return r;
    }
  }
  if (spec === "") return str(value);
  return applyFormatSpec(value, spec);
}
