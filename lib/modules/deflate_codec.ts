/**
 * DEFLATE (RFC 1951) in both directions, byte stream in, byte stream out, with
 * no knowledge of Python: deflate.ts wraps these for DeflateIO.
 *
 * Inflater: a JS generator over a pull-based bit reader. It asks for a source
 * byte only when it needs another bit and yields after every decoded symbol, so
 * a caller wanting n bytes reads no further into the source than needed (what
 * MicroPython's DeflateIO does; its tests check the source position). Huffman
 * codes are decoded a bit at a time over canonical (count, symbol) tables.
 *
 * Compressor: MicroPython's shape of output: one final block with the fixed
 * Huffman code, greedy LZ77 over a window of 2**wbits bytes of history, the
 * longest match at each position (minimum 3, maximum 258), the nearest one
 * among equally long matches. Each write is matched on its own (a match does not
 * run past the data of that write), against the history of earlier writes.
 */

export class DeflateError extends Error {
  /** "eof": the source ended inside the stream; "data": the stream is malformed. */
  constructor(public kind: "eof" | "data") {
    super(kind);
  }
}

const LENGTH_BASE = [
  3,
  4,
  5,
  6,
  7,
  8,
  9,
  10,
  11,
  13,
  15,
  17,
  19,
  23,
  27,
  31,
  35,
  43,
  51,
  59,
  67,
  83,
  99,
  115,
  131,
  163,
  195,
  227,
  258,
];
const LENGTH_EXTRA = [
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  1,
  1,
  1,
  1,
  2,
  2,
  2,
  2,
  3,
  3,
  3,
  3,
  4,
  4,
  4,
  4,
  5,
  5,
  5,
  5,
  0,
];
const DIST_BASE = [
  1,
  2,
  3,
  4,
  5,
  7,
  9,
  13,
  17,
  25,
  33,
  49,
  65,
  97,
  129,
  193,
  257,
  385,
  513,
  769,
  1025,
  1537,
  2049,
  3073,
  4097,
  6145,
  8193,
  12289,
  16385,
  24577,
];
const DIST_EXTRA = [
  0,
  0,
  0,
  0,
  1,
  1,
  2,
  2,
  3,
  3,
  4,
  4,
  5,
  5,
  6,
  6,
  7,
  7,
  8,
  8,
  9,
  9,
  10,
  10,
  11,
  11,
  12,
  12,
  13,
  13,
];
/** The order code-length code lengths are sent in, in a dynamic block header. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code: how many codes of each length, and symbols in code order. */
interface Huffman {
  counts: Uint16Array;
  symbols: Uint16Array;
}

function buildHuffman(lengths: ArrayLike<number>): Huffman {
  const counts = new Uint16Array(16);
  for (let i = 0; i < lengths.length; i++) counts[lengths[i]]++;
  counts[0] = 0;
  const offsets = new Uint16Array(16);
  for (let len = 1; len < 16; len++) offsets[len] = offsets[len - 1] + counts[len - 1];
  const symbols = new Uint16Array(lengths.length);
  for (let i = 0; i < lengths.length; i++) {
    if (lengths[i] !== 0) symbols[offsets[lengths[i]]++] = i;
  }
  return { counts, symbols };
}

function fixedLiteralLengths(): number[] {
  const lengths: number[] = [];
  for (let i = 0; i < 288; i++) lengths.push(i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8);
  return lengths;
}

const FIXED_LITERALS = buildHuffman(fixedLiteralLengths());
const FIXED_DISTANCES = buildHuffman(new Array(30).fill(5));

/** Pulls source bytes one at a time; returns -1 at the end of the source. */
export type ByteSource = () => number;

export class BitReader {
  private bits = 0;
  private count = 0;
  constructor(private source: ByteSource) {}

  byte(): number {
    const b = this.source();
    if (b < 0) throw new DeflateError("eof");
    return b;
  }

  bit(): number {
    if (this.count === 0) {
      this.bits = this.byte();
      this.count = 8;
    }
    const b = this.bits & 1;
    this.bits >>= 1;
    this.count--;
    return b;
  }

  /** n bits, least significant first (how DEFLATE packs values). */
  read(n: number): number {
    let value = 0;
    for (let i = 0; i < n; i++) value |= this.bit() << i;
    return value;
  }

  /** Drops the rest of the current byte (before a stored block, or a trailer). */
  align(): void {
    this.count = 0;
  }

  decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= this.bit();
      const count = h.counts[len];
      if (code - first < count) return h.symbols[index + code - first];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new DeflateError("data");
  }
}

/**
 * Inflates from `bits`, yielding after each symbol; `out` receives the bytes.
 * `window` is the largest distance a back-reference may reach.
 */
export function* inflate(
  bits: BitReader,
  window: number,
  out: (byte: number) => void,
): Generator<void, void, void> {
  // The last `window` bytes produced, for back-references.
  const history = new Uint8Array(window);
  let produced = 0;
  const emit = (b: number) => {
    history[produced % window] = b;
    produced++;
    out(b);
  };
  let final = 0;
  while (!final) {
    final = bits.bit();
    const type = bits.read(2);
    if (type === 0) {
      bits.align();
      const len = bits.byte() | (bits.byte() << 8);
      const nlen = bits.byte() | (bits.byte() << 8);
      if ((len ^ 0xffff) !== nlen) throw new DeflateError("data");
      for (let i = 0; i < len; i++) {
        emit(bits.byte());
        yield;
      }
      continue;
    }
    if (type === 3) throw new DeflateError("data");
    let literals = FIXED_LITERALS;
    let distances = FIXED_DISTANCES;
    if (type === 2) [literals, distances] = readDynamicCodes(bits);
    for (;;) {
      const sym = bits.decode(literals);
      if (sym < 256) {
        emit(sym);
        yield;
        continue;
      }
      if (sym === 256) break;
      const li = sym - 257;
      if (li >= 29) throw new DeflateError("data");
      const length = LENGTH_BASE[li] + bits.read(LENGTH_EXTRA[li]);
      const di = bits.decode(distances);
      if (di >= 30) throw new DeflateError("data");
      const distance = DIST_BASE[di] + bits.read(DIST_EXTRA[di]);
      if (distance > window || distance > produced) throw new DeflateError("data");
      for (let i = 0; i < length; i++) emit(history[(produced - distance) % window]);
      yield;
    }
  }
}

function readDynamicCodes(bits: BitReader): [Huffman, Huffman] {
  const nlit = bits.read(5) + 257;
  const ndist = bits.read(5) + 1;
  const ncode = bits.read(4) + 4;
  const codeLengths = new Uint8Array(19);
  for (let i = 0; i < ncode; i++) codeLengths[CODE_LENGTH_ORDER[i]] = bits.read(3);
  const codeCode = buildHuffman(codeLengths);
  const lengths = new Uint8Array(nlit + ndist);
  for (let i = 0; i < nlit + ndist;) {
    const sym = bits.decode(codeCode);
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let repeat: number;
    let value = 0;
    if (sym === 16) {
      if (i === 0) throw new DeflateError("data");
      value = lengths[i - 1];
      repeat = 3 + bits.read(2);
    } else if (sym === 17) repeat = 3 + bits.read(3);
    else repeat = 11 + bits.read(7);
    if (i + repeat > nlit + ndist) throw new DeflateError("data");
    while (repeat-- > 0) lengths[i++] = value;
  }
  return [buildHuffman(lengths.subarray(0, nlit)), buildHuffman(lengths.subarray(nlit))];
}

// ---- compression ----

/** Collects bits least significant first and hands out each byte once complete. */
class BitWriter {
  private bits = 0;
  private count = 0;
  constructor(private sink: (byte: number) => void) {}

  write(value: number, n: number): void {
    for (let i = 0; i < n; i++) {
      this.bits |= ((value >> i) & 1) << this.count;
      if (++this.count === 8) {
        const b = this.bits;
        this.bits = 0;
        this.count = 0;
        this.sink(b);
      }
    }
  }

  /** A Huffman code goes most significant bit first. */
  writeCode(code: number, n: number): void {
    for (let i = n - 1; i >= 0; i--) this.write((code >> i) & 1, 1);
  }

  flush(): void {
    if (this.count > 0) this.write(0, 8 - this.count);
  }
}

function writeFixedLiteral(w: BitWriter, sym: number): void {
  if (sym < 144) w.writeCode(0x30 + sym, 8);
  else if (sym < 256) w.writeCode(0x190 + sym - 144, 9);
  else if (sym < 280) w.writeCode(sym - 256, 7);
  else w.writeCode(0xc0 + sym - 280, 8);
}

function writeMatch(w: BitWriter, length: number, distance: number): void {
  const li = lengthIndex(length);
  writeFixedLiteral(w, 257 + li);
  w.write(length - LENGTH_BASE[li], LENGTH_EXTRA[li]);
  const di = distIndex(distance);
  w.writeCode(di, 5);
  w.write(distance - DIST_BASE[di], DIST_EXTRA[di]);
}

