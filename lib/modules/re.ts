/**
 * `re`: MicroPython's regular-expression subset (its re1.5 engine's syntax:
 * literals, `.`, classes, `\d\w\s` and their negations, `* + ?` with lazy
 * forms, `{m,n}`, groups, `(?:...)`, `|`, `^`, `$`). A pattern is checked against
 * that subset (anything else is "Error in regex") and then run by the JS RegExp
 * engine, whose semantics agree on it. bytes patterns work on Latin-1 views.
 */

import type { PyValue } from "../objects/base.ts";
import { PyObject } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { PyType } from "../objects/type.ts";
import { native, parseKwargs, positionalCount } from "../objects/function.ts";
import {
  PyIndexError,
  PyNotImplementedError,
  PyTypeError,
  PyValueError,
  raise,
} from "../objects/exception.ts";
import { bufferOf, PyBytes } from "../objects/bytes.ts";
import { PyList } from "../objects/list.ts";
import { makeTuple } from "../objects/tuple.ts";
import { asInt } from "../objects/int.ts";
import { str } from "../objects/ops.ts";
import { callValue } from "../vm/call.ts";
import { typeName } from "../objects/typeof.ts";

const patternType = new PyType("re", []);
const matchType = new PyType("match", []);

function regexError(): never {
  raise(PyValueError, "Error in regex");
}

/** Checks the pattern is in MicroPython's subset; returns the number of groups. */
function validate(p: string): number {
  let groups = 0;
  let depth = 0;
  let canRepeat = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    switch (c) {
      case "\\":
        if (i + 1 >= p.length) regexError();
        i++;
        canRepeat = true;
        break;
      case "[": {
        let j = i + 1;
        if (p[j] === "^") j++;
        if (p[j] === "]") j++;
        for (; j < p.length && p[j] !== "]"; j++) if (p[j] === "\\") j++;
        if (j >= p.length) regexError();
        i = j;
        canRepeat = true;
        break;
      }
      case "(":
        if (p[i + 1] === "?") {
          if (p[i + 2] !== ":") regexError();
          i += 2;
        } else groups++;
        depth++;
        canRepeat = false;
        break;
      case ")":
        if (depth === 0) regexError();
        depth--;
        canRepeat = true;
        break;
      case "*":
      case "+":
      case "?":
        if (!canRepeat) regexError();
        if (p[i + 1] === "?") i++;
        canRepeat = false;
        break;
      case "{": {
        const m = /^\{(\d*)(,(\d*))?\}\??/.exec(p.slice(i));
        if (m === null || !canRepeat) regexError();
        i += m[0].length - 1;
        canRepeat = false;
        break;
      }
      case "|":
      case "^":
      case "$":
        canRepeat = false;
        break;
      default:
        canRepeat = true;
    }
  }
  if (depth !== 0) regexError();
  return groups;
}

class PyPattern extends PyObject {
  constructor(
    public source: string,
    public bytes: boolean,
    public regex: RegExp,
    public groups: number,
  ) {
    super(patternType);
  }
}

class PyMatch extends PyObject {
  constructor(public pattern: PyPattern, public result: RegExpExecArray, public subject: string) {
    super(matchType);
  }
}

function toText(v: PyValue): [string, boolean] {
  if (typeof v === "string") return [v, false];
  const b = bufferOf(v);
  if (b === undefined) {
    raise(PyTypeError, `can't convert '${typeName(v)}' object to str implicitly`);
  }
  let s = "";
  for (const x of b) s += String.fromCharCode(x);
  return [s, true];
}

function fromText(s: string, bytes: boolean): PyValue {
  if (!bytes) return s;
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return new PyBytes(out);
}

const cache = new Map<string, PyPattern>();

function compile(v: PyValue): PyPattern {
  if (v instanceof PyPattern) return v;
  const [source, bytes] = toText(v);
  const key = (bytes ? "b" : "s") + source;
  let p = cache.get(key);
  if (p === undefined) {
    const groups = validate(source);
    let regex: RegExp;
    try {
      regex = new RegExp(source, "gs");
    } catch {
      regexError();
    }
    p = new PyPattern(source, bytes, regex, groups);
    if (cache.size > 64) cache.clear();
    cache.set(key, p);
  }
  return p;
}

