/**
 * Python values across the wire, both ways, as source text: `parsePythonRepr` reads what
 * `repr()` printed on the board into JS values, and `toPython` writes JS values as Python
 * literals to embed in code sent to the board. Text is the only encoding every MicroPython build
 * can produce and read (no json or binascii needed).
 *
 *   None/True/False   -> null / true / false
 *   int               -> number, or bigint beyond 2**53
 *   float             -> number (inf, nan included)
 *   str               -> string
 *   bytes, bytearray  -> Uint8Array
 *   list, tuple       -> Array (a tuple is an Array too)
 *   dict              -> plain object when every key is a str, else Map
 *   set, frozenset    -> Set
 *   anything else     -> PyOpaque holding the repr text (`<Pin 2>`, `Pin(2, mode=OUT)`)
 */

/** A value whose repr is not a literal (an object); `repr` is what the board printed. */
export class PyOpaque {
  readonly repr: string;
  constructor(repr: string) {
    this.repr = repr;
  }
  toString(): string {
    return this.repr;
  }
}

/** Python source to embed verbatim in `toPython` output (e.g. a name on the board). */
export class PyExpression {
  readonly source: string;
  constructor(source: string) {
    this.source = source;
  }
}

export class LiteralSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LiteralSyntaxError";
  }
}

/** Parses a repr; anything that is not a literal as a whole comes back as PyOpaque. */
export function parsePythonRepr(text: string): unknown {
  const trimmed = text.trim();
  try {
    const parser = new ReprParser(trimmed);
    const value = parser.value();
    parser.skipSpace();
    if (parser.index !== trimmed.length) return new PyOpaque(trimmed);
    return value;
  } catch (error) {
    if (error instanceof LiteralSyntaxError) return new PyOpaque(trimmed);
    throw error;
  }
}

class ReprParser {
  readonly text: string;
  index = 0;
  constructor(text: string) {
    this.text = text;
  }

  skipSpace(): void {
    while (this.index < this.text.length && /\s/.test(this.text[this.index])) this.index++;
  }

  fail(what: string): never {
    throw new LiteralSyntaxError(
      `${what} at ${this.index} in ${JSON.stringify(this.text.slice(0, 80))}`,
    );
  }

  eat(token: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(token, this.index)) {
      this.index += token.length;
      return true;
    }
    return false;
  }

  value(): unknown {
    this.skipSpace();
    const text = this.text;
    const char = text[this.index];
    if (char === "[") return this.sequence("[", "]");
    if (char === "(") {
      const items = this.sequence("(", ")");
      return items;
    }
    if (char === "{") return this.braces();
    if (char === "'" || char === '"') return this.string();
    if (
      (char === "b" || char === "B") &&
      (text[this.index + 1] === "'" || text[this.index + 1] === '"')
    ) {
      this.index++;
      return this.bytes();
    }
    if (char === "<") return this.opaqueAngle();
    const word = /^[A-Za-z_][\w.]*/.exec(text.slice(this.index))?.[0];
    if (word !== undefined) return this.named(word);
    return this.number();
  }

  sequence(open: string, close: string): unknown[] {
    this.eat(open);
    const items: unknown[] = [];
    for (;;) {
      if (this.eat(close)) return items;
      items.push(this.value());
      if (this.eat(close)) return items;
      if (!this.eat(",")) this.fail("expected ,");
    }
  }

  braces(): unknown {
    this.eat("{");
    if (this.eat("}")) return {};
    const first = this.value();
    if (this.eat(":")) {
      const entries: Array<[unknown, unknown]> = [[first, this.value()]];
      for (;;) {
        if (this.eat("}")) break;
        if (!this.eat(",")) this.fail("expected ,");
        if (this.eat("}")) break;
        const key = this.value();
        if (!this.eat(":")) this.fail("expected :");
        entries.push([key, this.value()]);
      }
      if (entries.every(([key]) => typeof key === "string")) {
        const object: Record<string, unknown> = {};
        for (const [key, value] of entries) object[key as string] = value;
        return object;
      }
      return new Map(entries);
    }
    const set = new Set<unknown>([first]);
    for (;;) {
      if (this.eat("}")) return set;
      if (!this.eat(",")) this.fail("expected ,");
      if (this.eat("}")) return set;
      set.add(this.value());
    }
  }

  named(word: string): unknown {
    this.index += word.length;
    switch (word) {
      case "None":
        return null;
      case "True":
        return true;
      case "False":
        return false;
      case "inf":
        return Infinity;
      case "nan":
        return NaN;
      case "bytearray": {
        if (!this.eat("(")) this.fail("expected (");
        this.skipSpace();
        if (this.eat(")")) return new Uint8Array(0);
        if (this.text[this.index] === "b") this.index++;
        const data = this.bytes();
        if (!this.eat(")")) this.fail("expected )");
        return data;
      }
      case "set":
      case "frozenset": {
        if (!this.eat("(")) this.fail("expected (");
        if (this.eat(")")) return new Set();
        const inner = this.value();
        if (!this.eat(")")) this.fail("expected )");
        return inner instanceof Set ? inner : new Set(inner as unknown[]);
      }
    }
    return this.fail(`not a literal: ${word}`);
  }

  opaqueAngle(): PyOpaque {
    const end = this.text.indexOf(">", this.index);
    if (end < 0) this.fail("unclosed <");
    const repr = this.text.slice(this.index, end + 1);
    this.index = end + 1;
    return new PyOpaque(repr);
  }

  number(): number | bigint {
    const match = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|inf|nan)/.exec(
      this.text.slice(this.index),
    );
    if (match === null) return this.fail("expected a value");
    const token = match[0];
    this.index += token.length;
    if (/^[-+]?\d+$/.test(token)) {
      const asNumber = Number(token);
      return Number.isSafeInteger(asNumber) ? asNumber : BigInt(token);
    }
    if (token.endsWith("inf")) return token.startsWith("-") ? -Infinity : Infinity;
    if (token.endsWith("nan")) return NaN;
    return Number(token);
  }

  /** The quoted body with Python escapes; returns code points as a JS string. */
  quoted(isBytes: boolean): string {
    const quote = this.text[this.index];
    if (quote !== "'" && quote !== '"') this.fail("expected a quote");
    this.index++;
    let out = "";
    for (;;) {
      if (this.index >= this.text.length) this.fail("unterminated string");
      const char = this.text[this.index++];
      if (char === quote) return out;
      if (char !== "\\") {
        out += char;
        continue;
      }
      const escape = this.text[this.index++];
      switch (escape) {
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "0":
          out += "\0";
          break;
        case "a":
          out += "\x07";
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "v":
          out += "\v";
          break;
        case "x":
          out += String.fromCharCode(this.hex(2));
          break;
        case "u":
          if (isBytes) this.fail("\\u in bytes");
          out += String.fromCharCode(this.hex(4));
          break;
        case "U":
          if (isBytes) this.fail("\\U in bytes");
          out += String.fromCodePoint(this.hex(8));
          break;
        case "\\":
        case "'":
        case '"':
          out += escape;
          break;
        default:
          this.fail(`unknown escape \\${escape}`);
      }
    }
  }

  hex(digits: number): number {
    const part = this.text.slice(this.index, this.index + digits);
    if (!/^[0-9a-fA-F]+$/.test(part) || part.length !== digits) this.fail("bad hex escape");
    this.index += digits;
    return parseInt(part, 16);
  }

  string(): string {
    return this.quoted(false);
  }

  bytes(): Uint8Array {
    const body = this.quoted(true);
    const data = new Uint8Array(body.length);
    for (let i = 0; i < body.length; i++) {
      const code = body.charCodeAt(i);
      if (code > 0xff) this.fail("non-byte in bytes literal");
      data[i] = code;
    }
    return data;
  }
}