function lengthIndex(length: number): number {
  let i = LENGTH_BASE.length - 1;
  while (LENGTH_BASE[i] > length) i--;
  return i;
}

function distIndex(distance: number): number {
  let i = DIST_BASE.length - 1;
  while (DIST_BASE[i] > distance) i--;
  return i;
}

const MIN_MATCH = 3;
// MicroPython's matcher allows one more byte than a DEFLATE length can say, and
// sends a 259-byte match as 256 + 3 (kept so the output is the same).
const MAX_MATCH = 259;
const MAX_LENGTH_CODE = 258;

export class Compressor {
  private writer: BitWriter;
  private started = false;
  /** Bytes seen, from absolute position `offset` on (older ones are dropped). */
  private bytes: number[] = [];
  private offset = 0;
  /** Where each 3-byte sequence occurred (absolute positions, ascending). */
  private chains = new Map<number, number[]>();
  /** Positions not yet in `chains` because their 3 bytes were not all seen. */
  private unindexed = 0;
  constructor(private window: number, sink: (byte: number) => void) {
    this.writer = new BitWriter(sink);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.writer.write(1, 1); // final block
    this.writer.write(1, 2); // fixed Huffman codes
  }

  private at(p: number): number {
    return this.bytes[p - this.offset];
  }

  private key(p: number): number {
    return (this.at(p) << 16) | (this.at(p + 1) << 8) | this.at(p + 2);
  }

  /** Records positions up to `limit` (exclusive) whose 3 bytes are known. */
  private index(limit: number): void {
    for (; this.unindexed < limit; this.unindexed++) {
      const k = this.key(this.unindexed);
      const chain = this.chains.get(k);
      if (chain === undefined) this.chains.set(k, [this.unindexed]);
      else chain.push(this.unindexed);
    }
  }

  /** The longest match for `pos` (nearest on ties) within `maxLength`: [length, distance]. */
  private longestMatch(pos: number, maxLength: number): [number, number] {
    const chain = this.chains.get(this.key(pos));
    let bestLength = 0;
    let bestDistance = 0;
    if (chain === undefined) return [0, 0];
    const farthest = pos - this.window;
    for (let i = chain.length - 1; i >= 0; i--) {
      const from = chain[i];
      if (from < farthest) {
        chain.splice(0, i + 1); // out of the window for good
        break;
      }
      let len = 3;
      while (len < maxLength && this.at(from + len) === this.at(pos + len)) len++;
      if (len > bestLength) {
        bestLength = len;
        bestDistance = pos - from;
        if (len === maxLength) break;
      }
    }
    return [bestLength, bestDistance];
  }

  write(data: Uint8Array): void {
    if (data.length === 0) return;
    this.start();
    const w = this.writer;
    let pos = this.offset + this.bytes.length;
    for (let i = 0; i < data.length; i++) this.bytes.push(data[i]);
    const end = this.offset + this.bytes.length;
    while (pos < end) {
      // Earlier positions whose 3 bytes are known are the match candidates.
      this.index(Math.min(pos, end - 2));
      const maxLength = Math.min(MAX_MATCH, end - pos);
      const [length, distance] = maxLength >= MIN_MATCH
        ? this.longestMatch(pos, maxLength)
        : [0, 0];
      if (length >= MIN_MATCH) {
        if (length > MAX_LENGTH_CODE) {
          writeMatch(w, 256, distance);
          writeMatch(w, length - 256, distance);
        } else writeMatch(w, length, distance);
        pos += length;
      } else {
        writeFixedLiteral(w, this.at(pos));
        pos++;
      }
    }
    // Keep a window of history (plus the two bytes still to be indexed).
    const keep = this.window + 2;
    if (this.bytes.length > 2 * keep) {
      const drop = this.bytes.length - keep;
      this.bytes.splice(0, drop);
      this.offset += drop;
    }
  }

  /** Ends the block (if anything was written) and pads to a byte. */
  finish(): void {
    if (!this.started) return;
    writeFixedLiteral(this.writer, 256);
    this.writer.flush();
  }
}

// ---- checksums ----

export function adler32(data: Uint8Array, adler = 1): number {
  let a = adler & 0xffff;
  let b = adler >>> 16;
  for (let i = 0; i < data.length; i++) {
    a = (a + data[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}
