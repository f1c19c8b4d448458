/**
 * `repr()` of str: MicroPython quotes with ' unless the text contains ' and no ",
 * escapes \\, the quote, \n \r \t and the other ASCII control characters (and DEL)
 * as \xNN, and prints every non-ASCII character as it is — C1 controls included,
 * unlike CPython — except a lone surrogate, shown as \uXXXX (MicroPython 1.29's
 * unicode printing, its PR #18854).
 */

export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x5c && c !== quote.charCodeAt(0)) continue;
    if (c >= 0x80 && (c < 0xd800 || c > 0xdfff)) continue;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a surrogate pair: one printable code point beyond the BMP
        continue;
      }
    }
    out += s.slice(start, i) + escapeChar(c, quote);
    start = i + 1;
  }
  return out + s.slice(start) + quote;
}

function escapeChar(c: number, quote: string): string {
  switch (c) {
    case 0x5c:
      return "\\\\";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
  }
  if (c === quote.charCodeAt(0)) return "\\" + quote;
  // A lone surrogate (chr(0xd800)) is no character: shown as its code.
  if (c >= 0xd800) return "\\u" + c.toString(16);
  return "\\x" + c.toString(16).padStart(2, "0");
}