function exec(
  p: PyPattern,
  subject: string,
  pos: number,
  endpos: number,
  anchored: boolean,
): PyMatch | null {
  const text = endpos < subject.length ? subject.slice(0, endpos) : subject;
  const re = new RegExp(p.regex.source, anchored ? "sy" : "gs");
  re.lastIndex = pos;
  const r = re.exec(text);
  return r === null ? null : new PyMatch(p, r, subject);
}

function posArgs(args: PyValue[], first: number, length: number): [number, number] {
  const clamp = (v: number) => Math.max(0, Math.min(length, v < 0 ? v + length : v));
  const pos = args.length > first ? clamp(Number(asInt(args[first]) ?? 0)) : 0;
  const end = args.length > first + 1 ? clamp(Number(asInt(args[first + 1]) ?? length)) : length;
  return [pos, Math.max(pos, end)];
}

function groupIndex(m: PyMatch, v: PyValue): number {
  const n = asInt(v);
  if (n === undefined || n < 0 || n > m.pattern.groups) raise(PyIndexError, "no such group");
  return Number(n);
}

function groupValue(m: PyMatch, i: number): PyValue {
  const g = m.result[i];
  return g === undefined ? null : fromText(g, m.pattern.bytes);
}

/** Start offset of group i (JS only reports the whole match's index). */
function groupStart(m: PyMatch, i: number): number {
  if (i === 0) return m.result.index;
  const g = m.result[i];
  if (g === undefined) return -1;
  // Re-run with the `d` flag to learn group positions.
  const re = new RegExp(m.pattern.regex.source, "dsy");
  re.lastIndex = m.result.index;
  const r = re.exec(m.subject.slice(0, m.result.index + m.result[0].length)) as
    | (RegExpExecArray & { indices?: [number, number][] })
    | null;
  return r?.indices?.[i]?.[0] ?? -1;
}

function substitute(p: PyPattern, repl: PyValue, subject: string, count: number): string {
  let out = "";
  let last = 0;
  let done = 0;
  const re = new RegExp(p.regex.source, "gs");
  for (;;) {
    if (count > 0 && done >= count) break;
    const r = re.exec(subject);
    if (r === null) break;
    out += subject.slice(last, r.index);
    const m = new PyMatch(p, r, subject);
    if (typeof repl === "string" || repl instanceof PyBytes) {
      const [template] = toText(repl);
      out += template.replace(/\\(?:g<(\d+)>|(\d+))|\\(.)/g, (_all, g1, g2, other) => {
        if (other !== undefined) {
          if (other === "\\") return "\\";
          return other === "n" ? "\n" : other === "t" ? "\t" : "\\" + other;
        }
        const i = Number(g1 ?? g2);
        if (i > p.groups) regexError();
        return r[i] ?? "";
      });
    } else {
      const [t] = toText(callValue(repl, [m], null));
      out += t;
    }
    last = r.index + r[0].length;
    if (r[0].length === 0) re.lastIndex++;
    done++;
  }
  return out + subject.slice(last);
}

function split(p: PyPattern, subject: string, maxsplit: number): PyList {
  const parts: PyValue[] = [];
  const re = new RegExp(p.regex.source, "gs");
  let last = 0;
  let n = 0;
  for (;;) {
    if (maxsplit > 0 && n >= maxsplit) break;
    const r = re.exec(subject);
    if (r === null) break;
    // MicroPython stops at an empty match rather than splitting between characters.
    if (r[0].length === 0) break;
    if (r.length > 1) raise(PyNotImplementedError, "splitting with sub-captures");
    parts.push(fromText(subject.slice(last, r.index), p.bytes));
    for (let i = 1; i < r.length; i++) {
      parts.push(r[i] === undefined ? null : fromText(r[i], p.bytes));
    }
    last = r.index + r[0].length;
    n++;
  }
  parts.push(fromText(subject.slice(last), p.bytes));
  return new PyList(parts);
}

// ---- pattern objects ----

