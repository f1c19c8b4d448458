/**
 * The lexer's token stream for inputs where MicroPython's tokenizer has
 * particular rules: indentation, line joining, numbers, string escapes, bytes,
 * f-strings. Expected values were checked against MicroPython (the oracle).
 */

import { deepEqual, equal, ok } from "node:assert/strict";
import { tokenize } from "../lib/compiler/lexer.ts";
import type { CompileError } from "../lib/compiler/syntax_error.ts";
import { type FString, type FStringPiece, Tok, type Token } from "../lib/compiler/tokens.ts";

/** Token kinds by name, with NAME/NUMBER/STRING values inline: `NAME:x`, `NUMBER:1`. */
function kinds(source: string): string[] {
  return tokenize(source).map((t) => {
    const name = Tok[t.kind];
    if (t.kind === Tok.NAME) return `NAME:${t.text}`;
    if (t.kind === Tok.STRING) return `STRING:${JSON.stringify(t.text)}`;
    if (t.kind === Tok.NUMBER) return `NUMBER:${t.text}`;
    if (t.kind === Tok.ERROR) return `ERROR:${(t.value as CompileError).message}`;
    return name;
  });
}

function only(source: string): Token {
  const tokens = tokenize(source);
  equal(tokens.length, 3, `one token expected in ${JSON.stringify(source)}`); // token NEWLINE EOF
  return tokens[0];
}

function numberValue(source: string): unknown {
  const tok = only(source);
  equal(tok.kind, Tok.NUMBER);
  return tok.value;
}

/** The error a source lexes to: "Type line: message". */
function lexError(source: string): string {
  const tok = tokenize(source).find((t) => t.kind === Tok.ERROR);
  if (tok === undefined) return "no error";
  const e = tok.value as CompileError;
  return `${e.type} ${e.line}: ${e.message}`;
}

function str(source: string): string {
  const tok = only(source);
  equal(tok.kind, Tok.STRING);
  return tok.text;
}

function bytes(source: string): number[] {
  const tok = only(source);
  equal(tok.kind, Tok.BYTES);
  return [...(tok.value as Uint8Array)];
}

function fstring(source: string): FString {
  const tok = only(source);
  equal(tok.kind, Tok.FSTRING);
  return tok.value as FString;
}

/** f-string pieces as text: literals quoted, fields as {source!c:spec} with `=` marked. */
function pieces(list: FStringPiece[]): string {
  return list.map((p) => {
    if (typeof p === "string") return JSON.stringify(p);
    let out = "{" + p.source;
    if (p.selfDoc !== null) out += "=";
    if (p.conversion >= 0) out += "!" + String.fromCharCode(p.conversion);
    if (p.spec !== null) out += ":" + pieces(p.spec);
    return out + "}";
  }).join(" ");
}

Deno.test("lexer: operators, longest match first", () => {
  deepEqual(kinds("a**=b//=c>>=d<<=e...f->g:=h@=i"), [
    "NAME:a",
    "DOUBLESTAREQUAL",
    "NAME:b",
    "DOUBLESLASHEQUAL",
    "NAME:c",
    "RSHIFTEQUAL",
    "NAME:d",
    "LSHIFTEQUAL",
    "NAME:e",
    "ELLIPSIS",
    "NAME:f",
    "ARROW",
    "NAME:g",
    "WALRUS",
    "NAME:h",
    "ATEQUAL",
    "NAME:i",
    "NEWLINE",
    "EOF",
  ]);
  deepEqual(kinds("<><=>=!===..=~^|&%@"), [
    "LESS",
    "GREATER",
    "LESSEQUAL",
    "GREATEREQUAL",
    "NOTEQUAL",
    "EQEQUAL",
    "DOT",
    "DOT",
    "EQUAL",
    "TILDE",
    "CIRCUMFLEX",
    "VBAR",
    "AMPER",
    "PERCENT",
    "AT",
    "NEWLINE",
    "EOF",
  ]);
});

Deno.test("lexer: keywords, names, unicode identifiers", () => {
  deepEqual(kinds("if x: None"), ["IF", "NAME:x", "COLON", "NONE", "NEWLINE", "EOF"]);
  deepEqual(kinds("é = match"), ["NAME:é", "EQUAL", "NAME:match", "NEWLINE", "EOF"]);
  // Not keywords in MicroPython's grammar.
  deepEqual(kinds("__debug__ print"), ["NAME:__debug__", "NAME:print", "NEWLINE", "EOF"]);
});

