/** Buffer arguments for the bus classes: readable ones (bytes-like) and writable ones. */

import type { PyValue } from "../../objects/base.ts";
import { bufferOf, PyBytes } from "../../objects/bytes.ts";
import { PyTypeError, raise } from "../../objects/exception.ts";

const encoder = new TextEncoder();

/** Bytes to send: any bytes-like object, or a str as its UTF-8 (as MicroPython's streams take). */
export function readBuffer(v: PyValue): Uint8Array {
  if (typeof v === "string") return encoder.encode(v);
  const data = bufferOf(v);
  if (data === undefined) raise(PyTypeError, "object with buffer protocol required");
  return data;
}

export function writeBuffer(v: PyValue): Uint8Array {
  if (v instanceof PyBytes || typeof v === "string") {
    raise(PyTypeError, "object with buffer protocol required");
  }
  return readBuffer(v);
}
