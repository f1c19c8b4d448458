/**
 * The regular-expression engine behind `re`: the same design as MicroPython's
 * re1.5, so patterns are accepted, rejected and matched as there.
 *
 * Compiling turns the pattern into a small program (one pass, left to right;
 * a `?`, `*` or `|` inserts its split instruction before the code it applies
 * to). Jump offsets, class sizes and group numbers are signed bytes in
 * MicroPython, so a program whose numbers do not fit is "regex too complex",
 * like any syntax error; a `)` without its `(` is "error in regex".
 * Only `\d \D \s \S \w \W` are escapes with a meaning; any other escaped
 * character is itself (`\b` is "b", `\n` is "n"). `{` has no special meaning.
 *
 * Matching is backtracking in the order MicroPython tries alternatives, with an
 * explicit stack of choice points: a pattern that loops on an empty match, such
 * as `(a*)*`, grows it without end, and hitting the limit is the RuntimeError
 * MicroPython's recursion gives.
 */

export class RegexSyntaxError extends Error {
  /** "complex": rejected while sizing ("regex too complex"); else "error in regex". */
  constructor(public kind: "complex" | "error") {
    super(kind);
  }
}

export class RegexDepthError extends Error {}

// Opcodes (operands follow in the code array).
const CHAR = 1; // c
const ANY = 2;
const CLASS = 3; // count, then count pairs (lo, hi)
const CLASS_NOT = 4;
const NAMED_CLASS = 5; // letter
const BOL = 6;
const EOL = 7;
const SAVE = 8; // slot
const SPLIT = 9; // offset: try next first, then pc + 2 + offset
const RSPLIT = 10; // offset: try pc + 2 + offset first
const JMP = 11; // offset
const MATCH = 12;

/** Marks a class pair that is a named class (`[\d]`): (NAMED, letter). */
const NAMED = -1;
const MAX_BACKTRACK = 100_000;

export interface Program {
  code: number[];
  groups: number;
}

function fitsByte(n: number): boolean {
  return n >= -128 && n <= 127;
}

function isNamedClassLetter(c: string): boolean {
  return c === "d" || c === "D" || c === "s" || c === "S" || c === "w" || c === "W";
}

class Compiler {
  code: number[] = [];
  groups = 0;
  constructor(readonly re: string) {}

  private check(n: number): number {
    if (!fitsByte(n)) throw new RegexSyntaxError("complex");
    return n;
  }

  /** Offset from the instruction at `at` (2 slots long) to `to`. */
  private rel(at: number, to: number): number {
    return to - at - 2;
  }

  private insert(at: number, n: number): void {
    this.code.splice(at, 0, ...new Array(n).fill(0));
  }

