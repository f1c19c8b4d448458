/**
 * Code objects to bytes and back (upy's `.mpy`-like format), so compiled code can
 * be cached, shipped to an edge function, or embedded in a bundle.
 *
 * Layout: the magic "UPYC", a format version byte, then one code object:
 * unsigned varints for counts and instruction words (zigzag for signed values),
 * length-prefixed UTF-8 for strings, and tagged constants (nested code objects
 * recurse). Loading checks every length and tag against the remaining input, so
 * malformed or truncated bytes raise BytecodeFormatError naming the offset —
 * never a hang or a JS RangeError.
 */

import {
  BytesConst,
  CodeObject,
  ComplexConst,
  type Const,
  EllipsisConst,
  FloatConst,
  OP_COUNT,
  TupleConst,
} from "./bytecode.ts";

const MAGIC = [0x55, 0x50, 0x59, 0x43]; // "UPYC"
export const FORMAT_VERSION = 1;
const MAX_NESTING = 64;

const enum Tag {
  NONE = 0,
  FALSE,
  TRUE,
  INT,
  BIGINT,
  FLOAT,
  COMPLEX,
  STR,
  BYTES,
  TUPLE,
  ELLIPSIS,
  CODE,
}

export class BytecodeFormatError extends Error {
  constructor(message: string, public offset: number) {
    super(`invalid bytecode at offset ${offset}: ${message}`);
    this.name = "BytecodeFormatError";
  }
}

class Writer {
  private bytes: number[] = [];
  private encoder = new TextEncoder();

