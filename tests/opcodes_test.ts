/**
 * The dispatch loop uses numeric case labels (`case 10: // LOAD_FAST`) because V8
 * compiles those into a jump table; this test keeps every label in agreement with
 * the opcode numbering in lib/compiler/bytecode.ts.
 */

import { equal as assertEquals } from "node:assert/strict";
import * as bytecode from "../lib/compiler/bytecode.ts";

Deno.test("interpreter case labels match bytecode.ts opcode numbers", () => {
  const ops = (bytecode as unknown as { Op: Record<string, number> }).Op;
  const source = Deno.readTextFileSync(new URL("../lib/vm/interpreter.ts", import.meta.url));
  const labels = [...source.matchAll(/case (\d+): (?:\{ )?\/\/ ([A-Z_]+)\s*$/gm)];
  let checked = 0;
  for (const [, number, name] of labels) {
    if (!(name in ops)) continue;
    assertEquals(Number(number), ops[name], `case ${number} is labelled ${name}`);
    checked++;
  }
  const handled = new Set(labels.map((m) => m[2]));
  for (const name of Object.keys(ops)) {
    if (Number.isNaN(Number(name)) && name !== "OP_COUNT") {
      assertEquals(handled.has(name), true, `opcode ${name} has no case in the interpreter`);
    }
  }
  assertEquals(checked > 80, true);
});
