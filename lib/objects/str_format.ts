/**
 * str.format: replacement fields `{name!conversion:spec}` with automatic (`{}`)
 * or manual (`{0}`) numbering and keyword names, `{{`/`}}` escapes, and specs
 * that hold fields of their own (`{:{width}}`), which take their values from the
 * same arguments, in order, before the outer field is formatted.
 *
 * MicroPython has no attribute or index access in fields: `{0.x}` and `{a[1]}`
 * raise NotImplementedError("attributes not supported"), as does anything after
 * the digits of a numbered field ("{0a}"). A keyword name is taken as written,
 * spaces included ("{ 0 }" looks up the key " 0 "). Conversions are !r and !s.
 * Fields are processed left to right, so a bad argument early wins over a syntax
 * error later in the string, as in MicroPython.
 */

import type { PyValue } from "./base.ts";
import {
  PyBaseException,
  PyIndexError,
  PyKeyError,
  PyNotImplementedError,
  PyValueError,
  raise,
} from "./exception.ts";
import { repr, str } from "./ops.ts";
import { formatValue } from "./format.ts";

/** Field numbering: unknown until the first field, then automatic or manual for good. */
const enum Numbering {
  UNDECIDED,
  AUTOMATIC,
  MANUAL,
}

class FormatState {
  args: PyValue[];
  argsEnd: number;
  kwnames: string[] | null;
  numbering: Numbering;
  nextIndex: number;

  constructor(args: PyValue[], argsStart: number, kwnames: string[] | null) {
    this.args = args;
    this.argsEnd = kwnames === null ? args.length : args.length - kwnames.length;
    this.kwnames = kwnames;
    this.numbering = Numbering.UNDECIDED;
    this.nextIndex = argsStart;
  }
}

/**
 * `template.format(*args, **kwargs)` in the vectorcall layout: positional values
 * are args[argsStart .. args.length - kwnames.length), keyword values follow.
 */
export function strFormat(
  template: string,
  args: PyValue[],
  argsStart: number,
  kwnames: string[] | null,
): string {
  const state = new FormatState(args, argsStart, kwnames);
  return formatTemplate(template, state, argsStart);
}

function formatTemplate(template: string, state: FormatState, argsStart: number): string {
  const n = template.length;
  let out = "";
  let i = 0;
  while (i < n) {
    // Copy the literal run up to the next brace.
    let j = i;
    while (j < n) {
      const c = template.charCodeAt(j);
      if (c === 0x7b || c === 0x7d) break;
      j++;
    }
    if (j > i) out += template.slice(i, j);
    if (j >= n) break;
    i = j;
    if (template.charCodeAt(i) === 0x7d) {
      if (template.charCodeAt(i + 1) !== 0x7d) {
        raise(PyValueError, "single '}' encountered in format string");
      }
      out += "}";
      i += 2;
      continue;
    }
    if (template.charCodeAt(i + 1) === 0x7b) {
      out += "{";
      i += 2;
      continue;
    }
    // A replacement field: {name!conversion:spec}
    i++;
    const nameStart = i;
    while (i < n) {
      const c = template.charCodeAt(i);
      if (c === 0x7d || c === 0x21 || c === 0x3a) break;
      i++;
    }
    const name = template.slice(nameStart, i);
    let conversion = "";
    if (i < n && template.charCodeAt(i) === 0x21) {
      i++;
      if (i >= n) raise(PyValueError, "end of format while looking for conversion specifier");
      const code = template.codePointAt(i)!;
      conversion = String.fromCodePoint(code);
      i += conversion.length;
      if (conversion !== "r" && conversion !== "s") {
        raise(PyValueError, `unknown conversion specifier ${conversion}`);
      }
      if (i < n && template.charCodeAt(i) !== 0x3a && template.charCodeAt(i) !== 0x7d) {
        raise(PyValueError, "expected ':' after format specifier");
      }
    }
    let spec = "";
    let nestedSpec = false;
    if (i < n && template.charCodeAt(i) === 0x3a) {
      i++;
      const specStart = i;
      let depth = 0;
      while (i < n) {
        const c = template.charCodeAt(i);
        if (c === 0x7b) {
          depth++;
          nestedSpec = true;
        } else if (c === 0x7d) {
          if (depth === 0) break;
          depth--;
        }
        i++;
      }
      spec = template.slice(specStart, i);
    }
    if (i >= n) raise(PyValueError, "unmatched '{' in format");
    i++;
    let value = fieldValue(name, state, argsStart);
    if (conversion === "r") value = repr(value);
    else if (conversion === "s") value = str(value);
    if (nestedSpec) spec = formatTemplate(spec, state, argsStart);
    out += formatValue(value, spec);
  }
  return out;
}

function fieldValue(name: string, state: FormatState, argsStart: number): PyValue {
  if (name.length === 0) {
    if (state.numbering === Numbering.MANUAL) {
      raise(
        PyValueError,
        "can't switch from manual field specification to automatic field numbering",
      );
    }
    state.numbering = Numbering.AUTOMATIC;
    return positional(state, state.nextIndex++);
  }
  const first = name.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39) {
    let index = 0;
    let k = 0;
    for (; k < name.length; k++) {
      const c = name.charCodeAt(k);
      if (c < 0x30 || c > 0x39) break;
      index = index * 10 + c - 0x30;
    }
    if (k < name.length) attributesNotSupported();
    if (state.numbering === Numbering.AUTOMATIC) {
      raise(
        PyValueError,
        "can't switch from automatic field numbering to manual field specification",
      );
    }
    state.numbering = Numbering.MANUAL;
    return positional(state, argsStart + index);
  }
  if (name.includes(".") || name.includes("[")) attributesNotSupported();
  const kwnames = state.kwnames;
  if (kwnames !== null) {
    for (let k = 0; k < kwnames.length; k++) {
      if (kwnames[k] === name) return state.args[state.argsEnd + k];
    }
  }
  throw new PyBaseException(PyKeyError, [name]);
}

function positional(state: FormatState, index: number): PyValue {
  if (index >= state.argsEnd || !Number.isSafeInteger(index)) {
    raise(PyIndexError, "tuple index out of range");
  }
  return state.args[index];
}

function attributesNotSupported(): never {
  raise(PyNotImplementedError, "attributes not supported");
}
