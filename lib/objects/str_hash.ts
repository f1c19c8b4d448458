/**
 * MicroPython's string hash (unix port: 16-bit, djb2 with xor over the UTF-8
 * bytes; 0 is reserved so it becomes 1). Python code can observe it through
 * hash() and set/dict ordering, so it must match exactly.
 */

export function bytesHash(data: Uint8Array): number {
  let h = 5381;
  for (let i = 0; i < data.length; i++) h = ((h * 33) ^ data[i]) & 0xffff;
  return h === 0 ? 1 : h;
}

export function strHash(s: string): number {
  let h = 5381;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      h = ((h * 33) ^ c) & 0xffff;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
    }
    if (c < 0x800) {
      h = ((h * 33) ^ (0xc0 | (c >> 6))) & 0xffff;
    } else if (c < 0x10000) {
      h = ((h * 33) ^ (0xe0 | (c >> 12))) & 0xffff;
      h = ((h * 33) ^ (0x80 | ((c >> 6) & 0x3f))) & 0xffff;
    } else {
      h = ((h * 33) ^ (0xf0 | (c >> 18))) & 0xffff;
      h = ((h * 33) ^ (0x80 | ((c >> 12) & 0x3f))) & 0xffff;
      h = ((h * 33) ^ (0x80 | ((c >> 6) & 0x3f))) & 0xffff;
    }
    h = ((h * 33) ^ (0x80 | (c & 0x3f))) & 0xffff;
  }
  return h === 0 ? 1 : h;
}