  /** Compiles from index i up to an unmatched ')' or the end; returns where it stopped. */
  sequence(i: number): number {
    const re = this.re;
    const code = this.code;
    const start = code.length;
    let term = code.length;
    let altLabel = -1;
    for (; i < re.length && re[i] !== ")"; i++) {
      const c = re[i];
      switch (c) {
        case "\\": {
          i++;
          if (i >= re.length) throw new RegexSyntaxError("complex");
          term = code.length;
          if (isNamedClassLetter(re[i])) code.push(NAMED_CLASS, re.charCodeAt(i));
          else code.push(CHAR, re.charCodeAt(i));
          break;
        }
        case ".":
          term = code.length;
          code.push(ANY);
          break;
        case "[": {
          term = code.length;
          i++;
          if (re[i] === "^") {
            code.push(CLASS_NOT);
            i++;
          } else code.push(CLASS);
          const countAt = code.length;
          code.push(0);
          let count = 0;
          for (; re[i] !== "]"; i++, count++) {
            let ch = re[i];
            if (ch === "\\") {
              ch = re[++i];
              if (ch !== undefined && isNamedClassLetter(ch)) {
                code.push(NAMED, ch.charCodeAt(0));
                continue;
              }
            }
            if (ch === undefined) throw new RegexSyntaxError("complex");
            const lo = ch.charCodeAt(0);
            if (re[i + 1] === "-" && re[i + 2] !== "]") {
              i += 2;
              if (i >= re.length) throw new RegexSyntaxError("complex");
            }
            code.push(lo, re.charCodeAt(i));
          }
          code[countAt] = this.check(count);
          break;
        }
        case "(": {
          term = code.length;
          const capture = re[i + 1] !== "?" || re[i + 2] !== ":";
          let group = 0;
          if (capture) {
            group = ++this.groups;
            code.push(SAVE, this.check(2 * group));
          } else i += 2;
          i = this.sequence(i + 1);
          if (re[i] !== ")") throw new RegexSyntaxError("complex");
          if (capture) code.push(SAVE, this.check(2 * group + 1));
          break;
        }
        case "?": {
          if (code.length === term) throw new RegexSyntaxError("complex");
          this.insert(term, 2);
          if (re[i + 1] === "?") {
            code[term] = RSPLIT;
            i++;
          } else code[term] = SPLIT;
          code[term + 1] = this.check(this.rel(term, code.length));
          term = code.length;
          break;
        }
        case "*": {
          if (code.length === term) throw new RegexSyntaxError("complex");
          this.insert(term, 2);
          const jmp = code.length;
          code.push(JMP, this.check(this.rel(jmp, term)));
          if (re[i + 1] === "?") {
            code[term] = RSPLIT;
            i++;
          } else code[term] = SPLIT;
          code[term + 1] = this.check(this.rel(term, code.length));
          term = code.length;
          break;
        }
        case "+": {
          if (code.length === term) throw new RegexSyntaxError("complex");
          const at = code.length;
          let op = RSPLIT;
          if (re[i + 1] === "?") {
            op = SPLIT;
            i++;
          }
          code.push(op, this.check(this.rel(at, term)));
          term = code.length;
          break;
        }
        case "|": {
          if (altLabel >= 0) code[altLabel] = this.check(this.rel(altLabel, code.length) + 1);
          this.insert(start, 2);
          code.push(JMP, 0);
          altLabel = code.length - 1;
          code[start] = SPLIT;
          code[start + 1] = this.check(this.rel(start, code.length));
          term = code.length;
          break;
        }
        case "^":
          code.push(BOL);
          term = code.length;
          break;
        case "$":
          code.push(EOL);
          term = code.length;
          break;
        default:
          term = code.length;
          code.push(CHAR, re.charCodeAt(i));
      }
    }
    if (altLabel >= 0) code[altLabel] = this.check(this.rel(altLabel, code.length) + 1);
    return i;
  }
}

export function compileRegex(source: string): Program {
  const c = new Compiler(source);
  c.code.push(SAVE, 0);
  const stop = c.sequence(0);
  if (stop < source.length) throw new RegexSyntaxError("error");
  c.code.push(SAVE, 1, MATCH);
  return { code: c.code, groups: c.groups };
}

function namedClass(letter: number, ch: number): boolean {
  let hit: boolean;
  switch (letter | 0x20) {
    case 0x64: // d
      hit = ch >= 0x30 && ch <= 0x39;
      break;
    case 0x73: // s
      hit = ch === 0x20 || (ch >= 0x09 && ch <= 0x0d);
      break;
    default: // w
      hit = (ch >= 0x30 && ch <= 0x39) || (ch >= 0x41 && ch <= 0x5a) ||
        (ch >= 0x61 && ch <= 0x7a) || ch === 0x5f;
  }
  // Upper-case letters are the negations.
  return (letter & 0x20) === 0 ? !hit : hit;
}

function classMatch(code: number[], pc: number, ch: number): boolean {
  const count = code[pc + 1];
  for (let k = 0, p = pc + 2; k < count; k++, p += 2) {
    if (code[p] === NAMED) {
      if (namedClass(code[p + 1], ch)) return true;
    } else if (ch >= code[p] && ch <= code[p + 1]) return true;
  }
  return false;
}

/**
 * Runs the program on text[start..end), anchored at `start`. Returns the
 * capture positions (2 per group, the whole match first; -1 where a group did
 * not take part), or null.
 */
