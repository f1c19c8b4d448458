/**
 * The text of a float under %e/%f/%g (and their upper-case forms), as MicroPython
 * prints it. Shared by `%` formatting (str_percent.ts) and the format-spec
 * mini-language (format_spec.ts).
 *
 * MicroPython's float formatter differs from C's printf in ways programs can see:
 *  - rounding is to nearest with ties away from zero, on the exact binary value
 *    ("%.0f" % 0.5 is "1", "%.2f" % 0.125 is "0.13", "%.1f" % 0.15 is "0.1");
 *  - it never prints more than 17 meaningful digits: past 16 it prints the
 *    16-digit rounding when that reads back as the same double, else the 17-digit
 *    one, then pads with zeros ("%.20f" % (2/3) is "0.66666666666666660000");
 *  - the result lives in a 32-byte buffer, so very long outputs lose decimals, and
 *    a %f too wide for it turns into %g ("%f" % 1e300 is "1e+300");
 *  - '#' is ignored and nan/inf follow the case of the format letter.
 * JS's toExponential/toFixed round the exact value with ties away from zero,
 * which is what MicroPython's formatter does, so they do the digit work here.
 */

/** Characters the formatted number (sign included) may take: MicroPython's buffer less the NUL. */
const BUFFER_CHARS = 31;

/**
 * Formats a double. `kind` is one of e E f F g G; `precision` < 0 means 6;
 * `sign` is "" (minus only), "+" or " " for non-negative numbers.
 */
export function formatFloatText(x: number, kind: string, precision: number, sign: string): string {
  const negative = x < 0 || (x === 0 && 1 / x < 0);
  const signText = negative ? "-" : sign;
  const upper = kind === "E" || kind === "F" || kind === "G";
  if (x !== x) return sign + (upper ? "NAN" : "nan");
  if (x === Infinity || x === -Infinity) return signText + (upper ? "INF" : "inf");
  const abs = negative ? -x : x;
  const room = BUFFER_CHARS - signText.length;
  let prec = precision < 0 ? 6 : precision;
  let mode = kind.toLowerCase();
  if (mode === "f" && prec <= 15 && abs < SMALL_FIXED[prec]) {
    // Fewer than 16 digits in all and well inside the buffer: exact rounding is all there is.
    return signText + abs.toFixed(prec);
  }
  const exp10 = abs === 0 ? 0 : decimalExponent(abs);
  // %g switches to exponent form from this exponent on (the precision, or the buffer).
  let plainLimit = prec < room - 1 ? prec : room - 1;
  if (mode === "f" && exp10 > 0 && exp10 + prec > room) {
    // Too wide for MicroPython's buffer: it falls back to %g with one more digit.
    mode = "g";
    prec++;
  }
  let body: string;
  if (mode === "f") body = fixedText(abs, exp10, prec, room);
  else if (mode === "e") body = exponentText(abs, Math.min(prec, room - 7));
  else {
    if (prec === 0) prec = plainLimit = 1;
    body = generalText(abs, prec, plainLimit);
  }
  if (upper) body = body.toUpperCase();
  return signText + body;
}

/** SMALL_FIXED[p]: below it, %.{p}f of a number needs at most 15 significant digits. */
const SMALL_FIXED = Array.from({ length: 16 }, (_, p) => 10 ** (15 - p));

/** floor(log10(x)) as MicroPython sees it (the exponent of the shortest repr), for x > 0. */
function decimalExponent(x: number): number {
  const text = x.toExponential();
  return +text.slice(text.indexOf("e") + 1);
}

/**
 * The first `count` significant digits of x > 0 and the decimal exponent of the
 * first one, rounded as MicroPython rounds (see the file comment). `exp10` is
 * decimalExponent(x): MicroPython counts digits from it, which matters when x is
 * just below a power of ten that its shortest repr rounds up to (1e23 is
 * 9.999999999999999e22 as a double, yet "%.3e" % 1e23 is "1.000e+23").
 */