patternType.reprSlot = () => "<re>";
const patternMethod = (name: string, anchored: boolean) =>
  native(name, 2, 4, (a) => {
    const p = a[0] as PyPattern;
    const [subject] = toText(a[1]);
    const [pos, end] = posArgs(a, 2, subject.length);
    return exec(p, subject, pos, end, anchored);
  });
patternType.define("match", patternMethod("match", true));
patternType.define("search", patternMethod("search", false));
patternType.define(
  "sub",
  native("sub", 3, 5, (a, kw) => {
    const p = a[0] as PyPattern;
    const [subject] = toText(a[2]);
    const opts = parseKwargs(a, kw, ["count", "flags"]);
    const n = positionalCount(a, kw);
    const count = Number(asInt(n > 3 ? a[3] : opts?.get("count") ?? 0) ?? 0);
    return fromText(substitute(p, a[1], subject, count), p.bytes);
  }, true),
);
patternType.define(
  "split",
  native("split", 2, 3, (a) => {
    const p = a[0] as PyPattern;
    const [subject] = toText(a[1]);
    return split(p, subject, a.length > 2 ? Number(asInt(a[2]) ?? 0) : 0);
  }),
);

// ---- match objects ----

matchType.reprSlot = (m: PyMatch) => `<match num=${m.pattern.groups + 1}>`;
matchType.define(
  "group",
  native("group", 1, -1, (a) => {
    const m = a[0] as PyMatch;
    if (a.length === 1) return groupValue(m, 0);
    if (a.length === 2) return groupValue(m, groupIndex(m, a[1]));
    return makeTuple(a.slice(1).map((g) => groupValue(m, groupIndex(m, g))));
  }),
);
matchType.define(
  "groups",
  native("groups", 1, 1, (a) => {
    const m = a[0] as PyMatch;
    const out: PyValue[] = [];
    for (let i = 1; i <= m.pattern.groups; i++) out.push(groupValue(m, i));
    return makeTuple(out);
  }),
);
matchType.define(
  "start",
  native("start", 1, 2, (a) => {
    const m = a[0] as PyMatch;
    return groupStart(m, a.length > 1 ? groupIndex(m, a[1]) : 0);
  }),
);
matchType.define(
  "end",
  native("end", 1, 2, (a) => {
    const m = a[0] as PyMatch;
    const i = a.length > 1 ? groupIndex(m, a[1]) : 0;
    const s = groupStart(m, i);
    return s < 0 ? -1 : s + (m.result[i] as string).length;
  }),
);
matchType.define(
  "span",
  native("span", 1, 2, (a) => {
    const m = a[0] as PyMatch;
    const i = a.length > 1 ? groupIndex(m, a[1]) : 0;
    const s = groupStart(m, i);
    return makeTuple(s < 0 ? [-1, -1] : [s, s + (m.result[i] as string).length]);
  }),
);

registerBuiltinModule("re", (mod: PyModule) => {
  const d = mod.dict;
  d.setStr("DEBUG", 0x1000);
  d.setStr("compile", native("compile", 1, 2, (a) => compile(a[0])));
  const oneShot = (name: string, anchored: boolean) =>
    native(name, 2, 3, (a) => {
      const p = compile(a[0]);
      const [subject] = toText(a[1]);
      return exec(p, subject, 0, subject.length, anchored);
    });
  d.setStr("match", oneShot("match", true));
  d.setStr("search", oneShot("search", false));
  d.setStr(
    "sub",
    native("sub", 3, 5, (a, kw) => {
      const p = compile(a[0]);
      const [subject] = toText(a[2]);
      const opts = parseKwargs(a, kw, ["count", "flags"]);
      const n = positionalCount(a, kw);
      const count = Number(asInt(n > 3 ? a[3] : opts?.get("count") ?? 0) ?? 0);
      return fromText(substitute(p, a[1], subject, count), p.bytes);
    }, true),
  );
  d.setStr(
    "split",
    native("split", 2, 3, (a) => {
      const p = compile(a[0]);
      const [subject] = toText(a[1]);
      return split(p, subject, a.length > 2 ? Number(asInt(a[2]) ?? 0) : 0);
    }),
  );
  void str;
});
