/**
 * A readable listing of a code object (`deno task start --dis file.py`):
 * line, offset, opcode name, argument and what it refers to, recursing into
 * nested code objects.
 */

import * as bytecode from "./bytecode.ts";
import { BytesConst, CodeObject, type Const, FloatConst, Op, TupleConst } from "./bytecode.ts";

const OP_NAMES: string[] = [];
for (
  const [name, value] of Object.entries((bytecode as unknown as { Op: Record<string, number> }).Op)
) {
  if (typeof value === "number") OP_NAMES[value] = name;
}

const NAME_OPS = new Set<number>([
  Op.LOAD_GLOBAL,
  Op.STORE_GLOBAL,
  Op.DELETE_GLOBAL,
  Op.LOAD_NAME,
  Op.STORE_NAME,
  Op.DELETE_NAME,
  Op.LOAD_ATTR,
  Op.STORE_ATTR,
  Op.DELETE_ATTR,
  Op.LOAD_METHOD,
  Op.IMPORT_NAME,
  Op.IMPORT_FROM,
]);
const LOCAL_OPS = new Set<number>([Op.LOAD_FAST, Op.STORE_FAST, Op.DELETE_FAST]);
const JUMP_OPS = new Set<number>([
  Op.JUMP,
  Op.POP_JUMP_IF_FALSE,
  Op.POP_JUMP_IF_TRUE,
  Op.JUMP_IF_FALSE_OR_POP,
  Op.JUMP_IF_TRUE_OR_POP,
  Op.FOR_ITER,
]);

function constText(c: Const): string {
  if (c instanceof CodeObject) return `<code ${c.name}>`;
  if (c instanceof FloatConst) return String(c.value);
  if (c instanceof TupleConst) return "(" + c.items.map(constText).join(", ") + ")";
  if (c instanceof BytesConst) return `b<${c.data.length} bytes>`;
  if (typeof c === "string") return JSON.stringify(c);
  return String(c);
}

export function disassemble(code: CodeObject): string {
  const out: string[] = [
    `code ${code.qualname} (${code.filename}:${code.firstLine}) flags=${code.flags}`,
  ];
  if (code.varNames.length) out.push(`  locals: ${code.varNames.join(", ")}`);
  if (code.cellVars.length) out.push(`  cells: ${code.cellVars.join(", ")}`);
  if (code.freeVars.length) out.push(`  free: ${code.freeVars.join(", ")}`);
  let lastLine = -1;
  for (let pc = 0; pc < code.code.length; pc += 2) {
    const op = code.code[pc];
    const arg = code.code[pc + 1];
    const line = code.lineAt(pc);
    let note = "";
    if (op === Op.LOAD_CONST) note = constText(code.consts[arg]);
    else if (NAME_OPS.has(op)) note = code.names[arg];
    else if (LOCAL_OPS.has(op)) note = code.varNames[arg];
    else if (JUMP_OPS.has(op)) note = `to ${arg}`;
    out.push(
      `${line !== lastLine ? String(line).padStart(5) : "     "} ${String(pc).padStart(5)} ${
        (OP_NAMES[op] ?? "?" + op).padEnd(22)
      } ${arg} ${note}`,
    );
    lastLine = line;
  }
  const t = code.exceptionTable;
  for (let i = 0; i < t.length; i += 4) {
    out.push(`  handler [${t[i]}, ${t[i + 1]}) -> ${t[i + 2]} depth ${t[i + 3]}`);
  }
  for (const c of code.consts) if (c instanceof CodeObject) out.push("", disassemble(c));
  return out.join("\n");
}
