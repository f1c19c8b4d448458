/**
 * `deflate`: DeflateIO, a stream that decompresses what it reads from, or
 * compresses what is written to, another stream; formats RAW (bare DEFLATE),
 * ZLIB (2-byte header, Adler-32 trailer) and GZIP (10-byte header and more,
 * CRC-32 and size trailer); AUTO detects ZLIB or GZIP when reading and means
 * RAW when writing. The codec itself is deflate_codec.ts.
 *
 * As MicroPython's: nothing is read from the source before the first read, and
 * then only as many bytes as the requested output needs; compressed bytes are
 * written to the sink one by one as they complete. The window (wbits, 5..15, 0
 * for the default) bounds how far back a match may reach: 2**8 bytes by default
 * for RAW and GZIP, the header's size for ZLIB. Errors: a malformed stream or
 * bad checksum is OSError(EINVAL), a source ending early EOFError, and a sink or
 * source method returning a negative number OSError(-that).
 */

import { PyObject, type PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import { intArg } from "./args.ts";
import type { PyModule } from "../objects/module.ts";
import { PyType } from "../objects/type.ts";
import { native, parseKwargs, positionalCount } from "../objects/function.ts";
import {
  PyEOFError,
  PyTypeError,
  PyValueError,
  raise,
  raiseOSError,
} from "../objects/exception.ts";
import { bufferOf, PyByteArray, PyBytes } from "../objects/bytes.ts";
import { asInt } from "../objects/int.ts";
import { getAttr, getAttrOrUndefined } from "../objects/attr.ts";
import { callValue } from "../vm/call.ts";
import { isTruthy } from "../objects/ops.ts";
import { crc32 } from "./binascii.ts";
import { ERRNO } from "./errno_table.ts";
import { PyMemoryStream } from "./io.ts";
import { adler32, BitReader, Compressor, DeflateError, inflate } from "./deflate_codec.ts";

const AUTO = 0;
const RAW = 1;
const ZLIB = 2;
const GZIP = 3;
const DEFAULT_WBITS = 8;
const MP_STREAM_CLOSE = 4;

export const deflateIOType = new PyType("DeflateIO", []);

class PyDeflateIO extends PyObject {
  stream: PyValue;
  format: number;
  wbits: number;
  closeStream: boolean;
  closed: boolean;
  // Reading: the running inflater (null until the first read), bytes decoded
  // but not yet returned, and whether the trailer has been checked.
  inflater: Generator<void, void, void> | null;
  bits: BitReader | null;
  pending: number[];
  ended: boolean;
  checksum: number;
  size: number;
  // Writing.
  compressor: Compressor | null;
  constructor(stream: PyValue, format: number, wbits: number, closeStream: boolean) {
    super(deflateIOType);
    this.stream = stream;
    this.format = format;
    this.wbits = wbits;
    this.closeStream = closeStream;
    this.closed = false;
    this.inflater = null;
    this.bits = null;
    this.pending = [];
    this.ended = false;
    this.checksum = 0;
    this.size = 0;
    this.compressor = null;
  }
}

// ---- the underlying stream ----

function readByte(stream: PyValue): number {
  if (stream instanceof PyMemoryStream) {
    if (stream.closed) raise(PyValueError, "I/O operation on closed file");
    const b = stream.read(1);
    return b.length === 0 ? -1 : b[0];
  }
  const buf = new PyByteArray(new Uint8Array(1));
  const n = callValue(getAttr(stream, "readinto"), [buf], null);
  const count = n === null ? 0 : Number(asInt(n) ?? 0);
  if (count < 0) raiseOSError(-count);
  return count === 0 ? -1 : buf.data[0];
}

function writeBytes(stream: PyValue, bytes: number[], errno?: number): void {
  const n = callValue(getAttr(stream, "write"), [new PyByteArray(Uint8Array.from(bytes))], null);
  const count = n === null ? 0 : Number(asInt(n) ?? 0);
  if (count < 0) raiseOSError(errno ?? -count);
}

function closeUnderlying(stream: PyValue): void {
  const ioctl = getAttrOrUndefined(stream, "ioctl");
  if (ioctl !== undefined) callValue(ioctl, [MP_STREAM_CLOSE, 0], null);
  else callValue(getAttr(stream, "close"), [], null);
}

// ---- decompression ----

function windowSize(wbits: number): number {
  return 1 << (wbits === 0 ? DEFAULT_WBITS : wbits);
}

/** Reads the zlib or gzip header (per format) and returns the window size. */
function readHeader(d: PyDeflateIO, bits: BitReader): number {
  let format = d.format;
  if (format === RAW) return windowSize(d.wbits);
  const first = bits.byte();
  if (format === AUTO) format = first === 0x1f ? GZIP : ZLIB;
  d.format = format;
  if (format === GZIP) {
    if (first !== 0x1f || bits.byte() !== 0x8b || bits.byte() !== 8) raiseOSError(ERRNO.EINVAL);
    const flags = bits.byte();
    for (let i = 0; i < 6; i++) bits.byte(); // mtime, extra flags, OS
    if (flags & 4) {
      const len = bits.byte() | (bits.byte() << 8);
      for (let i = 0; i < len; i++) bits.byte();
    }
    if (flags & 8) { while (bits.byte() !== 0); }
    if (flags & 16) { while (bits.byte() !== 0); }
    if (flags & 2) bits.byte(), bits.byte();
    d.checksum = 0;
    return windowSize(d.wbits);
  }
  const flg = bits.byte();
  if ((first & 0x0f) !== 8 || ((first << 8) | flg) % 31 !== 0 || first >> 4 > 7) {
    raiseOSError(ERRNO.EINVAL);
  }
  d.checksum = 1;
  return 1 << (d.wbits === 0 ? (first >> 4) + 8 : d.wbits);
}

function readTrailer(d: PyDeflateIO, bits: BitReader): void {
  bits.align();
  if (d.format === ZLIB) {
    let want = 0;
    for (let i = 0; i < 4; i++) want = (want << 8) | bits.byte();
    if (want >>> 0 !== d.checksum) raiseOSError(ERRNO.EINVAL);
  } else if (d.format === GZIP) {
    let want = 0;
    for (let i = 0; i < 4; i++) want |= bits.byte() << (8 * i);
    for (let i = 0; i < 4; i++) bits.byte(); // the size, not checked (as MicroPython)
    if (want >>> 0 !== d.checksum) raiseOSError(ERRNO.EINVAL);
  }
}

/** Decodes until `want` bytes are pending (or the stream ends); -1 means all. */
function fill(d: PyDeflateIO, want: number): void {
  if (d.closed) raiseOSError(ERRNO.EINVAL);
  if (d.ended) return;
  try {
    if (d.bits === null) d.bits = new BitReader(() => readByte(d.stream));
    const reader = d.bits;
    if (d.inflater === null) {
      const window = readHeader(d, reader);
      d.inflater = inflate(reader, window, (b) => d.pending.push(b));
    }
    while (want < 0 || d.pending.length < want) {
      const before = d.pending.length;
      if (d.inflater.next().done) {
        track(d, before);
        readTrailer(d, reader);
        d.ended = true;
        return;
      }
      track(d, before);
    }
  } catch (e) {
    if (e instanceof DeflateError) {
      if (e.kind === "eof") raise(PyEOFError);
      raiseOSError(ERRNO.EINVAL);
    }
    throw e;
  }
}

/** Folds newly decoded bytes into the running checksum. */
function track(d: PyDeflateIO, from: number): void {
  if (d.format !== ZLIB && d.format !== GZIP) return;
  const fresh = Uint8Array.from(d.pending.slice(from));
  d.checksum = d.format === ZLIB ? adler32(fresh, d.checksum) : crc32(fresh, d.checksum);
}

function take(d: PyDeflateIO, n: number): Uint8Array {
  const count = n < 0 ? d.pending.length : Math.min(n, d.pending.length);
  return Uint8Array.from(d.pending.splice(0, count));
}

// ---- compression ----

function compressor(d: PyDeflateIO): Compressor {
  if (d.compressor !== null) return d.compressor;
  const format = d.format === AUTO ? RAW : d.format;
  d.format = format;
  const wbits = d.wbits === 0 ? DEFAULT_WBITS : d.wbits;
  if (format === ZLIB) {
    const cmf = ((Math.max(wbits, 9) - 8) << 4) | 8;
    let flg = 0x80;
    flg += 31 - ((cmf << 8) | flg) % 31;
    writeBytes(d.stream, [cmf, flg], ERRNO.EINVAL);
    d.checksum = 1;
  } else if (format === GZIP) {
    writeBytes(d.stream, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 3], ERRNO.EINVAL);
    d.checksum = 0;
  }
  d.compressor = new Compressor(1 << wbits, (b) => writeBytes(d.stream, [b]));
  return d.compressor;
}

