/**
 * f-strings: splits an FSTRING token's raw body into literal text and
 * replacement fields. Each field `{expr!c:spec}` is parsed by a nested parser;
 * the spec may itself contain fields (`f"{x:{width}.{prec}}"`), and `{expr=}`
 * keeps the expression text (and the `=`) as a literal before the value, with
 * repr as the default conversion, as Python does.
 */

import type * as A from "./ast.ts";
import { decodeEscapes, Lexer, type Token } from "./lexer.ts";
import { Parser } from "./parser.ts";
import { CompileError } from "./syntax_error.ts";

export function parseFString(tok: Token, filename: string): A.Expr[] {
  return parseBody(tok.text, tok.raw, tok, filename, 0);
}

function parseBody(
  body: string,
  raw: boolean,
  tok: Token,
  filename: string,
  nesting: number,
): A.Expr[] {
  const fail = (m = "invalid syntax"): never => {
    throw new CompileError("SyntaxError", m, filename, tok.line, tok.col);
  };
  if (nesting > 2) fail("f-string: expressions nested too deeply");
  const pos = { line: tok.line, col: tok.col };
  const parts: A.Expr[] = [];
  let literal = "";
  const flush = () => {
    if (literal !== "") {
      parts.push({
        kind: "Constant",
        value: { type: "str", value: raw ? literal : decodeEscapes(literal, fail) },
        ...pos,
      });
      literal = "";
    }
  };
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === "{") {
      if (body[i + 1] === "{") {
        literal += "{";
        i += 2;
        continue;
      }
      // Find the end of the expression: a top-level '!', ':', '=' (not ==, !=, <=, >=) or '}'.
      let j = i + 1;
      let depth = 0;
      let quote = "";
      for (; j < body.length; j++) {
        const d = body[j];
        if (quote !== "") {
          if (d === quote) quote = "";
          continue;
        }
        if (d === "'" || d === '"') quote = d;
        else if (d === "(" || d === "[" || d === "{") depth++;
        else if ((d === ")" || d === "]" || d === "}") && depth > 0) depth--;
        else if (depth === 0) {
          if (d === "}" || d === ":") break;
          if (d === "!" && body[j + 1] !== "=") break;
          if (d === "=" && body[j + 1] !== "=" && !"=!<>".includes(body[j - 1])) break;
        }
      }
      if (j >= body.length) fail("f-string: expecting '}'");
      const exprText = body.slice(i + 1, j);
      if (exprText.trim() === "") fail("f-string: empty expression not allowed");
      let selfDoc = false;
      if (body[j] === "=") {
        selfDoc = true;
        j++;
      }
      let conversion = -1;
      if (body[j] === "!") {
        const conv = body[j + 1];
        if (conv !== "r" && conv !== "s" && conv !== "a") {
          fail("f-string: invalid conversion character");
        }
        conversion = conv.charCodeAt(0);
        j += 2;
      }
      let formatSpec: A.JoinedStr | null = null;
      if (body[j] === ":") {
        let k = j + 1;
        let d2 = 0;
        for (; k < body.length; k++) {
          if (body[k] === "{") d2++;
          else if (body[k] === "}") {
            if (d2 === 0) break;
            d2--;
          }
        }
        const specParts = parseBody(body.slice(j + 1, k), raw, tok, filename, nesting + 1);
        formatSpec = { kind: "JoinedStr", values: specParts, ...pos };
        j = k;
      }
      if (body[j] !== "}") fail("f-string: expecting '}'");
      const value = parseExpression(exprText, tok, filename);
      if (selfDoc) {
        literal += exprText + "=";
        if (conversion === -1 && formatSpec === null) conversion = "r".charCodeAt(0);
      }
      flush();
      parts.push({ kind: "FormattedValue", value, conversion, formatSpec, ...pos });
      i = j + 1;
      continue;
    }
    if (c === "}") {
      if (body[i + 1] === "}") {
        literal += "}";
        i += 2;
        continue;
      }
      fail("f-string: single '}' is not allowed");
    }
    if (c === "\\" && !raw) {
      literal += body.slice(i, i + 2);
      i += 2;
      continue;
    }
    literal += c;
    i++;
  }
  flush();
  return parts;
}

function parseExpression(text: string, tok: Token, filename: string): A.Expr {
  const tokens = new Lexer("(" + text.replace(/\n/g, " ") + ")", filename).tokenize();
  for (const t of tokens) t.line = tok.line;
  const module = new Parser(tokens, filename).parseEval();
  return (module.body[0] as A.ExprStmt).value;
}
