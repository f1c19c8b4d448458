/**
 * `json`: dumps/dump and loads/load as MicroPython has them. Output uses
 * MicroPython's layout (", " and ": " separators unless given, floats in float
 * repr, non-ASCII text written as is, control characters as \uXXXX). The parser
 * is as forgiving as MicroPython's (trailing commas, leading zeros) and reports
 * any error as ValueError("syntax error in JSON").
 */

import type { PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";
import { PyTypeError, PyValueError, raise } from "../objects/exception.ts";
import { PyFloat } from "../objects/float.ts";
import { PyList } from "../objects/list.ts";
import { PyTuple } from "../objects/tuple.ts";
import { PyDict } from "../objects/dict.ts";
import { repr, str, toArray } from "../objects/ops.ts";
import { bufferOf } from "../objects/bytes.ts";
import { getAttr } from "../objects/attr.ts";
import { isUserStream, readAll, streamBytes } from "./io.ts";
import { callValue } from "../vm/call.ts";
import { parseInt as parsePyInt } from "../objects/int.ts";

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}

function dumps(value: PyValue, itemSep: string, keySep: string, depth: number): string {
  const pieces: string[] = [];
  emitJson(value, itemSep, keySep, depth, pieces);
  return pieces.join("");
}

/**
 * Appends the JSON text of `value` to `out` in the pieces MicroPython's printer writes
 * (brackets, separators and each scalar apart), which json.dump hands a user stream
 * one write at a time.
 */
function emitJson(
  value: PyValue,
  itemSep: string,
  keySep: string,
  depth: number,
  out: string[],
): void {
  if (depth > 200) raise(PyValueError, "nesting too deep");
  if (value === null) out.push("null");
  else if (value === true) out.push("true");
  else if (value === false) out.push("false");
  else if (typeof value === "string") out.push(quote(value));
  else if (typeof value === "number" || typeof value === "bigint") out.push(String(value));
  else if (value instanceof PyFloat) out.push(repr(value));
  else if (bufferOf(value) !== undefined) {
    out.push(quote(new TextDecoder().decode(bufferOf(value))));
  } else if (value instanceof PyList || value instanceof PyTuple) {
    out.push("[");
    value.items.forEach((v, i) => {
      if (i > 0) out.push(itemSep);
      emitJson(v, itemSep, keySep, depth + 1, out);
    });
    out.push("]");
  } else if (value instanceof PyDict) {
    out.push("{");
    let first = true;
    for (const [k, v] of value.entries()) {
      if (!first) out.push(itemSep);
      first = false;
      // Keys are always written as strings: {1: 2} dumps as {"1": 2}.
      out.push(quote(typeof k === "string" ? k : dumps(k, itemSep, keySep, depth + 1)), keySep);
      emitJson(v, itemSep, keySep, depth + 1, out);
    }
    out.push("}");
  } else out.push(repr(value));
}

function separators(
  args: PyValue[],
  kwnames: string[] | null,
  positional: number,
): [string, string] {
  if (kwnames === null) return [", ", ": "];
  const i = kwnames.indexOf("separators");
  if (i < 0) {
    if (kwnames.length > 0) raise(PyTypeError, "extra keyword arguments given");
    return [", ", ": "];
  }
  const sep = args[positional + i];
  if (sep === null) return [", ", ": "];
  const items = toArray(sep);
  if (items.length !== 2) raise(PyValueError, "too many values to unpack (expected 2)");
  return [str(items[0]), str(items[1])];
}

class JsonParser {
  pos = 0;
  constructor(private text: string) {}

  fail(): never {
    raise(PyValueError, "syntax error in JSON");
  }

  skip(): void {
    while (this.pos < this.text.length && " \t\n\r".includes(this.text[this.pos])) this.pos++;
  }

  parseDocument(): PyValue {
    this.skip();
    const v = this.value(0);
    this.skip();
    if (this.pos !== this.text.length) this.fail();
    return v;
  }

  value(depth: number): PyValue {
    if (depth > 500) this.fail();
    this.skip();
    const c = this.text[this.pos];
    if (c === undefined) this.fail();
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (this.text.startsWith("null", this.pos)) return (this.pos += 4, null);
    if (this.text.startsWith("true", this.pos)) return (this.pos += 4, true);
    if (this.text.startsWith("false", this.pos)) return (this.pos += 5, false);
    return this.number();
  }

  // MicroPython's parser treats ',' and ':' inside containers as separators
  // to skip, and pairs up a dict's values as key, value, key...; a key left
  // without a value is dropped ('{"a"}' is {}), any hashable value may be a key.
  object(depth: number): PyDict {
    this.pos++;
    const d = new PyDict();
    let key: PyValue | undefined = undefined;
    for (;;) {
      this.skip();
      const c = this.text[this.pos];
      if (c === undefined) this.fail();
      if (c === "}") {
        this.pos++;
        return d;
      }
      if (c === "," || c === ":") {
        this.pos++;
        continue;
      }
      const v = this.value(depth + 1);
      if (key === undefined) {
        if (v instanceof PyList || v instanceof PyDict) this.fail();
        key = v;
      } else {
        d.set(key, v);
        key = undefined;
      }
    }
  }

  array(depth: number): PyList {
    this.pos++;
    const items: PyValue[] = [];
    for (;;) {
      this.skip();
      const c = this.text[this.pos];
      if (c === undefined) this.fail();
      if (c === "]") {
        this.pos++;
        return new PyList(items);
      }
      if (c === "," || c === ":") {
        this.pos++;
        continue;
      }
      items.push(this.value(depth + 1));
    }
  }

  string(): string {
    this.pos++;
    let out = "";
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) this.fail();
      if (c === '"') return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      switch (e) {
        case "n":
          out += "\n";
          break;
        case "t":
          out += "\t";
          break;
        case "r":
          out += "\r";
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "u": {
          const hex = this.text.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail();
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        case undefined:
          this.fail();
          break;
        default:
          out += e;
      }
    }
  }

  number(): PyValue {
    const m = /^-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos));
    if (m === null) this.fail();
    this.pos += m[0].length;
    if (m[1] !== undefined || m[2] !== undefined) return new PyFloat(Number(m[0]));
    return parsePyInt(m[0], 10);
  }
}

function textOf(v: PyValue): string {
  if (typeof v === "string") return v;
  const data = bufferOf(v);
  if (data !== undefined) return new TextDecoder().decode(data);
  raise(PyTypeError, "object with buffer protocol required");
}

registerBuiltinModule("json", (m: PyModule) => {
  const d = m.dict;
  d.setStr(
    "dumps",
    native("dumps", 1, 1, (a, kw) => {
      const [itemSep, keySep] = separators(a, kw, 1);
      return dumps(a[0], itemSep, keySep, 0);
    }, true),
  );
  d.setStr(
    "dump",
    native("dump", 2, 2, (a, kw) => {
      const [itemSep, keySep] = separators(a, kw, 2);
      const write = getAttr(a[1], "write");
      if (!isUserStream(a[1])) {
        callValue(write, [dumps(a[0], itemSep, keySep, 0)], null);
        return null;
      }
      const pieces: string[] = [];
      emitJson(a[0], itemSep, keySep, 0, pieces);
      for (const piece of pieces) callValue(write, [streamBytes(piece).value], null);
      return null;
    }, true),
  );
  d.setStr("loads", native("loads", 1, 1, (a) => new JsonParser(textOf(a[0])).parseDocument()));
  d.setStr(
    "load",
    native("load", 1, 1, (a) => {
      const data = readAll(a[0]);
      return new JsonParser(textOf(data)).parseDocument();
    }),
  );
});
