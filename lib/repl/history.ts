/**
 * The REPL's line history, newest first, as MicroPython's readline keeps it: a
 * non-empty line is remembered unless it repeats the newest entry, and only the
 * last `capacity` lines are kept.
 */

export class History {
  private readonly entries: string[] = [];

  constructor(private readonly capacity = 8) {}

  add(line: string): void {
    if (line.length === 0 || this.entries[0] === line) return;
    this.entries.unshift(line);
    if (this.entries.length > this.capacity) this.entries.pop();
  }

  /** The entry `index` steps back (0 = newest), or undefined past the oldest. */
  get(index: number): string | undefined {
    return this.entries[index];
  }

  get length(): number {
    return this.entries.length;
  }
}
