/**
 * UTF-8 between str (JS strings) and bytes, as MicroPython converts them: the
 * codec behind str.encode, str(bytes, encoding) and bytes.decode.
 *
 * MicroPython only checks the shape of UTF-8 (a lead byte followed by the right
 * number of continuation bytes), so encoded surrogates and overlong forms decode
 * without complaint, and a lone surrogate in a str encodes as its three bytes.
 * Invalid input raises UnicodeError with no message, unless `errors` is "ignore"
 * (invalid bytes dropped) or "replace" (each bad lead byte or stray continuation
 * byte, with the continuation bytes that followed it, becomes U+FFFD).
 * "ascii" accepts only bytes below 0x80; UTF-8 and ASCII are the only codecs, so any
 * other encoding name is a LookupError.
 */

import { PyLookupError, PyUnicodeError, raise } from "./exception.ts";

const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** True for "ascii" in any of the spellings Python accepts. */
export function isAsciiEncoding(encoding: string): boolean {
  const name = encoding.toLowerCase().replace("_", "-");
  return name === "ascii" || name === "us-ascii" || name === "646";
}

/** True for "utf-8" in the spellings Python accepts. */
function isUtf8Encoding(encoding: string): boolean {
  const name = encoding.toLowerCase().replace("_", "-");
  return name === "utf-8" || name === "utf8";
}

/** Which codec an encoding name selects: ascii or utf-8; LookupError for any other. */
function codecOf(encoding: string): "ascii" | "utf-8" {
  if (isUtf8Encoding(encoding)) return "utf-8";
  if (isAsciiEncoding(encoding)) return "ascii";
  raise(PyLookupError, `unknown encoding: ${encoding}`);
}

/** Decodes bytes to a str. `encoding` and `errors` follow Python's names. */
export function decodeBytes(data: Uint8Array, encoding = "utf-8", errors = "strict"): string {
  if (codecOf(encoding) === "ascii") return decodeAscii(data, errors);
  if (isAscii(data)) return latin1(data, 0, data.length);
  try {
    return strictDecoder.decode(data);
  } catch {
    // Not well-formed by the WHATWG rules; MicroPython's rules are looser.
    return decodeLoose(data, errors);
  }
}

function isAscii(data: Uint8Array): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] >= 0x80) return false;
  return true;
}

/** Bytes below 0x100 as characters, in chunks small enough for fromCharCode's argument list. */
function latin1(data: Uint8Array, start: number, end: number): string {
  let out = "";
  for (let i = start; i < end; i += 8192) {
    out += String.fromCharCode.apply(null, data.subarray(i, Math.min(end, i + 8192)) as never);
  }
  return out;
}

function decodeAscii(data: Uint8Array, errors: string): string {
  if (isAscii(data)) return latin1(data, 0, data.length);
  if (errors !== "ignore" && errors !== "replace") raise(PyUnicodeError);
  let out = "";
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b < 0x80) out += String.fromCharCode(b);
    else if (errors === "replace") out += "\ufffd";
  }
  return out;
}

function decodeLoose(data: Uint8Array, errors: string): string {
  const replace = errors === "replace";
  const lenient = replace || errors === "ignore";
  const n = data.length;
  let out = "";
  let i = 0;
  while (i < n) {
    const b = data[i];
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    let need: number;
    let code: number;
    if (b >= 0xc0 && b < 0xe0) {
      need = 1;
      code = b & 0x1f;
    } else if (b >= 0xe0 && b < 0xf0) {
      need = 2;
      code = b & 0x0f;
    } else if (b >= 0xf0 && b < 0xf8) {
      need = 3;
      code = b & 0x07;
    } else {
      // A stray continuation byte, or 0xf8 and up.
      if (!lenient) raise(PyUnicodeError);
      if (replace) out += "\ufffd";
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && j - i <= need && (data[j] & 0xc0) === 0x80) {
      code = (code << 6) | (data[j] & 0x3f);
      j++;
    }
    if (j - i - 1 === need && code <= 0x10ffff) {
      out += String.fromCodePoint(code);
    } else {
      if (!lenient) raise(PyUnicodeError);
      if (replace) out += "\ufffd";
    }
    i = j;
  }
  return out;
}

/** Encodes a str; with encoding "ascii" any character from U+0080 up is a UnicodeError. */
export function encodeStr(text: string, encoding = "utf-8"): Uint8Array {
  if (codecOf(encoding) === "ascii") {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) >= 0x80) raise(PyUnicodeError);
    }
  }
  return encodeUtf8(text);
}

/** UTF-8 bytes of a str; lone surrogates are written as three bytes, as MicroPython stores them. */
export function encodeUtf8(text: string): Uint8Array {
  let lone = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
      } else {
        lone = true;
        break;
      }
    }
  }
  if (!lone) return encoder.encode(text);
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      out.push(c);
    } else if (c < 0x800) {
      out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    } else {
      out.push(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 0x3f),
        0x80 | ((c >> 6) & 0x3f),
        0x80 | (c & 0x3f),
      );
    }
  }
  return new Uint8Array(out);
}