function significantDigits(
  x: number,
  count: number,
  exp10: number,
): { digits: string; exp: number } {
  let text: string;
  if (count <= 16) {
    text = roundedFrom(x, count, exp10);
  } else {
    text = roundedFrom(x, 16, exp10);
    if (Number(text) !== x) text = roundedFrom(x, 17, exp10);
  }
  const ePos = text.indexOf("e");
  let digits = text.charCodeAt(1) === 0x2e ? text[0] + text.slice(2, ePos) : text.slice(0, ePos);
  if (digits.length < count) digits += "0".repeat(count - digits.length);
  return { digits, exp: +text.slice(ePos + 1) };
}

/** x rounded to `count` digits counted from 10**exp10, in toExponential's layout. */
function roundedFrom(x: number, count: number, exp10: number): string {
  const text = x.toExponential(count - 1);
  if (+text.slice(text.indexOf("e") + 1) >= exp10 || count < 2) return text;
  return x.toExponential(count - 2);
}

/** %f of x >= 0 with `prec` decimals, within `room` characters. */
function fixedText(x: number, exp10: number, prec: number, room: number): string {
  // The buffer caps the decimals; numbers below 0.001 get one more (MicroPython
  // writes their leading zeros separately).
  const maxDecimals = exp10 >= 0 ? room - exp10 - 2 : exp10 < -2 && prec > 2 ? room - 1 : room - 2;
  if (prec > maxDecimals) prec = maxDecimals > 0 ? maxDecimals : 0;
  if (x === 0) return prec === 0 ? "0" : "0." + "0".repeat(prec);
  const count = exp10 + 1 + prec;
  if (count <= 16 && x < 1e21) return x.toFixed(prec);
  // More digits than a double holds: 16 or 17 meaningful ones, then zeros.
  const { digits, exp } = significantDigits(x, count, exp10);
  let intPart: string;
  let fracPart: string;
  if (exp >= 0) {
    intPart = digits.slice(0, exp + 1);
    fracPart = digits.slice(exp + 1);
  } else {
    intPart = "0";
    fracPart = "0".repeat(-exp - 1) + digits;
  }
  if (fracPart.length > prec) fracPart = fracPart.slice(0, prec);
  else if (fracPart.length < prec) fracPart += "0".repeat(prec - fracPart.length);
  return prec === 0 ? intPart : intPart + "." + fracPart;
}

/** %e of x >= 0 with `prec` decimals. */
function exponentText(x: number, prec: number): string {
  if (prec < 0) prec = 0;
  if (x === 0) return (prec === 0 ? "0" : "0." + "0".repeat(prec)) + "e+00";
  const { digits, exp } = significantDigits(x, prec + 1, decimalExponent(x));
  const mantissa = prec === 0 ? digits : digits[0] + "." + digits.slice(1);
  return mantissa + exponentSuffix(exp);
}

function exponentSuffix(exp: number): string {
  const magnitude = exp < 0 ? -exp : exp;
  return (exp < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" + magnitude : String(magnitude));
}

/**
 * %g of x >= 0 with `prec` significant digits: exponent form when the exponent is
 * below -4 or reaches the precision (or the buffer's limit), trailing zeros removed.
 */
function generalText(x: number, prec: number, plainLimit: number): string {
  if (x === 0) return "0";
  const { digits, exp } = significantDigits(x, prec, decimalExponent(x));
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 0x30) end--;
  const kept = digits.slice(0, end);
  if (exp < -4 || exp >= plainLimit) {
    const mantissa = kept.length === 1 ? kept : kept[0] + "." + kept.slice(1);
    return mantissa + exponentSuffix(exp);
  }
  if (exp < 0) return "0." + "0".repeat(-exp - 1) + kept;
  if (kept.length <= exp + 1) return kept + "0".repeat(exp + 1 - kept.length);
  return kept.slice(0, exp + 1) + "." + kept.slice(exp + 1);
}

/**
 * repr() of a float as MicroPython writes it: 16 significant digits when they
 * read back as the same double, else 17 (so not always the shortest text:
 * repr(9.995) is "9.994999999999999"), exponent form from 1e16 and below 1e-4,
 * and ".0" on integral values.
 */
export function floatReprText(x: number): string {
  let text = formatFloatText(x, "g", 16, "");
  if (x === x && x !== Infinity && x !== -Infinity && Number(text) !== x) {
    text = formatFloatText(x, "g", 17, "");
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e || c === 0x65 || c === 0x6e) return text; // '.', 'e', 'n' (inf, nan)
  }
  return text + ".0";
}