/** Writes a JS value as a Python literal (the inverse of `parsePythonRepr`). */
export function toPython(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") {
    if (Number.isInteger(value)) return Object.is(value, -0) ? "-0.0" : String(value);
    if (Number.isNaN(value)) return "float('nan')";
    if (value === Infinity) return "float('inf')";
    if (value === -Infinity) return "float('-inf')";
    return String(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return pythonString(value);
  if (value instanceof PyExpression) return value.source;
  if (value instanceof PyOpaque) {
    throw new TypeError(`cannot send ${value.repr} back to the board as a literal`);
  }
  if (value instanceof Uint8Array) return pythonBytes(value);
  if (Array.isArray(value)) return `[${value.map(toPython).join(", ")}]`;
  if (value instanceof Set) {
    return value.size === 0 ? "set()" : `{${[...value].map(toPython).join(", ")}}`;
  }
  if (value instanceof Map) {
    return `{${[...value].map(([key, item]) => `${toPython(key)}: ${toPython(item)}`).join(", ")}}`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${
      entries.map(([key, item]) => `${pythonString(key)}: ${toPython(item)}`).join(", ")
    }}`;
  }
  throw new TypeError(`cannot write a ${typeof value} as a Python literal`);
}

/** A str literal using only ASCII (so it survives any board's source decoding). */
export function pythonString(text: string): string {
  let out = "'";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === "'" || char === "\\") out += "\\" + char;
    else if (code >= 0x20 && code < 0x7f) out += char;
    else if (code === 0x0a) out += "\\n";
    else if (code === 0x0d) out += "\\r";
    else if (code === 0x09) out += "\\t";
    else if (code < 0x100) out += "\\x" + code.toString(16).padStart(2, "0");
    else if (code < 0x10000) out += "\\u" + code.toString(16).padStart(4, "0");
    else out += "\\U" + code.toString(16).padStart(8, "0");
  }
  return out + "'";
}

/** A bytes literal: printable ASCII as itself, the rest as \xNN. */
export function pythonBytes(data: Uint8Array): string {
  let out = "b'";
  for (const byte of data) {
    if (byte === 0x27 || byte === 0x5c) out += "\\" + String.fromCharCode(byte);
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += "\\x" + byte.toString(16).padStart(2, "0");
  }
  return out + "'";
}