const encoder = new TextEncoder();

function writeData(d: PyDeflateIO, v: PyValue): number {
  if (d.closed) raiseOSError(ERRNO.EINVAL);
  const data = typeof v === "string" ? encoder.encode(v) : bufferOf(v);
  if (data === undefined) raise(PyTypeError, "object with buffer protocol required");
  // Nothing is written, not even a header, until there is data.
  if (data.length === 0) return 0;
  const c = compressor(d);
  if (d.format === ZLIB) d.checksum = adler32(data, d.checksum);
  else if (d.format === GZIP) d.checksum = crc32(data, d.checksum);
  d.size += data.length;
  c.write(data);
  return data.length;
}

function finish(d: PyDeflateIO): void {
  if (d.closed) return;
  d.closed = true;
  const c = d.compressor;
  if (c !== null) {
    c.finish();
    const sum = d.checksum >>> 0;
    if (d.format === ZLIB) {
      writeBytes(d.stream, [sum >>> 24, (sum >> 16) & 255, (sum >> 8) & 255, sum & 255]);
    } else if (d.format === GZIP) {
      const size = d.size >>> 0;
      writeBytes(d.stream, [
        sum & 255,
        (sum >> 8) & 255,
        (sum >> 16) & 255,
        sum >>> 24,
        size & 255,
        (size >> 8) & 255,
        (size >> 16) & 255,
        size >>> 24,
      ]);
    }
  }
  if (d.closeStream) closeUnderlying(d.stream);
}

