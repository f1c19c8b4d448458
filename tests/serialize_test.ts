/**
 * Code objects survive serialization: every compilable program of the compat
 * suite round-trips to identical bytes, a deserialized program runs with the same
 * output, and truncated or corrupted input raises BytecodeFormatError (never
 * another error, never a hang).
 */

import { deepEqual, equal, ok } from "node:assert/strict";
import { compile } from "../lib/compiler/compile.ts";
import { BytecodeFormatError, deserializeCode, serializeCode } from "../lib/compiler/serialize.ts";
import { VM } from "../mod.ts";

const suite = new URL("../../shared/compat/suite/tests/basics/", import.meta.url).pathname;

Deno.test("every compilable compat program round-trips to identical bytes", () => {
  let checked = 0;
  for (const entry of Deno.readDirSync(suite)) {
    if (!entry.name.endsWith(".py")) continue;
    const source = Deno.readTextFileSync(suite + entry.name);
    let code;
    try {
      code = compile(source, entry.name, "exec");
    } catch {
      continue;
    }
    const bytes = serializeCode(code);
    deepEqual(serializeCode(deserializeCode(bytes)), bytes, entry.name);
    checked++;
  }
  ok(checked > 300, `only ${checked} programs checked`);
});

const program = `
def gen(n):
    for i in range(n):
        yield i * 1.5
class A:
    x = (1, 'two', b'3', None, ..., 2**70, 3j)
print(list(gen(3)), [type(v).__name__ for v in A.x], A.x[5], f"{A.x[0]:>4}")
`;

async function output(run: (vm: VM) => Promise<unknown>): Promise<string> {
  let out = "";
  const vm = new VM({ stdout: (t) => (out += t) });
  await run(vm);
  return out;
}

Deno.test("a deserialized program runs like the original", async () => {
  const code = compile(program, "p.py", "exec");
  const direct = await output((vm) => vm.run(code));
  const loaded = await output((vm) => vm.run(deserializeCode(serializeCode(code))));
  equal(loaded, direct);
  equal(
    direct,
    "[0.0, 1.5, 3.0] ['int', 'str', 'bytes', 'NoneType', 'ellipsis', 'int', 'complex'] 1180591620717411303424    1\n",
  );
});

Deno.test("truncated bytecode raises BytecodeFormatError at every length", () => {
  const bytes = serializeCode(compile(program, "p.py", "exec"));
  for (let n = 0; n < bytes.length; n++) {
    try {
      deserializeCode(bytes.slice(0, n));
      throw new Error(`length ${n} was accepted`);
    } catch (e) {
      ok(e instanceof BytecodeFormatError, `length ${n}: ${e}`);
    }
  }
});

Deno.test("corrupted bytecode is rejected or loads, but never throws anything else", () => {
  const bytes = serializeCode(compile(program, "p.py", "exec"));
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let trial = 0; trial < 2000; trial++) {
    const corrupt = bytes.slice();
    const flips = 1 + Math.floor(random() * 4);
    for (let i = 0; i < flips; i++) {
      corrupt[Math.floor(random() * corrupt.length)] = Math.floor(random() * 256);
    }
    try {
      deserializeCode(corrupt);
    } catch (e) {
      ok(e instanceof BytecodeFormatError, `trial ${trial}: ${e}`);
    }
  }
  try {
    deserializeCode(new Uint8Array([1, 2, 3]));
  } catch (e) {
    ok(e instanceof BytecodeFormatError && /magic/.test(e.message));
  }
});