Deno.test("lexer: invalid characters", () => {
  equal(lexError("x = $"), "SyntaxError 1: invalid syntax");
  equal(lexError("x = 1 ? 2"), "SyntaxError 1: invalid syntax");
  equal(lexError("!"), "SyntaxError 1: invalid syntax");
  equal(lexError("`"), "SyntaxError 1: invalid syntax");
  equal(lexError("x = 1\x7f"), "SyntaxError 1: invalid syntax");
  for (let c = 0; c <= 8; c++) {
    equal(lexError("123" + String.fromCharCode(c)).startsWith("Syn"), true);
  }
  // Tab, vertical tab and form feed are blanks.
  equal(lexError("x = 1\t\x0b\x0c"), "no error");
});

Deno.test("lexer: indentation", () => {
  deepEqual(kinds("if x:\n  y\n  if z:\n    w\nv\n"), [
    "IF",
    "NAME:x",
    "COLON",
    "NEWLINE",
    "INDENT",
    "NAME:y",
    "NEWLINE",
    "IF",
    "NAME:z",
    "COLON",
    "NEWLINE",
    "INDENT",
    "NAME:w",
    "NEWLINE",
    "DEDENT",
    "DEDENT",
    "NAME:v",
    "NEWLINE",
    "EOF",
  ]);
  // Blank and comment-only lines (at any indentation) do not count.
  deepEqual(kinds("if x:\n  y\n\n      # c\n  \n  z\n"), [
    "IF",
    "NAME:x",
    "COLON",
    "NEWLINE",
    "INDENT",
    "NAME:y",
    "NEWLINE",
    "NAME:z",
    "NEWLINE",
    "DEDENT",
    "EOF",
  ]);
  // A tab advances to the next multiple of 8: these three lines are equally indented.
  equal(lexError("if 1:\n\tx=1\n        y=2\n  \tz=3\n"), "no error");
  // Form feed counts as one column (MicroPython: " x" and "\fx" are both indented).
  deepEqual(kinds("\x0cx"), ["INDENT", "NAME:x", "NEWLINE", "DEDENT", "EOF"]);
  // Dedent to a level that was never opened: reported at the previous line, as MicroPython does.
  equal(
    lexError("x = 1\nif 1:\n    pass\n  x = 2\n"),
    "IndentationError 3: unindent doesn't match any outer indent level",
  );
  equal(
    lexError("class A:\n  def f(self):\n    return 1\n   x = 2\n"),
    "IndentationError 3: unindent doesn't match any outer indent level",
  );
  // DEDENTs close every open block at the end.
  deepEqual(kinds("if a:\n if b:\n  c"), [
    "IF",
    "NAME:a",
    "COLON",
    "NEWLINE",
    "INDENT",
    "IF",
    "NAME:b",
    "COLON",
    "NEWLINE",
    "INDENT",
    "NAME:c",
    "NEWLINE",
    "DEDENT",
    "DEDENT",
    "EOF",
  ]);
});

Deno.test("lexer: line joining", () => {
  // Newlines and indentation inside brackets mean nothing.
  deepEqual(kinds("x = (1,\n      2)\ny"), [
    "NAME:x",
    "EQUAL",
    "LPAR",
    "NUMBER:1",
    "COMMA",
    "NUMBER:2",
    "RPAR",
    "NEWLINE",
    "NAME:y",
    "NEWLINE",
    "EOF",
  ]);
  deepEqual(kinds("x = 1 \\\n  + 2"), [
    "NAME:x",
    "EQUAL",
    "NUMBER:1",
    "PLUS",
    "NUMBER:2",
    "NEWLINE",
    "EOF",
  ]);
  // A continued line is indented by where its first token lands (MicroPython).
  deepEqual(kinds("if 1:\n  \\\n  x"), [
    "IF",
    "NUMBER:1",
    "COLON",
    "NEWLINE",
    "INDENT",
    "NAME:x",
    "NEWLINE",
    "DEDENT",
    "EOF",
  ]);
  deepEqual(kinds("x\n\\\n  y"), [
    "NAME:x",
    "NEWLINE",
    "INDENT",
    "NAME:y",
    "NEWLINE",
    "DEDENT",
    "EOF",
  ]);
  // A backslash not before a newline, or at the very end.
  equal(lexError("a \\a\n"), "SyntaxError 1: invalid syntax");
  equal(lexError("x = 1 \\"), "SyntaxError 1: invalid syntax");
  // `\` + newline at the end leaves the statement without its NEWLINE.
  deepEqual(kinds("x \\\n"), ["NAME:x", "EOF"]);
  deepEqual(kinds("\\\n"), ["EOF"]);
});

