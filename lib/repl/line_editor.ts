/**
 * The REPL's line editor, behaving like MicroPython's readline on a VT100
 * terminal: keys come in one at a time, the line is echoed and redrawn with the
 * same control sequences MicroPython sends, so a terminal (or a test comparing
 * bytes) sees what a board would show.
 *
 * - Cursor moves left by `\b` for fewer than 5 columns, else `ESC[nD`; moving
 *   right reprints the characters passed over.
 * - Inserting or deleting mid-line reprints the tail (then `ESC[K` after a
 *   deletion) and moves back over it.
 * - Backspace over spaces that are all the line holds before the cursor removes
 *   a whole 4-column indent level when the cursor sits on one.
 * - Keys: left/right (arrows, Ctrl-B/Ctrl-F), home/end (Ctrl-A/Ctrl-E, `ESC[H`,
 *   `ESC[F`, `ESC[1~`, `ESC[4~`, `ESC[7~`, `ESC[8~`, `ESC OH`, `ESC OF`),
 *   backspace (0x08, 0x7f), delete (`ESC[3~`, Ctrl-D on a non-empty line),
 *   kill to end (Ctrl-K), kill to start (Ctrl-U), history (up/down, Ctrl-P/N),
 *   Tab completion through a callback. Ctrl-A..Ctrl-E on an empty line, and
 *   Ctrl-C always, end editing and go back to the REPL as commands.
 */

import { History } from "./history.ts";

export const CTRL_A = 1;
export const CTRL_B = 2;
export const CTRL_C = 3;
export const CTRL_D = 4;
export const CTRL_E = 5;
const CTRL_F = 6;
const BACKSPACE = 8;
const TAB = 9;
const LF = 10;
const CTRL_K = 11;
const CR = 13;
const CTRL_N = 14;
const CTRL_P = 16;
const CTRL_U = 21;
const ESC = 27;
const DEL = 127;

/** What one key did: nothing final yet, a finished line, or a control command. */
export type EditResult =
  | { kind: "more" }
  | { kind: "line"; text: string }
  | { kind: "command"; key: number };

const MORE: EditResult = { kind: "more" };

/** Tab completion: given the text before the cursor, what to insert or list. */
export type Completer = (before: string) => { insert: string; list: string[] };

/** Moves the terminal cursor `n` columns left as MicroPython does. */
export function cursorLeft(n: number): string {
  if (n <= 0) return "";
  return n < 5 ? "\b".repeat(n) : `\x1b[${n}D`;
}

// Escape-sequence parsing states.
const PLAIN = 0;
const AFTER_ESC = 1;
const IN_CSI = 2;
const IN_SS3 = 3;

export class LineEditor {
  private line = "";
  private cursor = 0;
  private prompt = "";
  private escState = PLAIN;
  private csiDigits = "";
  /** History position while browsing: -1 is the line being typed. */
  private historyIndex = -1;
  /** The last key was CR: an LF right after it is the same Enter. */
  private afterCR = false;
  /** Bytes of a UTF-8 character still to come, and the character so far. */
  private utf8Pending = 0;
  private utf8Bytes: number[] = [];
  /** Whether the auto-indent just inserted is still untouched (a pasted space drops it). */
  autoIndentFresh = false;
  /** Set when a space typed over a fresh auto-indent showed the text is being pasted. */
  pasteDetected = false;

  constructor(
    private readonly write: (text: string) => void,
    readonly history: History,
    private readonly complete: Completer | null,
  ) {}

  /** Starts a new line after `prompt` (already written), pre-filled with `indent`. */
  start(prompt: string, indent = ""): void {
    this.prompt = prompt;
    this.line = indent;
    this.cursor = indent.length;
    this.historyIndex = -1;
    this.escState = PLAIN;
    this.autoIndentFresh = indent.length > 0;
    if (indent.length > 0) this.write(indent);
  }

