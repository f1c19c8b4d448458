/**
 * The streaming compiler: statements come out as soon as they are complete,
 * whatever the chunking, with the whole stream's line numbers; and a 2 MB
 * program fed in 1-byte, 7-byte and random-size chunks (as text and as UTF-8
 * bytes split inside characters) prints what the whole-file run prints.
 */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  compileByteStream,
  type CompiledUnit,
  compileStream,
  StatementSplitter,
} from "../lib/compiler/stream.ts";
import { VM } from "../lib/vm/vm.ts";

function chunked<T extends string | Uint8Array>(whole: T, sizes: () => number): ReadableStream<T> {
  let at = 0;
  return new ReadableStream<T>({
    pull(controller) {
      if (at >= whole.length) return controller.close();
      const n = Math.max(1, sizes());
      controller.enqueue(whole.slice(at, at + n) as T);
      at += n;
    },
  });
}

function splitAll(source: string, size: number): { source: string; line: number }[] {
  const splitter = new StatementSplitter();
  const out = [];
  for (let i = 0; i < source.length; i += size) {
    out.push(...splitter.push(source.slice(i, i + size)));
  }
  out.push(...splitter.end());
  return out;
}

const TRICKY = [
  "import sys",
  "@decorator",
  "# a comment between decorator and def",
  "def f(x):",
  "    return x",
  "",
  "# comment at top level",
  "class A:",
  "    '''doc with 'quotes' and \"\"\" inside ''' ",
  "    x = (1,",
  "2)",
  "if a:",
  "    pass",
  "elif b:",
  "    pass",
  "else:",
  "    pass",
  's = """a',
  `b"""; t = 'it\\'s'`,
  "x = 1 + \\",
  "  2",
  "y = '' # empty string then comment",
  "try:",
  "    pass",
  "finally:",
  "    pass",
  "z = {'k': [1,",
  "  2]}",
].join("\r\n") + "\r\n";

Deno.test("stream: statement boundaries are the same for every chunk size", () => {
  const expected = [
    { line: 1, first: "import sys" },
    { line: 2, first: "@decorator" },
    { line: 8, first: "class A:" },
    { line: 12, first: "if a:" },
    { line: 18, first: 's = """a' },
    { line: 20, first: "x = 1 + \\" },
    { line: 22, first: "y = ''" },
    { line: 23, first: "try:" },
    { line: 27, first: "z = {'k'" },
  ];
  for (const size of [1, 2, 3, 7, 1000]) {
    const got = splitAll(TRICKY, size).map((s) => ({
      line: s.line,
      first: s.source.slice(0, expected.find((e) => e.line === s.line)?.first.length ?? 0),
    }));
    assertEquals(got, expected, `chunk size ${size}`);
  }
});

async function units(stream: ReadableStream<CompiledUnit>): Promise<CompiledUnit[]> {
  const all: CompiledUnit[] = [];
  for await (const unit of stream) all.push(unit);
  return all;
}

Deno.test("stream: a syntax error ends a module stream with an error unit at its real line", async () => {
  const source = "a = 1\nb = 2\nc = (\n3 +)\nd = 4\n";
  const got = await units(chunked(source, () => 3).pipeThrough(compileStream()));
  assertEquals(got.map((u) => u.kind), ["code", "code", "error"]);
  const error = got[2];
  assertEquals(error.kind === "error" && [error.line, error.error.type], [4, "SyntaxError"]);
});

Deno.test("stream: REPL mode goes on after an error", async () => {
  const source = "1 +\n2\nif 1:\n    3\n";
  const got = await units(chunked(source, () => 1).pipeThrough(compileStream({ mode: "repl" })));
  assertEquals(got.map((u) => u.kind), ["error", "code", "code"]);
});

Deno.test("stream: a statement comes out before the stream ends", async () => {
  const transform = compileStream();
  const writer = transform.writable.getWriter();
  const reader = transform.readable.getReader();
  writer.write("x = 1\nif x:\n    y = 2\n");
  const first = await reader.read();
  assertEquals(first.value?.kind === "code" && first.value.line, 1);
  // The `if` is only complete once a dedented line (or the end) arrives.
  writer.write("z = 3\n");
  const second = await reader.read();
  assertEquals(second.value?.kind === "code" && second.value.line, 2);
  writer.close();
  const third = await reader.read();
  assertEquals(third.value?.kind === "code" && third.value.line, 4);
  assertEquals((await reader.read()).done, true);
});

