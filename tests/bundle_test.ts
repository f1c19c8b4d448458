/**
 * The bundle (`deno task build` -> dist/upy.js): built by esbuild, free of
 * code generation from strings (grep, and Node refusing it at run time with
 * --disallow-code-generation-from-strings), importable where there is no
 * `Deno` global (Node 20), and working in Deno too.
 */

import { equal, ok } from "node:assert/strict";

const root = new URL("..", import.meta.url).pathname;
const bundle = root + "dist/upy.js";

async function run(command: string, args: string[]): Promise<{ code: number; out: string }> {
  const { code, stdout, stderr } = await new Deno.Command(command, { args, cwd: root }).output();
  const decoder = new TextDecoder();
  return { code, out: decoder.decode(stdout) + decoder.decode(stderr) };
}

const SNIPPET = `
import { VM } from "./dist/upy.js";
let out = "";
const vm = new VM({ sandbox: true, stdout: (t) => (out += t) });
vm.registerModule("host", { twice: (x) => x * 2 });
await vm.exec("import host\\nprint(sum(host.twice(i) for i in range(10)), 2 ** 100)");
let limit = "";
try { await vm.exec("while True: pass", { limits: { instructions: 100000 } }); }
catch (e) { limit = e.name + ": " + e.message; }
console.log(JSON.stringify({ out, limit }));
`;

Deno.test("deno task build writes dist/upy.js", async () => {
  const { code, out } = await run(Deno.execPath(), ["task", "build"]);
  equal(code, 0, out);
  ok(/dist\/upy\.js: [\d.]+ KiB raw, [\d.]+ KiB gzipped/.test(out), out);
});

Deno.test("the bundle has no eval or new Function", async () => {
  const text = await Deno.readTextFile(bundle);
  ok(text.length > 10_000);
  // VM.prototype.eval is a method definition ("async eval(t,n){"), not a call of eval.
  const calls = text.replaceAll(/async eval\(/g, "");
  ok(!/(?<![.\w$])eval\s*\(/.test(calls), "eval( in the bundle");
  ok(!/\bnew\s+Function\b|\bFunction\s*\(/.test(text), "Function constructor in the bundle");
  ok(!/\bimport\s*\(/.test(text), "a dynamic import in the bundle (the CLI?)");
});

Deno.test("the bundle runs in Node 20 with code generation from strings disallowed", async () => {
  const { code, out } = await run("node", [
    "--disallow-code-generation-from-strings",
    "--input-type=module",
    "-e",
    SNIPPET,
  ]);
  equal(code, 0, out);
  const result = JSON.parse(out.trim().split("\n").pop()!);
  equal(result.out, "90 1267650600228229401496703205376\n");
  equal(result.limit, "LimitError: RuntimeError: instruction budget exceeded");
});

Deno.test("the bundle loads in Deno", async () => {
  const { VM } = await import(bundle);
  let out = "";
  const vm = new VM({ stdout: (t: string) => (out += t) });
  equal(await vm.eval("'-'.join(str(x) for x in range(3))"), "0-1-2");
  await vm.exec("print('ok')");
  equal(out, "ok\n");
});

Deno.test("the prebuilt CLI (dist/upy_cli.js) prints what mod.ts prints, tracebacks and exit status too", async () => {
  const dir = await Deno.makeTempDir({ prefix: "upy-cli-bundle-" });
  try {
    await Deno.writeTextFile(`${dir}/shapes.py`, "import json\nAREA = json.loads('[2, 3]')\n");
    await Deno.writeTextFile(
      `${dir}/main.py`,
      "import sys, shapes\nprint(sys.argv[1:], shapes.AREA)\n" +
        "def f(n):\n    return 10 // n\nprint(f(5))\nf(0)\n",
    );
    const args = [`${dir}/main.py`, "a", "b"];
    const fromSource = await run(Deno.execPath(), ["run", "-A", root + "mod.ts", ...args]);
    const prebuilt = await run(Deno.execPath(), ["run", "-A", root + "dist/upy_cli.js", ...args]);
    equal(prebuilt.out, fromSource.out);
    equal(prebuilt.code, 1);
    ok(prebuilt.out.startsWith("['a', 'b'] [2, 3]\n2\nTraceback (most recent call last):\n"));
    ok(prebuilt.out.endsWith("ZeroDivisionError: divide by zero\n"), prebuilt.out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