  get text(): string {
    return this.line;
  }

  /** Feeds one byte of input. */
  key(byte: number): EditResult {
    if (this.escState !== PLAIN) return this.escapeByte(byte);
    if (this.utf8Pending > 0) return this.utf8Byte(byte);
    const afterCR = this.afterCR;
    this.afterCR = byte === CR;
    switch (byte) {
      case CR:
        return this.finish();
      case LF:
        return afterCR ? MORE : this.finish();
      case CTRL_A:
        if (this.line.length === 0) return { kind: "command", key: byte };
        return this.home();
      case CTRL_B:
        if (this.line.length === 0) return { kind: "command", key: byte };
        return this.left();
      case CTRL_C:
        return { kind: "command", key: byte };
      case CTRL_D:
        if (this.line.length === 0) return { kind: "command", key: byte };
        return this.deleteAt();
      case CTRL_E:
        if (this.line.length === 0) return { kind: "command", key: byte };
        return this.end();
      case CTRL_F:
        return this.right();
      case CTRL_K:
        return this.killToEnd();
      case CTRL_U:
        return this.killToStart();
      case CTRL_N:
        return this.historyNewer();
      case CTRL_P:
        return this.historyOlder();
      case BACKSPACE:
      case DEL:
        return this.backspace();
      case TAB:
        return this.tab();
      case ESC:
        this.escState = AFTER_ESC;
        return MORE;
    }
    if (byte < 32) return MORE;
    if (byte >= 0x80) {
      // The lead byte of a multi-byte UTF-8 character.
      this.utf8Pending = byte >= 0xf0 ? 3 : byte >= 0xe0 ? 2 : byte >= 0xc0 ? 1 : 0;
      this.utf8Bytes = [byte];
      return MORE;
    }
    return this.insert(String.fromCharCode(byte));
  }

  private utf8Byte(byte: number): EditResult {
    this.utf8Bytes.push(byte);
    if (--this.utf8Pending > 0) return MORE;
    const text = new TextDecoder().decode(new Uint8Array(this.utf8Bytes));
    return this.insert(text);
  }

  private escapeByte(byte: number): EditResult {
    if (this.escState === AFTER_ESC) {
      this.escState = byte === 91 ? IN_CSI : byte === 79 ? IN_SS3 : PLAIN;
      this.csiDigits = "";
      return MORE;
    }
    if (this.escState === IN_CSI && byte >= 48 && byte <= 57) {
      this.csiDigits += String.fromCharCode(byte);
      return MORE;
    }
    this.escState = PLAIN;
    const key = String.fromCharCode(byte);
    if (key === "~") {
      switch (this.csiDigits) {
        case "1":
        case "7":
          return this.home();
        case "4":
        case "8":
          return this.end();
        case "3":
          return this.deleteAt();
      }
      return MORE;
    }
    switch (key) {
      case "A":
        return this.historyOlder();
      case "B":
        return this.historyNewer();
      case "C":
        return this.right();
      case "D":
        return this.left();
      case "H":
        return this.home();
      case "F":
        return this.end();
    }
    return MORE;
  }

  private finish(): EditResult {
    this.write("\r\n");
    const text = this.line;
    this.history.add(text);
    return { kind: "line", text };
  }

  private insert(text: string): EditResult {
    if (this.autoIndentFresh && text === " " && this.cursor === this.line.length) {
      // A space right after an auto-indent: the text is being pasted with its own
      // indentation, so the auto-indent goes (the typed space lands in column 0; the
      // screen already shows blanks there) and auto-indenting stops for this statement.
      const removed = this.line.length;
      this.autoIndentFresh = false;
      this.pasteDetected = true;
      this.line = " ";
      this.cursor = 1;
      this.write(cursorLeft(removed - 1));
      return MORE;
    }
    this.autoIndentFresh = false;
    const tail = this.line.slice(this.cursor);
    this.line = this.line.slice(0, this.cursor) + text + tail;
    this.cursor += text.length;
    this.write(text + tail + cursorLeft(tail.length));
    return MORE;
  }

