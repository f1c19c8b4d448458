/**
 * Content digests that both the host and the board can compute, to verify file copies.
 *
 * SHA-256 when the board has `hashlib.sha256` and `binascii.hexlify` (a Pico does); otherwise
 * Adler-32, which a board without any hashing module computes with a few lines of Python using
 * only small-int arithmetic (sums kept below 65521 so a 31-bit small int never overflows into a
 * slow long int). Both are written as lowercase hex, the board side printing the same text.
 */

export type DigestAlgorithm = "sha256" | "adler32";

/** Incremental Adler-32 (RFC 1950), returned as 8 hex digits. */
export class Adler32 {
  #a = 1;
  #b = 0;
  update(data: Uint8Array): void {
    let a = this.#a;
    let b = this.#b;
    // 5552 is the longest run that cannot overflow 32-bit sums before the modulo (zlib's NMAX).
    for (let start = 0; start < data.length; start += 5552) {
      const end = Math.min(start + 5552, data.length);
      for (let i = start; i < end; i++) {
        a += data[i];
        b += a;
      }
      a %= 65521;
      b %= 65521;
    }
    this.#a = a;
    this.#b = b;
  }
  hex(): string {
    return this.#b.toString(16).padStart(4, "0") + this.#a.toString(16).padStart(4, "0");
  }
}

/** The digest of `data` in the given algorithm, as the board would print it. */
export async function digestHex(algorithm: DigestAlgorithm, data: Uint8Array): Promise<string> {
  if (algorithm === "adler32") {
    const sum = new Adler32();
    sum.update(data);
    return sum.hex();
  }
  const copy = new Uint8Array(data); // digest() wants a plain ArrayBuffer-backed view
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", copy));
  return Array.from(hash, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
