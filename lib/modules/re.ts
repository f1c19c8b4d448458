/**
 * `re`: MicroPython's regular expressions (its re1.5 syntax: literals, `.`,
 * classes, `\d\w\s` and their negations, `* + ?` with lazy forms, groups,
 * `(?:...)`, `|`, `^`, `$`), compiled and run by re_engine.ts, which follows
 * re1.5's design so that acceptance, errors and match results agree. This file
 * is the Python surface: compile, match, search, sub, split, match objects.
 * bytes patterns work on Latin-1 views.
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
  PyRuntimeError,
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
import { activeVM } from "../vm/state.ts";
import {
  compileRegex,
  dumpProgram,
  execRegex,
  type Program,
  RegexDepthError,
  RegexSyntaxError,
} from "./re_engine.ts";

const patternType = new PyType("re", []);
const matchType = new PyType("match", []);

const DEBUG = 0x1000;

function regexError(): never {
  raise(PyValueError, "error in regex");
}

class PyPattern extends PyObject {
  constructor(
    public source: string,
    public bytes: boolean,
    public program: Program,
    public groups: number,
  ) {
    super(patternType);
  }
}

class PyMatch extends PyObject {
  /** Start and end of each group (the whole match first), -1 where unset. */
  constructor(public pattern: PyPattern, public caps: Int32Array, public subject: string) {
    super(matchType);
  }
}

/** Runs the engine, turning its failures into MicroPython's exceptions. */
function run(p: PyPattern, text: string, pos: number, end: number, anchored: boolean) {
  try {
    return execRegex(p.program, text, pos, end, anchored);
  } catch (e) {
    if (e instanceof RegexDepthError) raise(PyRuntimeError, "maximum recursion depth exceeded");
    throw e;
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
    let program: Program;
    try {
      program = compileRegex(source);
    } catch (e) {
      if (!(e instanceof RegexSyntaxError)) throw e;
      raise(PyValueError, e.kind === "complex" ? "regex too complex" : "error in regex");
    }
    p = new PyPattern(source, bytes, program, program.groups);
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
  const caps = run(p, subject, pos, endpos, anchored);
  return caps === null ? null : new PyMatch(p, caps, subject);
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

function groupText(m: PyMatch, i: number): string | undefined {
  const start = m.caps[2 * i];
  const end = m.caps[2 * i + 1];
  return start < 0 || end < 0 ? undefined : m.subject.slice(start, end);
}

function groupValue(m: PyMatch, i: number): PyValue {
  const g = groupText(m, i);
  return g === undefined ? null : fromText(g, m.pattern.bytes);
}

function groupStart(m: PyMatch, i: number): number {
  return m.caps[2 * i + 1] < 0 ? -1 : m.caps[2 * i];
}

function groupEnd(m: PyMatch, i: number): number {
  return m.caps[2 * i] < 0 ? -1 : m.caps[2 * i + 1];
}

function substitute(p: PyPattern, repl: PyValue, subject: string, count: number): string {
  let out = "";
  let last = 0;
  let done = 0;
  let pos = 0;
  while (pos <= subject.length) {
    if (count > 0 && done >= count) break;
    const caps = run(p, subject, pos, subject.length, false);
    if (caps === null) break;
    const m = new PyMatch(p, caps, subject);
    const [start, end] = [caps[0], caps[1]];
    out += subject.slice(last, start);
    if (typeof repl === "string" || repl instanceof PyBytes) {
      const [template] = toText(repl);
      out += template.replace(/\\(?:g<(\d+)>|(\d+))|\\(.)/g, (_all, g1, g2, other) => {
        if (other !== undefined) {
          if (other === "\\") return "\\";
          return other === "n" ? "\n" : other === "t" ? "\t" : "\\" + other;
        }
        const i = Number(g1 ?? g2);
        if (i > p.groups) regexError();
        return groupText(m, i) ?? "";
      });
    } else {
      const [t] = toText(callValue(repl, [m], null));
      out += t;
    }
    last = end;
    // After an empty match, the next search starts one character on.
    pos = end === start ? end + 1 : end;
    done++;
  }
  return out + subject.slice(last);
}

function split(p: PyPattern, subject: string, maxsplit: number): PyList {
  const parts: PyValue[] = [];
  let last = 0;
  let n = 0;
  for (;;) {
    if (maxsplit > 0 && n >= maxsplit) break;
    const caps = run(p, subject, last, subject.length, false);
    if (caps === null) break;
    // MicroPython stops at an empty match rather than splitting between characters.
    if (caps[1] === caps[0]) break;
    if (p.groups > 0) raise(PyNotImplementedError, "splitting with sub-captures");
    parts.push(fromText(subject.slice(last, caps[0]), p.bytes));
    last = caps[1];
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
  // MicroPython's group takes exactly one index (no default, no several).
  native("group", 2, 2, (a) => groupValue(a[0] as PyMatch, groupIndex(a[0] as PyMatch, a[1]))),
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
    return groupEnd(m, i);
  }),
);
matchType.define(
  "span",
  native("span", 1, 2, (a) => {
    const m = a[0] as PyMatch;
    const i = a.length > 1 ? groupIndex(m, a[1]) : 0;
    return makeTuple([groupStart(m, i), groupEnd(m, i)]);
  }),
);

registerBuiltinModule("re", (mod: PyModule) => {
  const d = mod.dict;
  d.setStr("DEBUG", DEBUG);
  d.setStr(
    "compile",
    native("compile", 1, 2, (a) => {
      const p = compile(a[0]);
      const flags = a.length > 1 ? Number(asInt(a[1]) ?? 0) : 0;
      if (flags & DEBUG) activeVM().stdout.write(dumpProgram(p.program));
      return p;
    }),
  );
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