  byte(b: number): void {
    this.bytes.push(b & 0xff);
  }
  uint(n: number): void {
    while (n >= 0x80) {
      this.bytes.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.bytes.push(n);
  }
  sint(n: number): void {
    this.uint(n >= 0 ? n * 2 : -n * 2 - 1);
  }
  raw(data: Uint8Array): void {
    this.uint(data.length);
    for (const b of data) this.bytes.push(b);
  }
  str(s: string): void {
    this.raw(this.encoder.encode(s));
  }
  float(x: number): void {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x, true);
    for (let i = 0; i < 8; i++) this.bytes.push(view.getUint8(i));
  }
  result(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

class Reader {
  pos = 0;
  private decoder = new TextDecoder("utf-8", { fatal: true });
  constructor(private data: Uint8Array) {}

  fail(message: string): never {
    throw new BytecodeFormatError(message, this.pos);
  }
  byte(): number {
    if (this.pos >= this.data.length) this.fail("unexpected end of data");
    return this.data[this.pos++];
  }
  uint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (!Number.isSafeInteger(result)) this.fail("number too large");
        return result;
      }
      scale *= 0x80;
    }
    this.fail("varint too long");
  }
  sint(): number {
    const n = this.uint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }
  count(limit: number, what: string): number {
    const n = this.uint();
    if (n > limit) this.fail(`${what} count ${n} exceeds the remaining data`);
    return n;
  }
  raw(): Uint8Array {
    const n = this.count(this.data.length - this.pos, "byte");
    const out = this.data.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  str(): string {
    const start = this.pos;
    const bytes = this.raw();
    try {
      return this.decoder.decode(bytes);
    } catch {
      this.pos = start;
      this.fail("string is not valid UTF-8");
    }
  }
  float(): number {
    if (this.pos + 8 > this.data.length) this.fail("unexpected end of data");
    const view = new DataView(this.data.buffer, this.data.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getFloat64(0, true);
  }
  get remaining(): number {
    return this.data.length - this.pos;
  }
}

export function serializeCode(code: CodeObject): Uint8Array {
  const w = new Writer();
  for (const b of MAGIC) w.byte(b);
  w.byte(FORMAT_VERSION);
  writeCode(w, code);
  return w.result();
}

function writeCode(w: Writer, code: CodeObject): void {
  w.str(code.name);
  w.str(code.qualname);
  w.str(code.filename);
  w.uint(code.firstLine);
  w.uint(code.argCount);
  w.uint(code.posOnlyCount);
  w.uint(code.kwOnlyCount);
  w.uint(code.flags);
  w.uint(code.stackSize);
  for (const list of [code.varNames, code.cellVars, code.freeVars, code.names]) {
    w.uint(list.length);
    for (const s of list) w.str(s);
  }
  w.uint(code.consts.length);
  for (const c of code.consts) writeConst(w, c);
  for (const table of [code.code, code.lineTable, code.exceptionTable]) {
    w.uint(table.length);
    for (const v of table) w.sint(v);
  }
}

function writeConst(w: Writer, c: Const): void {
  if (c === null) return w.byte(Tag.NONE);
  switch (typeof c) {
    case "boolean":
      return w.byte(c ? Tag.TRUE : Tag.FALSE);
    case "number":
      w.byte(Tag.INT);
      return w.sint(c);
    case "bigint":
      w.byte(Tag.BIGINT);
      return w.str(c.toString(16));
    case "string":
      w.byte(Tag.STR);
      return w.str(c);
  }
  if (c instanceof FloatConst) {
    w.byte(Tag.FLOAT);
    return w.float(c.value);
  }
  if (c instanceof ComplexConst) {
    w.byte(Tag.COMPLEX);
    w.float(c.real);
    return w.float(c.imag);
  }
  if (c instanceof BytesConst) {
    w.byte(Tag.BYTES);
    return w.raw(c.data);
  }
  if (c instanceof TupleConst) {
    w.byte(Tag.TUPLE);
    w.uint(c.items.length);
    for (const item of c.items) writeConst(w, item);
    return;
  }
  if (c instanceof EllipsisConst) return w.byte(Tag.ELLIPSIS);
  w.byte(Tag.CODE);
  writeCode(w, c as CodeObject);
}

export function deserializeCode(data: Uint8Array): CodeObject {
  const r = new Reader(data);
  for (const b of MAGIC) if (r.byte() !== b) r.fail("not upy bytecode (bad magic)");
  const version = r.byte();
  if (version !== FORMAT_VERSION) r.fail(`unsupported format version ${version}`);
  const code = readCode(r, 0);
  if (r.remaining !== 0) r.fail("trailing data after the code object");
  return code;
}

function readCode(r: Reader, depth: number): CodeObject {
  if (depth > MAX_NESTING) r.fail("code objects nested too deeply");
  const name = r.str();
  const qualname = r.str();
  const filename = r.str();
  const firstLine = r.uint();
  const argCount = r.uint();
  const posOnlyCount = r.uint();
  const kwOnlyCount = r.uint();
  const flags = r.uint();
  const stackSize = r.uint();
  const lists: string[][] = [];
  for (let i = 0; i < 4; i++) {
    const n = r.count(r.remaining, "name");
    const list: string[] = [];
    for (let j = 0; j < n; j++) list.push(r.str());
    lists.push(list);
  }
  const nconsts = r.count(r.remaining, "constant");
  const consts: Const[] = [];
  for (let i = 0; i < nconsts; i++) consts.push(readConst(r, depth));
  const tables: Int32Array[] = [];
  for (let i = 0; i < 3; i++) {
    const n = r.count(r.remaining, "table entry");
    const table = new Int32Array(n);
    for (let j = 0; j < n; j++) table[j] = r.sint();
    tables.push(table);
  }
  const [code, lineTable, exceptionTable] = tables;
  const [varNames, cellVars, freeVars, names] = lists;
  validate(
    r,
    code,
    exceptionTable,
    consts.length,
    names.length,
    varNames.length,
    cellVars.length + freeVars.length,
  );
  if (argCount + kwOnlyCount > varNames.length) r.fail("more parameters than locals");
  return new CodeObject(
    name,
    qualname,
    filename,
    firstLine,
    argCount,
    posOnlyCount,
    kwOnlyCount,
    flags,
    varNames,
    cellVars,
    freeVars,
    names,
    consts,
    code,
    lineTable,
    exceptionTable,
    stackSize,
  );
}

/** Rejects instructions the VM could not run safely: bad opcodes, jumps or indexes. */
function validate(
  r: Reader,
  code: Int32Array,
  table: Int32Array,
  nconsts: number,
  nnames: number,
  nlocals: number,
  ncells: number,
): void {
  if (code.length % 2 !== 0) r.fail("instruction stream has odd length");
  if (code.length === 0) r.fail("empty instruction stream");
  for (let pc = 0; pc < code.length; pc += 2) {
    const op = code[pc];
    const arg = code[pc + 1];
    if (op < 0 || op >= OP_COUNT) r.fail(`unknown opcode ${op} at instruction ${pc}`);
    if (arg < 0 && op !== 0) r.fail(`negative argument at instruction ${pc}`);
    switch (op) {
      case 9: // LOAD_CONST
        if (arg >= nconsts) r.fail(`constant index ${arg} out of range at instruction ${pc}`);
        break;
      case 10: // LOAD_FAST
      case 11:
      case 12:
        if (arg >= nlocals) r.fail(`local index ${arg} out of range at instruction ${pc}`);
        break;
      case 13: // LOAD_DEREF .. LOAD_CLASSDEREF
      case 14:
      case 15:
      case 16:
      case 17:
        if (arg >= ncells) r.fail(`cell index ${arg} out of range at instruction ${pc}`);
        break;
      case 18: // name-indexed ops
      case 19:
      case 20:
      case 21:
      case 22:
      case 23:
      case 24:
      case 25:
      case 26:
      case 27:
      case 87:
      case 88:
        if (arg >= nnames) r.fail(`name index ${arg} out of range at instruction ${pc}`);
        break;
      case 41: // jumps
      case 42:
      case 43:
      case 44:
      case 45:
      case 47:
        if (arg % 2 !== 0 || arg >= code.length) {
          r.fail(`jump target ${arg} out of range at instruction ${pc}`);
        }
        break;
    }
  }
  if (table.length % 4 !== 0) r.fail("exception table has a partial entry");
  for (let i = 0; i < table.length; i += 4) {
    if (
      table[i] > table[i + 1] || table[i + 2] >= code.length || table[i + 2] % 2 !== 0 ||
      table[i + 3] < 0
    ) {
      r.fail(`bad exception table entry ${i / 4}`);
    }
  }
}

function readConst(r: Reader, depth: number): Const {
  const tag = r.byte();
  switch (tag) {
    case Tag.NONE:
      return null;
    case Tag.FALSE:
      return false;
    case Tag.TRUE:
      return true;
    case Tag.INT:
      return r.sint();
    case Tag.BIGINT: {
      const text = r.str();
      if (!/^-?[0-9a-f]+$/.test(text)) r.fail("malformed big integer");
      return text.startsWith("-") ? -BigInt("0x" + text.slice(1)) : BigInt("0x" + text);
    }
    case Tag.FLOAT:
      return new FloatConst(r.float());
    case Tag.COMPLEX: {
      const real = r.float();
      return new ComplexConst(real, r.float());
    }
    case Tag.STR:
      return r.str();
    case Tag.BYTES:
      return new BytesConst(r.raw());
    case Tag.TUPLE: {
      if (depth > MAX_NESTING) r.fail("constants nested too deeply");
      const n = r.count(r.remaining, "tuple item");
      const items: Const[] = [];
      for (let i = 0; i < n; i++) items.push(readConst(r, depth + 1));
      return new TupleConst(items);
    }
    case Tag.ELLIPSIS:
      return EllipsisConst.instance;
    case Tag.CODE:
      return readCode(r, depth + 1);
  }
  r.fail(`unknown constant tag ${tag}`);
}