// ---- the Python type ----

deflateIOType.newSlot = (_cls, args, kwnames) => {
  const npos = positionalCount(args, kwnames);
  const kw = parseKwargs(args, kwnames, ["format", "wbits", "close"]);
  if (npos < 1) raise(PyTypeError, "function missing 1 required positional arguments");
  if (npos > 4) raise(PyTypeError, "function expected at most 4 arguments, got " + npos);
  const arg = (i: number, name: string, fallback: PyValue) =>
    npos > i ? args[i] : kw?.get(name) ?? fallback;
  const format = intArg(arg(1, "format", AUTO));
  const wbits = intArg(arg(2, "wbits", 0));
  const close = isTruthy(arg(3, "close", false));
  if (format < AUTO || format > GZIP) raise(PyValueError, "format");
  if (wbits !== 0 && (wbits < 5 || wbits > 15)) raise(PyValueError, "wbits");
  return new PyDeflateIO(args[0], format, wbits, close);
};
deflateIOType.reprSlot = () => "<DeflateIO>";
{
  const self = (a: PyValue[]) => a[0] as PyDeflateIO;
  const size = (a: PyValue[], i: number) => (a.length > i && a[i] !== null ? intArg(a[i]) : -1);
  deflateIOType.define(
    "read",
    native("read", 1, 2, (a) => {
      const d = self(a);
      const n = size(a, 1);
      fill(d, n);
      return new PyBytes(take(d, n));
    }),
  );
  deflateIOType.define(
    "readinto",
    native("readinto", 2, 3, (a) => {
      const d = self(a);
      const buf = bufferOf(a[1]);
      if (buf === undefined) raise(PyTypeError, "object with buffer protocol required");
      const n = Math.min(buf.length, a.length > 2 ? intArg(a[2]) : buf.length);
      fill(d, n);
      const got = take(d, n);
      buf.set(got);
      return got.length;
    }),
  );
  deflateIOType.define(
    "readline",
    native("readline", 1, 2, (a) => {
      const d = self(a);
      const limit = size(a, 1);
      const line: number[] = [];
      while (limit < 0 || line.length < limit) {
        fill(d, 1);
        if (d.pending.length === 0) break;
        const b = d.pending.shift()!;
        line.push(b);
        if (b === 0x0a) break;
      }
      return new PyBytes(Uint8Array.from(line));
    }),
  );
  deflateIOType.define("write", native("write", 2, 2, (a) => writeData(self(a), a[1])));
  deflateIOType.define("close", native("close", 1, 1, (a) => (finish(self(a)), null)));
  deflateIOType.define("__enter__", native("__enter__", 1, 1, (a) => a[0]));
  deflateIOType.define("__exit__", native("__exit__", 1, 4, (a) => (finish(self(a)), null)));
}

registerBuiltinModule("deflate", (m: PyModule) => {
  const d = m.dict;
  d.setStr("DeflateIO", deflateIOType);
  d.setStr("AUTO", AUTO);
  d.setStr("RAW", RAW);
  d.setStr("ZLIB", ZLIB);
  d.setStr("GZIP", GZIP);
});
