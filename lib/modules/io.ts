/**
 * `io`: in-memory streams (StringIO, BytesIO) and IOBase for user streams.
 *
 * Both memory streams keep their contents as UTF-8 bytes, as MicroPython does, so
 * tell()/seek() positions are byte offsets for StringIO too.
 */

import type { PyValue } from "../objects/base.ts";
import { PyObject } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import { intArg, sizeArg, writeWindow } from "./args.ts";
import { openFunction } from "./file.ts";
import type { PyModule } from "../objects/module.ts";
import { PyType } from "../objects/type.ts";
import { native } from "../objects/function.ts";
import { PyByteArray, PyBytes } from "../objects/bytes.ts";
import { activeVM } from "../vm/state.ts";
import { getAttr, getAttrOrUndefined } from "../objects/attr.ts";
import { callValue } from "../vm/call.ts";
import { PyOSError, PyTypeError, PyValueError, raise } from "../objects/exception.ts";
import { asInt } from "../objects/int.ts";
import { asStr } from "../objects/str.ts";
import { identityOf } from "../objects/ops.ts";
import { typeName, typeOf } from "../objects/typeof.ts";

export const ioBaseType = new PyType("IOBase", []);
export const stringIOType = new PyType("StringIO", [ioBaseType]);
export const bytesIOType = new PyType("BytesIO", [ioBaseType]);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Whether `v` is a Python subclass of io.IOBase (a user stream, written to as MicroPython's streams are). */
export function isUserStream(v: PyValue): boolean {
  if (v instanceof PyMemoryStream) return false;
  const type = typeOf(v);
  return type !== ioBaseType && type.isSubclassOf(ioBaseType);
}

/**
 * Text as MicroPython's stream layer hands it to a user stream's write(): a read-only
 * memoryview onto the bytes being written (so the stream cannot grow or keep it).
 */
export function streamBytes(text: string): { value: PyValue; length: number } {
  const bytes = encoder.encode(text);
  // Through the builtin: importing memoryview.ts here would close an import cycle.
  const memoryview = activeVM().builtins.getStr("memoryview")!;
  return { value: callValue(memoryview, [new PyBytes(bytes)], null), length: bytes.length };
}

export class PyMemoryStream extends PyObject {
  data: Uint8Array;
  length: number;
  pos: number;
  closed: boolean;
  text: boolean;
  constructor(type: PyType, text: boolean) {
    super(type);
    this.data = new Uint8Array(16);
    this.length = 0;
    this.pos = 0;
    this.closed = false;
    this.text = text;
  }

  write(bytes: Uint8Array): void {
    const end = this.pos + bytes.length;
    if (end > this.data.length) {
      const grown = new Uint8Array(Math.max(end, this.data.length * 2));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    if (this.pos > this.length) this.data.fill(0, this.length, this.pos);
    this.data.set(bytes, this.pos);
    this.pos = end;
    if (end > this.length) this.length = end;
  }

  read(n: number): Uint8Array {
    const start = Math.min(this.pos, this.length);
    const end = n < 0 ? this.length : Math.min(this.length, start + n);
    this.pos = end;
    return this.data.slice(start, end);
  }

  /** read(n) of a StringIO: n characters, so whole UTF-8 sequences. */
  readChars(n: number): Uint8Array {
    if (n < 0) return this.read(-1);
    let end = Math.min(this.pos, this.length);
    for (let chars = 0; chars < n && end < this.length; chars++) {
      end++;
      while (end < this.length && (this.data[end] & 0xc0) === 0x80) end++;
    }
    return this.read(end - Math.min(this.pos, this.length));
  }

  readLine(limit: number): Uint8Array {
    const start = Math.min(this.pos, this.length);
    let end = start;
    const max = limit < 0 ? this.length : Math.min(this.length, start + limit);
    while (end < max) {
      if (this.data[end++] === 0x0a) break;
    }
    this.pos = end;
    return this.data.slice(start, end);
  }
}

function stream(v: PyValue): PyMemoryStream {
  if (!(v instanceof PyMemoryStream)) raise(PyTypeError, "expected a stream");
  if (v.closed) raise(PyValueError, "I/O operation on closed file");
  return v;
}

function output(s: PyMemoryStream, bytes: Uint8Array): PyValue {
  return s.text ? decoder.decode(bytes) : new PyBytes(bytes);
}

function bufferOf(v: PyValue): Uint8Array | null {
  const slot = typeOf(v).bufferSlot;
  if (slot !== null) return slot(v);
  return v?.data instanceof Uint8Array ? v.data : null;
}

/**
 * What StringIO/BytesIO accept as content: as in MicroPython, either kind takes
 * str (as UTF-8) or any buffer.
 */
function contentBytes(v: PyValue, text: boolean): Uint8Array {
  const str = asStr(v);
  if (str !== undefined) return encoder.encode(str);
  const data = bufferOf(v);
  if (data !== null) return data.slice();
  if (text) raise(PyTypeError, `can't convert '${typeName(v)}' object to str implicitly`);
  raise(PyTypeError, "object with buffer protocol required");
}

function makeStream(cls: PyType, args: PyValue[], text: boolean): PyMemoryStream {
  const s = new PyMemoryStream(cls, text);
  if (args.length > 0 && args[0] !== null) {
    const initial = args[0];
    const n = asInt(initial);
    if (n !== undefined && typeof initial !== "boolean") {
      // MicroPython accepts an initial capacity.
    } else s.write(contentBytes(initial, text));
    s.pos = 0;
  }
  return s;
}

stringIOType.newSlot = (cls, args) => makeStream(cls, args, true);
bytesIOType.newSlot = (cls, args) => makeStream(cls, args, false);
stringIOType.reprSlot = (s) => `<io.StringIO 0x${identityOf(s).toString(16)}>`;
bytesIOType.reprSlot = (s) => `<io.BytesIO 0x${identityOf(s).toString(16)}>`;

for (const type of [stringIOType, bytesIOType]) {
  const text = type === stringIOType;
  type.define(
    "read",
    native("read", 1, 2, (a) => {
      const s = stream(a[0]);
      const n = sizeArg(a, 1);
      return output(s, text ? s.readChars(n) : s.read(n));
    }),
  );
  type.define(
    "readline",
    native("readline", 1, 2, (a) => {
      const s = stream(a[0]);
      const n = sizeArg(a, 1);
      return output(s, s.readLine(n));
    }),
  );
  type.define(
    "readinto",
    native("readinto", 2, 3, (a) => {
      const s = stream(a[0]);
      const buf = bufferOf(a[1]);
      if (buf === null) raise(PyTypeError, "object with buffer protocol required");
      const n = a.length > 2 ? Math.min(intArg(a[2]), buf.length) : buf.length;
      const got = s.read(n);
      buf.set(got);
      return got.length;
    }),
  );
  type.define(
    "write",
    native("write", 2, 4, (a) => {
      const s = stream(a[0]);
      const bytes = writeWindow(contentBytes(a[1], text), a);
      s.write(bytes);
      // The count is of bytes, for StringIO too (its content is UTF-8).
      return bytes.length;
    }),
  );
  type.define(
    "getvalue",
    native("getvalue", 1, 1, (a) => {
      const s = stream(a[0]);
      return output(s, s.data.slice(0, s.length));
    }),
  );
  type.define(
    "seek",
    native("seek", 2, 3, (a) => {
      const s = stream(a[0]);
      const offset = intArg(a[1]);
      const whence = a.length > 2 ? intArg(a[2]) : 0;
      let pos = whence === 0 ? offset : whence === 1 ? s.pos + offset : s.length + offset;
      if (pos < 0) {
        if (whence === 0) raise(PyOSError, 22);
        pos = 0;
      }
      s.pos = pos;
      return pos;
    }),
  );
  type.define("tell", native("tell", 1, 1, (a) => stream(a[0]).pos));
  // Shortens the content (never lengthens it) and keeps the position, as MicroPython does.
  type.define(
    "truncate",
    native("truncate", 1, 2, (a) => {
      const s = stream(a[0]);
      const size = a.length > 1 && a[1] !== null ? intArg(a[1]) : s.pos;
      if (size < 0) raise(PyOSError, 22);
      if (size < s.length) s.length = size;
      return size;
    }),
  );
  type.define(
    "flush",
    native("flush", 1, 1, (a) => {
      stream(a[0]);
      return null;
    }),
  );
  type.define(
    "close",
    native("close", 1, 1, (a) => {
      (a[0] as PyMemoryStream).closed = true;
      return null;
    }),
  );
  type.define("__enter__", native("__enter__", 1, 1, (a) => a[0]));
  type.define(
    "__exit__",
    native("__exit__", 1, -1, (a) => {
      (a[0] as PyMemoryStream).closed = true;
      return null;
    }),
  );
  type.iterSlot = (s) => s;
  type.nextSlot = (v: PyMemoryStream) => {
    const s = stream(v);
    const line = s.readLine(-1);
    return line.length === 0 ? undefined : output(s, line);
  };
}

registerBuiltinModule("io", (m: PyModule) => {
  const d = m.dict;
  d.setStr("StringIO", stringIOType);
  d.setStr("BytesIO", bytesIOType);
  d.setStr("IOBase", ioBaseType);
  d.setStr("open", openFunction);
  d.setStr("SEEK_SET", 0);
  d.setStr("SEEK_CUR", 1);
  d.setStr("SEEK_END", 2);
});

// ---- the stream protocol over user IOBase subclasses ----

const EIO = 5;

/**
 * Checks what a user stream's `write`/`readinto` returned for a request of
 * `requested` bytes: claiming more than was asked is the stream breaking the
 * protocol, which MicroPython reports as OSError(EIO).
 */
export function checkStreamCount(
  stream: PyValue,
  result: PyValue,
  requested: number | string,
): void {
  if (!isUserStream(stream)) return;
  const n = asInt(result);
  const size = typeof requested === "string" ? encoder.encode(requested).length : requested;
  if (n !== undefined && n > size) raise(PyOSError, EIO);
}

/** All of a stream's data: its `read()`, or for a user IOBase with only `readinto`, chunks of it. */
export function readAll(stream: PyValue): PyValue {
  const read = getAttrOrUndefined(stream, "read");
  if (read !== undefined || !isUserStream(stream)) {
    return callValue(read ?? getAttr(stream, "read"), [], null);
  }
  // One byte per call, as MicroPython's parsers read a stream: a stream that
  // answers more than it was asked fails at once rather than looping.
  const readinto = getAttr(stream, "readinto");
  const parts: Uint8Array[] = [];
  for (;;) {
    const buf = new PyByteArray(new Uint8Array(1));
    const result = callValue(readinto, [buf], null);
    checkStreamCount(stream, result, 1);
    const n = asInt(result);
    if (n === undefined || n <= 0) break;
    parts.push(buf.data.slice(0, Number(n)));
  }
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return new PyBytes(out);
}
