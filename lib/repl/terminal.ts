/**
 * The REPL on this process's stdin/stdout: `deno task start` with no file (a
 * terminal put in raw mode, so keys arrive one by one as on a serial line;
 * plain lines without echo when stdin is a pipe), or
 * `--raw-stdio` (playing a board for host tools over a pty that socat or a
 * serial bridge provides: bytes pass untouched and Ctrl-D soft-resets).
 */

import { VM, type VMOptions } from "../vm/vm.ts";
import { type ReplOptions, runRepl } from "./session.ts";
import { BOARD_SYS_PATH, folderAsBoardRoot } from "./board_folder.ts";

export interface TerminalReplOptions {
  /** Everything but stdout/stderr, which the REPL routes itself. */
  vmOptions: Omit<VMOptions, "stdout" | "stderr">;
  board: boolean;
  /** micropython.opt_level() for every VM the session makes (-O). */
  optLevel?: number;
  /** Runs before the first prompt in the session's VM (-i: the script whose globals to inspect). */
  before?: ReplOptions["before"];
}

export async function runTerminalRepl(options: TerminalReplOptions): Promise<number> {
  const vmOptions = options.board ? asBoard(options.vmOptions) : options.vmOptions;
  const raw = Deno.stdin.isTerminal();
  if (raw) Deno.stdin.setRaw(true);
  try {
    return await runRepl({
      input: Deno.stdin.readable,
      output: Deno.stdout.writable,
      board: options.board,
      lineMode: !raw && !options.board,
      createVM: (io) => {
        const vm = new VM({ ...vmOptions, ...io });
        vm.state.optLevel = options.optLevel ?? 0;
        return vm;
      },
      before: options.before,
    });
  } finally {
    if (raw) Deno.stdin.setRaw(false);
  }
}

/**
 * Playing a board, the working directory is the board's whole file system and imports come from
 * there through it, with a Pico's `sys.path`.
 */
function asBoard(vmOptions: TerminalReplOptions["vmOptions"]): TerminalReplOptions["vmOptions"] {
  if (!vmOptions.fileSystem) return vmOptions;
  return {
    ...vmOptions,
    fileSystem: folderAsBoardRoot(vmOptions.fileSystem, Deno.cwd()),
    loader: undefined, // read through the file system above
    path: BOARD_SYS_PATH,
  };
}