  private left(): EditResult {
    if (this.cursor > 0) {
      this.cursor--;
      this.write(cursorLeft(1));
    }
    return MORE;
  }

  private right(): EditResult {
    if (this.cursor < this.line.length) {
      this.write(this.line[this.cursor]);
      this.cursor++;
    }
    return MORE;
  }

  private home(): EditResult {
    this.write(cursorLeft(this.cursor));
    this.cursor = 0;
    return MORE;
  }

  private end(): EditResult {
    this.write(this.line.slice(this.cursor));
    this.cursor = this.line.length;
    return MORE;
  }

  private backspace(): EditResult {
    if (this.cursor === 0) return MORE;
    this.autoIndentFresh = false;
    const before = this.line.slice(0, this.cursor);
    const dedent = this.cursor % 4 === 0 && /^ +$/.test(before);
    this.removeBefore(dedent ? 4 : 1);
    return MORE;
  }

  private removeBefore(n: number): void {
    const tail = this.line.slice(this.cursor);
    this.line = this.line.slice(0, this.cursor - n) + tail;
    this.cursor -= n;
    this.write(cursorLeft(n) + tail + "\x1b[K" + cursorLeft(tail.length));
  }

  private deleteAt(): EditResult {
    if (this.cursor >= this.line.length) return MORE;
    const tail = this.line.slice(this.cursor + 1);
    this.line = this.line.slice(0, this.cursor) + tail;
    this.write(tail + "\x1b[K" + cursorLeft(tail.length));
    return MORE;
  }

  private killToEnd(): EditResult {
    this.line = this.line.slice(0, this.cursor);
    this.write("\x1b[K");
    return MORE;
  }

  private killToStart(): EditResult {
    if (this.cursor > 0) this.removeBefore(this.cursor);
    return MORE;
  }

  private historyOlder(): EditResult {
    const entry = this.history.get(this.historyIndex + 1);
    if (entry === undefined) return MORE;
    this.historyIndex++;
    this.replaceLine(entry);
    return MORE;
  }

  private historyNewer(): EditResult {
    if (this.historyIndex < 0) return MORE;
    this.historyIndex--;
    this.replaceLine(this.historyIndex < 0 ? "" : this.history.get(this.historyIndex)!);
    return MORE;
  }

  private replaceLine(text: string): void {
    const shorter = text.length < this.line.length;
    this.write(cursorLeft(this.cursor) + text + (shorter ? "\x1b[K" : ""));
    this.line = text;
    this.cursor = text.length;
  }

  private tab(): EditResult {
    // Without completion (input(), piped lines) a Tab is just a character.
    if (this.complete === null) return this.insert("\t");
    const before = this.line.slice(0, this.cursor);
    const { insert, list } = this.complete(before);
    if (insert.length > 0) return this.insert(insert);
    if (list.length > 0) {
      this.write("\r\n" + formatCompletionList(list) + "\r\n" + this.prompt + this.line);
      this.write(cursorLeft(this.line.length - this.cursor));
    }
    return MORE;
  }
}

/**
 * Names in 16-column slots, at least two spaces apart, wrapping before a line
 * would pass 64 columns (MicroPython's layout of Tab completions).
 */
export function formatCompletionList(names: string[]): string {
  const SLOT = 16;
  const WIDTH = 4 * SLOT;
  let out = "";
  let column = 0;
  for (const name of names) {
    if (column > 0) {
      let gap = Math.ceil(column / SLOT) * SLOT - column;
      if (gap < 2) gap += SLOT;
      if (column + gap + name.length <= WIDTH) {
        out += " ".repeat(gap);
        column += gap;
      } else {
        out += "\r\n";
        column = 0;
      }
    }
    out += name;
    column += name.length;
  }
  return out;
}