/** A program of about `size` characters: functions, classes, loops, strings spanning lines, unicode. */
export function bigProgram(size: number): string {
  const parts: string[] = ["total = 0", "names = []"];
  let i = 0;
  let length = 0;
  while (length < size) {
    parts.push(
      `def f${i}(a, b=${i}):`,
      `    """doc ${i}: ünïcödé ✓ 𝄞"""`,
      `    return (a +`,
      `            b) * 2`,
      `class C${i}:`,
      `    v = '${"é".repeat(i % 5)}' + "x\\"y"`,
      `    def m(self): return ${i}`,
      `if f${i}(1) % 3 == 0:`,
      `    total += f${i}(2)`,
      `elif C${i}().m() % 3 == 1:`,
      `    total -= 1`,
      `else:`,
      `    names.append(C${i}.v)`,
      `s${i % 10} = '''line one`,
      `line two ${i}'''; total += len(s${i % 10})`,
      ``,
    );
    for (let k = parts.length - 16; k < parts.length; k++) length += parts[k].length + 1;
    i++;
  }
  parts.push("print(total, len(names), len(''.join(names)))");
  return parts.join("\n") + "\n";
}

async function runWhole(source: string): Promise<string> {
  let out = "";
  const vm = new VM({ stdout: (t) => (out += t), stderr: (t) => (out += t) });
  await vm.runMain(source, "<stdin>");
  return out;
}

async function runStreamed(stream: ReadableStream<string> | ReadableStream<Uint8Array>) {
  let out = "";
  const vm = new VM({ stdout: (t) => (out += t), stderr: (t) => (out += t) });
  const result = await vm.runStream(stream);
  return { out, exitCode: result.exitCode };
}

Deno.test("stream: a 2 MB program in 1-byte, 7-byte and random chunks runs as the whole file", async () => {
  const source = bigProgram(2_000_000);
  const expected = await runWhole(source);
  assertEquals(/^-?\d+ \d+ \d+\n$/.test(expected), true, expected);
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 4096;
  const bytes = new TextEncoder().encode(source);
  // Through vm.runStream and Web streams, as text and as UTF-8 split inside characters.
  assertEquals(await runStreamed(chunked(source, () => 7)), { out: expected, exitCode: 0 });
  assertEquals(await runStreamed(chunked(bytes, random)), { out: expected, exitCode: 0 });
  // One character per chunk: the incremental splitter sees every boundary position
  // (two million Web-stream chunks would take most of a minute in stream plumbing
  // alone; bench/stream_bench.ts runs that path).
  const bySeven = splitAll(source, 7);
  assertEquals(splitAll(source, 1), bySeven);
  assertEquals(
    bySeven.map((s) => s.source).join("").replaceAll("\n", ""),
    source.replaceAll("\n", ""),
  );
});

Deno.test("stream: a program in 1-byte UTF-8 chunks through vm.runStream", async () => {
  const source = bigProgram(100_000);
  const expected = await runWhole(source);
  const bytes = new TextEncoder().encode(source);
  assertEquals(await runStreamed(chunked(bytes, () => 1)), { out: expected, exitCode: 0 });
});

Deno.test("stream: the bytes variant decodes characters split across chunks", async () => {
  const bytes = new TextEncoder().encode("s = '𝄞é'\nprint(len(s))\n");
  const got = await units(chunked(bytes, () => 1).pipeThrough(compileByteStream()));
  assertEquals(got.map((u) => u.kind), ["code", "code"]);
});

Deno.test("stream: tracebacks name the line in the whole stream", async () => {
  const source = "x = 1\n\n\ndef g():\n    raise ValueError('v')\n\ng()\n";
  const got = await runStreamed(chunked(source, () => 2));
  assertEquals(got.exitCode, 1);
  assertEquals(
    got.out,
    'Traceback (most recent call last):\n  File "<stdin>", line 7, in <module>\n' +
      '  File "<stdin>", line 5, in g\nValueError: v\n',
  );
});