export function runRegex(
  prog: Program,
  text: string,
  start: number,
  end: number,
): Int32Array | null {
  const code = prog.code;
  const caps = new Int32Array(2 * (prog.groups + 1)).fill(-1);
  // Backtrack entries, 3 numbers each: a choice point (pc, sp, -1) or a
  // capture to restore (slot, old value, -2).
  const stack: number[] = [];
  let pc = 0;
  let sp = start;
  for (;;) {
    let ok = true;
    switch (code[pc]) {
      case CHAR:
        if (sp < end && text.charCodeAt(sp) === code[pc + 1]) {
          sp++;
          pc += 2;
        } else ok = false;
        break;
      case ANY:
        if (sp < end) {
          sp++;
          pc++;
        } else ok = false;
        break;
      case CLASS:
      case CLASS_NOT:
        if (sp < end && classMatch(code, pc, text.charCodeAt(sp)) === (code[pc] === CLASS)) {
          sp++;
          pc += 2 + 2 * code[pc + 1];
        } else ok = false;
        break;
      case NAMED_CLASS:
        if (sp < end && namedClass(code[pc + 1], text.charCodeAt(sp))) {
          sp++;
          pc += 2;
        } else ok = false;
        break;
      case BOL:
        if (sp === 0) pc++;
        else ok = false;
        break;
      case EOL:
        if (sp === end) pc++;
        else ok = false;
        break;
      case SAVE:
        stack.push(code[pc + 1], caps[code[pc + 1]], -2);
        caps[code[pc + 1]] = sp;
        pc += 2;
        break;
      case SPLIT:
        stack.push(pc + 2 + code[pc + 1], sp, -1);
        pc += 2;
        break;
      case RSPLIT:
        stack.push(pc + 2, sp, -1);
        pc += 2 + code[pc + 1];
        break;
      case JMP:
        pc += 2 + code[pc + 1];
        break;
      case MATCH:
        return caps;
    }
    if (stack.length > 3 * MAX_BACKTRACK) throw new RegexDepthError();
    if (ok) continue;
    // Backtrack to the latest choice point, undoing captures on the way.
    for (;;) {
      if (stack.length === 0) return null;
      const kind = stack.pop()!;
      const b = stack.pop()!;
      const a = stack.pop()!;
      if (kind === -2) caps[a] = b;
      else {
        pc = a;
        sp = b;
        break;
      }
    }
  }
}

/** Tries each start position from `pos` on (search), or only `pos` (match). */
export function execRegex(
  prog: Program,
  text: string,
  pos: number,
  end: number,
  anchored: boolean,
): Int32Array | null {
  for (let start = pos; start <= end; start++) {
    const caps = runRegex(prog, text, start, end);
    if (caps !== null || anchored) return caps;
  }
  return null;
}

/**
 * The program as re.DEBUG prints it, in MicroPython's layout: with the
 * `.*?` prefix a search runs first (3 instructions, 5 slots), addresses as
 * MicroPython's byte offsets, jump targets absolute with the offset after.
 */
export function dumpProgram(prog: Program): string {
  const PREFIX = 5;
  const lines = [" 0: rsplit 5 (3)", " 2: any", " 3: jmp 0 (-5)"];
  const code = prog.code;
  let insts = 3;
  const hex = (n: number) => "0x" + n.toString(16).padStart(2, "0");
  for (let pc = 0; pc < code.length;) {
    const at = String(pc + PREFIX).padStart(2, " ") + ": ";
    const op = code[pc];
    insts++;
    const jump = (name: string) => {
      const off = code[pc + 1];
      lines.push(`${at}${name} ${pc + PREFIX + 2 + off} (${off})`);
      pc += 2;
    };
    switch (op) {
      case CHAR:
        lines.push(`${at}char ${String.fromCharCode(code[pc + 1])}`);
        pc += 2;
        break;
      case ANY:
        lines.push(`${at}any`);
        pc++;
        break;
      case CLASS:
      case CLASS_NOT: {
        const count = code[pc + 1];
        let text = `${at}${op === CLASS ? "class" : "classnot"} ${count}`;
        for (let k = 0, p = pc + 2; k < count; k++, p += 2) {
          text += code[p] === NAMED
            ? ` \\${String.fromCharCode(code[p + 1])}`
            : ` ${hex(code[p])}-${hex(code[p + 1])}`;
        }
        lines.push(text);
        pc += 2 + 2 * count;
        break;
      }
      case NAMED_CLASS:
        lines.push(`${at}namedclass ${String.fromCharCode(code[pc + 1])}`);
        pc += 2;
        break;
      case BOL:
        lines.push(`${at}assert bol`);
        pc++;
        break;
      case EOL:
        lines.push(`${at}assert eol`);
        pc++;
        break;
      case SAVE:
        lines.push(`${at}save ${code[pc + 1]}`);
        pc += 2;
        break;
      case SPLIT:
        jump("split");
        break;
      case RSPLIT:
        jump("rsplit");
        break;
      case JMP:
        jump("jmp");
        break;
      default:
        lines.push(`${at}match`);
        pc++;
    }
  }
  lines.push(`Bytes: ${code.length + PREFIX}, insts: ${insts}`);
  return lines.join("\n") + "\n";
}
