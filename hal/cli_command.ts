/**
 * The shape of one `deno task pico` subcommand, so that commands living in other folders
 * (hal/uf2's `uf2`, `flash`, `bootloader`, `info`) plug into hal/cli.ts's table with one line:
 *
 * ```ts
 * export const infoCommand: PicoCommand = {
 *   name: "info", usage: "info", summary: "what the connected board reports", arity: 0,
 *   async run(context) { const board = await context.board(); context.print(...); },
 * };
 * ```
 */

import type { Board } from "./board.ts";

export interface PicoContext {
  /** The board named by the last `connect` (default `auto`), connected on first use. */
  board(): Promise<Board>;
  /** The target text of the last `connect` (`auto` when none was given). */
  readonly target: string;
  /** Changes the target; the next `board()` connects there. */
  setTarget(target: string): Promise<void>;
  /** A line to stdout. */
  print(line: string): void;
  /** Raw bytes to stdout, as they come (program output). */
  write(bytes: Uint8Array): Promise<void>;
  /** A line to stderr (progress, notes). */
  note(line: string): void;
}

export interface PicoCommand {
  name: string;
  /** e.g. `run <file.py>`. */
  usage: string;
  summary: string;
  /**
   * How many arguments follow the name: a count, or "rest" for all up to the next `+` (a
   * command may then take optional or variable arguments, like `fs cp a b :`).
   */
  arity: number | "rest";
  run(context: PicoContext, args: string[]): Promise<void>;
}

/** A failure the CLI reports as one line (no stack), exit status 1. */
export class PicoUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PicoUsageError";
  }
}