Deno.test("lexer: NEWLINE at the edges", () => {
  // Every source behaves as if it ended with a newline.
  deepEqual(kinds("x"), ["NAME:x", "NEWLINE", "EOF"]);
  deepEqual(kinds("x\n"), ["NAME:x", "NEWLINE", "EOF"]);
  deepEqual(kinds(""), ["NEWLINE", "EOF"]);
  deepEqual(kinds("# c"), ["NEWLINE", "EOF"]);
  // Blank lines before the first token give one NEWLINE (why eval("\n1") fails in MicroPython).
  deepEqual(kinds("\n\n# c\nx"), ["NEWLINE", "NAME:x", "NEWLINE", "EOF"]);
  // \r\n and \r are newlines.
  deepEqual(kinds("a\r\nb\rc"), [
    "NAME:a",
    "NEWLINE",
    "NAME:b",
    "NEWLINE",
    "NAME:c",
    "NEWLINE",
    "EOF",
  ]);
});

Deno.test("lexer: positions", () => {
  const tokens = tokenize("x = 1\nif y:\n    z = 'a\\\nb'\n");
  const at = (i: number) => `${Tok[tokens[i].kind]} ${tokens[i].line}:${tokens[i].col}`;
  equal(at(0), "NAME 1:0");
  equal(at(2), "NUMBER 1:4");
  equal(at(4), "IF 2:0");
  equal(at(9), "NAME 3:4");
  equal(at(11), "STRING 3:8");
  equal(at(12), "NEWLINE 4:2");
});

Deno.test("lexer: integers", () => {
  deepEqual(numberValue("0"), { type: "int", value: 0 });
  deepEqual(numberValue("00"), { type: "int", value: 0 });
  deepEqual(numberValue("1_000_000"), { type: "int", value: 1000000 });
  // MicroPython drops every underscore.
  deepEqual(numberValue("1__0"), { type: "int", value: 10 });
  deepEqual(numberValue("1_"), { type: "int", value: 1 });
  deepEqual(numberValue("0x_f"), { type: "int", value: 15 });
  deepEqual(numberValue("0XFF"), { type: "int", value: 255 });
  deepEqual(numberValue("0o17"), { type: "int", value: 15 });
  deepEqual(numberValue("0B101"), { type: "int", value: 5 });
  deepEqual(numberValue("9007199254740991"), { type: "int", value: 9007199254740991 });
  deepEqual(numberValue("9007199254740993"), { type: "int", value: 9007199254740993n });
  deepEqual(numberValue("123456789012345678901234567890"), {
    type: "int",
    value: 123456789012345678901234567890n,
  });
  deepEqual(numberValue("0xffffffffffffffffffff"), { type: "int", value: 0xffffffffffffffffffffn });
  deepEqual(numberValue("0b" + "1".repeat(60)), { type: "int", value: (1n << 60n) - 1n });
});

Deno.test("lexer: floats and imaginary numbers", () => {
  deepEqual(numberValue("1."), { type: "float", value: 1 });
  deepEqual(numberValue(".5"), { type: "float", value: 0.5 });
  deepEqual(numberValue("1e10"), { type: "float", value: 1e10 });
  deepEqual(numberValue("1E-3"), { type: "float", value: 0.001 });
  deepEqual(numberValue("1_000.5"), { type: "float", value: 1000.5 });
  deepEqual(numberValue("1_e5"), { type: "float", value: 1e5 });
  deepEqual(numberValue("1.e5"), { type: "float", value: 1e5 });
  deepEqual(numberValue("09.5"), { type: "float", value: 9.5 });
  deepEqual(numberValue("1.7976931348623157e309"), { type: "float", value: Infinity });
  deepEqual(numberValue("1j"), { type: "complex", imag: 1 });
  deepEqual(numberValue("1.5J"), { type: "complex", imag: 1.5 });
  deepEqual(numberValue("012j"), { type: "complex", imag: 12 });
});

