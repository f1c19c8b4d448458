/**
 * `hashlib`: sha256, sha1 and md5, computed synchronously in TypeScript (Web
 * Crypto is asynchronous). As in MicroPython, a hash object is finished by
 * digest(): digesting again or updating afterwards raises ValueError.
 */

import type { PyValue } from "../objects/base.ts";
import { PyObject } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";
import { PyType } from "../objects/type.ts";
import { PyTypeError, PyValueError, raise } from "../objects/exception.ts";
import { bufferOf, PyBytes } from "../objects/bytes.ts";

type Digest = (data: Uint8Array) => Uint8Array;

function padded(data: Uint8Array, bigEndian: boolean): Uint8Array {
  const n = data.length;
  const total = Math.ceil((n + 9) / 64) * 64;
  const out = new Uint8Array(total);
  out.set(data);
  out[n] = 0x80;
  const view = new DataView(out.buffer);
  const bits = n * 8;
  if (bigEndian) {
    view.setUint32(total - 8, Math.floor(bits / 2 ** 32));
    view.setUint32(total - 4, bits >>> 0);
  } else {
    view.setUint32(total - 8, bits >>> 0, true);
    view.setUint32(total - 4, Math.floor(bits / 2 ** 32), true);
  }
  return out;
}

const FIRST_PRIMES: number[] = [];
for (let p = 2; FIRST_PRIMES.length < 64; p++) {
  if (FIRST_PRIMES.every((q) => p % q !== 0)) FIRST_PRIMES.push(p);
}
const K256 = new Uint32Array(64).map((_, i) => {
  // The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
  const root = Math.cbrt(FIRST_PRIMES[i]);
  return Math.floor((root - Math.floor(root)) * 2 ** 32) >>> 0;
});

const sha256: Digest = (data) => {
  const h = new Uint32Array([
    0x6a09e667,
    0xbb67ae85,
    0x3c6ef372,
    0xa54ff53a,
    0x510e527f,
    0x9b05688c,
    0x1f83d9ab,
    0x5be0cd19,
  ]);
  const msg = padded(data, true);
  const view = new DataView(msg.buffer);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < msg.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + 4 * i);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 =
        (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i]) >>>
        0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    const add = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = (h[i] + add[i]) >>> 0;
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  h.forEach((v, i) => ov.setUint32(4 * i, v));
  return out;
};

const sha1: Digest = (data) => {
  const h = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
  const msg = padded(data, true);
  const view = new DataView(msg.buffer);
  const w = new Uint32Array(80);
  const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
  for (let off = 0; off < msg.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + 4 * i);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let [a, b, c, d, e] = h;
    for (let i = 0; i < 80; i++) {
      const [f, k] = i < 20
        ? [(b & c) | (~b & d), 0x5a827999]
        : i < 40
        ? [b ^ c ^ d, 0x6ed9eba1]
        : i < 60
        ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
        : [b ^ c ^ d, 0xca62c1d6];
      const t = (rotl(a, 5) + f + e + k + w[i]) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30) >>> 0;
      b = a;
      a = t;
    }
    const add = [a, b, c, d, e];
    for (let i = 0; i < 5; i++) h[i] = (h[i] + add[i]) >>> 0;
  }
  const out = new Uint8Array(20);
  const ov = new DataView(out.buffer);
  h.forEach((v, i) => ov.setUint32(4 * i, v));
  return out;
};

const MD5_SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const MD5_K = new Uint32Array(64).map((_, i) =>
  Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0
);

const md5: Digest = (data) => {
  const h = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]);
  const msg = padded(data, false);
  const view = new DataView(msg.buffer);
  const m = new Uint32Array(16);
  for (let off = 0; off < msg.length; off += 64) {
    for (let i = 0; i < 16; i++) m[i] = view.getUint32(off + 4 * i, true);
    let [a, b, c, d] = h;
    for (let i = 0; i < 64; i++) {
      let f: number, g: number;
      if (i < 16) [f, g] = [(b & c) | (~b & d), i];
      else if (i < 32) [f, g] = [(d & b) | (~d & c), (5 * i + 1) % 16];
      else if (i < 48) [f, g] = [b ^ c ^ d, (3 * i + 5) % 16];
      else [f, g] = [c ^ (b | ~d), (7 * i) % 16];
      const s = MD5_SHIFTS[(i >> 4) * 4 + (i % 4)];
      const sum = (a + f + MD5_K[i] + m[g]) >>> 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) >>> 0;
    }
    const add = [a, b, c, d];
    for (let i = 0; i < 4; i++) h[i] = (h[i] + add[i]) >>> 0;
  }
  const out = new Uint8Array(16);
  const ov = new DataView(out.buffer);
  h.forEach((v, i) => ov.setUint32(4 * i, v, true));
  return out;
};

class PyHash extends PyObject {
  chunks: Uint8Array[] = [];
  finished = false;
  constructor(type: PyType, public digest: Digest) {
    super(type);
  }
}

function bytesArg(v: PyValue): Uint8Array {
  const b = bufferOf(v);
  if (b === undefined || typeof v === "string") {
    raise(PyTypeError, "object with buffer protocol required");
  }
  return b.slice();
}

function hashType(name: string, digest: Digest): PyType {
  const type = new PyType(name, []);
  type.newSlot = (cls, args) => {
    const h = new PyHash(cls, digest);
    if (args.length > 0) h.chunks.push(bytesArg(args[0]));
    return h;
  };
  type.reprSlot = () => `<${name}>`;
  type.define(
    "update",
    native("update", 2, 2, (a) => {
      const h = a[0] as PyHash;
      if (h.finished) raise(PyValueError, "hash is final");
      h.chunks.push(bytesArg(a[1]));
      return null;
    }),
  );
  type.define(
    "digest",
    native("digest", 1, 1, (a) => {
      const h = a[0] as PyHash;
      if (h.finished) raise(PyValueError, "hash is final");
      h.finished = true;
      const total = h.chunks.reduce((n, c) => n + c.length, 0);
      const all = new Uint8Array(total);
      let off = 0;
      for (const c of h.chunks) {
        all.set(c, off);
        off += c.length;
      }
      return new PyBytes(h.digest(all));
    }),
  );
  return type;
}

const sha256Type = hashType("sha256", sha256);
const sha1Type = hashType("sha1", sha1);
const md5Type = hashType("md5", md5);

registerBuiltinModule("hashlib", (m: PyModule) => {
  m.dict.setStr("sha256", sha256Type);
  m.dict.setStr("sha1", sha1Type);
  m.dict.setStr("md5", md5Type);
});