Deno.test("lexer: bad numbers, with MicroPython's messages", () => {
  equal(lexError("0777"), "SyntaxError 1: invalid syntax for integer with base 0: '0777'");
  equal(lexError("0_1"), "SyntaxError 1: invalid syntax for integer with base 0: '01'");
  equal(lexError("0b12"), "SyntaxError 1: invalid syntax for integer with base 2: '12'");
  equal(lexError("0o8"), "SyntaxError 1: invalid syntax for integer with base 8: '8'");
  equal(lexError("0x"), "SyntaxError 1: invalid syntax for integer with base 16: ''");
  equal(lexError("\n0xg"), "SyntaxError 2: invalid syntax for integer with base 16: 'g'");
  // Numbers run on through letters: MicroPython needs a space before a keyword.
  equal(lexError("1if 1 else 2"), "SyntaxError 1: invalid syntax for integer with base 10: '1if'");
  equal(lexError("0b1e"), "SyntaxError 1: invalid syntax for integer with base 2: '1e'");
  equal(lexError("1e"), "SyntaxError 1: invalid syntax for number");
  equal(lexError("1e+"), "SyntaxError 1: invalid syntax for number");
  equal(lexError("1..2"), "SyntaxError 1: invalid syntax for number");
  equal(lexError("1.real"), "SyntaxError 1: invalid syntax for number");
  equal(lexError("0x1.real"), "SyntaxError 1: invalid syntax for number");
  equal(lexError("1jx"), "SyntaxError 1: invalid syntax for number");
  // With a space the attribute is fine.
  deepEqual(kinds("1 .real"), ["NUMBER:1", "DOT", "NAME:real", "NEWLINE", "EOF"]);
});

Deno.test("lexer: string prefixes and quoting", () => {
  equal(str("'a'"), "a");
  equal(str('"a"'), "a");
  equal(str("'''a\nb'''"), "a\nb");
  equal(str('"""a"b""c"""'), 'a"b""c');
  equal(str("''''''"), "");
  equal(str("u'x'"), "x");
  equal(str("U'x'"), "x");
  equal(str("r'\\n'"), "\\n");
  equal(str("R'\\d'"), "\\d");
  // In a raw string a backslash still protects the quote, and stays.
  equal(str("r'\\''"), "\\'");
  deepEqual(bytes("rb'\\x'"), [92, 120]);
  deepEqual(bytes("Br'a'"), [97]);
  equal(only("rf'{x}'").kind, Tok.FSTRING);
  equal(only("FR'{x}'").kind, Tok.FSTRING);
  // Not prefixes: a name followed by a string.
  deepEqual(kinds("ub'x'"), ["NAME:ub", 'STRING:"x"', "NEWLINE", "EOF"]);
  deepEqual(kinds("bf'x'"), ["NAME:bf", 'STRING:"x"', "NEWLINE", "EOF"]);
});

Deno.test("lexer: str escapes", () => {
  equal(str("'\\a\\b\\f\\n\\r\\t\\v\\\\\\'\\\"'"), "\x07\b\f\n\r\t\v\\'\"");
  equal(str("'\\x41\\u00e9\\U0001F600'"), "Aé😀");
  equal(str("'\\0'"), "\0");
  equal(str("'\\08'"), "\x008");
  equal(str("'\\1234'"), "S4");
  equal(str("'\\777'"), "\u01ff");
  equal(str("'\\uD800'"), "\ud800");
  // Unknown escapes keep the backslash.
  equal(str("'\\z\\8'"), "\\z\\8");
  // Backslash-newline joins lines inside the string.
  equal(str("'a\\\nb'"), "ab");
  equal(lexError("'\\x0'"), "SyntaxError 1: invalid syntax");
  equal(lexError("'\\x4G'"), "SyntaxError 1: invalid syntax");
  equal(lexError("'\\u000'"), "SyntaxError 1: invalid syntax");
  equal(lexError("'\\U0000000'"), "SyntaxError 1: invalid syntax");
  equal(lexError("'\\U00110000'"), "SyntaxError 1: invalid syntax");
  equal(lexError("x = '\\N{DEGREE SIGN}'"), "NotImplementedError 1: unicode name escapes");
});

Deno.test("lexer: unterminated strings are reported at their first line", () => {
  equal(lexError("x = 1\ns = 'abc\ny = 2\n"), "SyntaxError 2: invalid syntax");
  equal(lexError('x = 1\ns = """abc\ndef\n'), "SyntaxError 2: invalid syntax");
  equal(lexError("r'\\'"), "SyntaxError 1: invalid syntax");
  equal(lexError("'''a''''"), "SyntaxError 1: invalid syntax");
});

Deno.test("lexer: bytes", () => {
  deepEqual(bytes("b'a\\x00\\xff'"), [97, 0, 255]);
  deepEqual(bytes("b'\\377'"), [255]);
  // \u is not an escape in bytes; non-ASCII text is kept as UTF-8.
  deepEqual(bytes("b'\\u1234'"), [92, 117, 49, 50, 51, 52]);
  deepEqual(bytes("b'é€😀'"), [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  equal(lexError("b'\\400'"), "SyntaxError 1: invalid syntax");
  equal(lexError("b'\\x0'"), "SyntaxError 1: invalid syntax");
  equal(lexError("b'\\N{x}'"), "NotImplementedError 1: unicode name escapes");
});

Deno.test("lexer: f-string pieces", () => {
  equal(pieces(fstring("f'a{x}b'").pieces), '"a" {x} "b"');
  equal(pieces(fstring("f'{x!r}{y!s:>4}{z!a}'").pieces), '{x!r} {y!s:">4"} {z!a}');
  equal(pieces(fstring("f'{{}}{x}'").pieces), '"{}" {x}');
  equal(pieces(fstring("f'\\n{x}\\t'").pieces), '"\\n" {x} "\\t"');
  equal(pieces(fstring("rf'\\n{x}'").pieces), '"\\\\n" {x}');
  // Format specs with nested fields.
  equal(pieces(fstring("f'{x:{w}.{p}f}'").pieces), '{x:{w} "." {p} "f"}');
  // The expression ends at a top-level `:`/`}`/`!r` but not inside brackets or strings.
  equal(pieces(fstring("f'{a[1:2]:>{w}}'").pieces), '{a[1:2]:">" {w}}');
  equal(pieces(fstring("f'{d[\"}\"]}'").pieces), '{d["}"]}');
  equal(pieces(fstring("f'{(lambda: 1)()}'").pieces), "{(lambda: 1)()}");
  equal(pieces(fstring("f'{a != b}'").pieces), "{a != b}");
  equal(pieces(fstring("f'{a!rr}'").pieces), "{a!rr}");
  // Nested f-strings, even with the same quote.
  equal(pieces(fstring("f\"{f'{x:{w}}'}\"").pieces), "{f'{x:{w}}'}");
  equal(pieces(fstring('f"{"a"}"').pieces), '{"a"}');
  // Newlines inside a field are fine (the field is parsed as if in brackets).
  equal(pieces(fstring("f'''{1 +\n2}'''").pieces), "{1 +\n2}");
});

Deno.test("lexer: f-string self-documenting fields", () => {
  // MicroPython: the text up to and including `=`, then str() of the value.
  const fs = fstring("f'{ x = }'");
  equal(pieces(fs.pieces), "{ x = }");
  const field = fstring("f'a{ x =!r:>10}'").pieces[1];
  ok(typeof field !== "string");
  equal(field.selfDoc, " x =");
  equal(field.source, " x ");
  equal(field.conversion, 114);
  equal(pieces(fstring("f'a{ x =!r:>10}'").pieces), '"a x =" { x =!r:">10"}');
  // `{x = }` is not self-documenting in MicroPython (the text must end with `=`).
  const plain = fstring("f'{x = }'").pieces[0];
  ok(typeof plain !== "string");
  equal(plain.selfDoc, null);
});

Deno.test("lexer: f-strings keep MicroPython's format string", () => {
  let fs = fstring("f'a{x!r:>{w}}{{b}}'");
  equal(fs.format, "a{!r:>{}}{{b}}");
  deepEqual(fs.fields.map((f) => f.source), ["x", "w"]);
  equal(fs.needsFormatCall, false);
  fs = fstring("f'{x=}'");
  equal(fs.format, "x={}");
  // Things only str.format can reproduce.
  equal(fstring("f'}'").needsFormatCall, true);
  equal(fstring("f'{1:{2:{3}}}'").needsFormatCall, true);
  equal(fstring("f'{1:'").needsFormatCall, true);
  equal(fstring("f'\\x7b{1}'").needsFormatCall, true);
  equal(fstring("f'\\{1}'").needsFormatCall, true);
  equal(fstring("f'{1:{{}}}'").needsFormatCall, true);
});

Deno.test("lexer: f-string errors", () => {
  equal(lexError("f'{'"), "SyntaxError 1: invalid syntax");
  equal(lexError("f'{x"), "SyntaxError 1: invalid syntax");
  equal(lexError("x = 1\nf'{x\n"), "SyntaxError 2: invalid syntax");
  equal(lexError("f'{x}\\N{DASH}'"), "NotImplementedError 1: unicode name escapes");
});

Deno.test("lexer: an error becomes an ERROR token, later tokens are dropped", () => {
  deepEqual(kinds("a = 1\nb = $\nc"), [
    "NAME:a",
    "EQUAL",
    "NUMBER:1",
    "NEWLINE",
    "NAME:b",
    "EQUAL",
    "ERROR:invalid syntax",
    "EOF",
  ]);
});
