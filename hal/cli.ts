/**
 * `deno task pico …`: drive a MicroPython board from the shell, in mpremote's shape.
 *
 *   deno task pico connect list
 *   deno task pico connect 127.0.0.1:4555 exec "print(6*7)" eval "1+1"
 *   deno task pico run blink.py                 # live output; Ctrl-C stops the program
 *   deno task pico fs cp main.py : + fs ls      # `:` marks board paths, `+` ends a command
 *   deno task pico repl                         # Ctrl-] leaves
 *
 * Commands run in order on one connection, made on first use (`connect` only names the target;
 * the default is `auto`, or $UPY_BOARD). Commands come from one table; other folders add theirs
 * with one line each (see cli_command.ts).
 */

import { type Board, BoardExceptionError, connect, TransportError } from "./board.ts";
import { BoardError } from "./remote/errors.ts";
import { BoardFsError } from "./remote/fs.ts";
import { OutputDecoder } from "./remote/raw_repl.ts";
import { describePort, listSerialPorts } from "./serial/list_ports.ts";
import { type PicoCommand, type PicoContext, PicoUsageError } from "./cli_command.ts";
import * as install from "./flash/pico_commands.ts";

const encoder = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// Commands

const connectCommand: PicoCommand = {
  name: "connect",
  usage: "connect <port|auto|list>",
  summary: "pick the board: a serial port, host:port, ws://host, auto; `list` shows the ports",
  arity: 1,
  async run(context, [target]) {
    if (target === "list") {
      const ports = await listSerialPorts();
      if (ports.length === 0) context.print("no serial ports found");
      for (const port of ports) context.print(describePort(port));
      return;
    }
    await context.setTarget(target);
    await context.board(); // connect now, so a wrong port fails at the command that named it
  },
};

const execCommand: PicoCommand = {
  name: "exec",
  usage: "exec <code>",
  summary: "run code on the board, output as it comes",
  arity: 1,
  async run(context, [code]) {
    await runOnBoard(context, code);
  },
};

const evalCommand: PicoCommand = {
  name: "eval",
  usage: "eval <expression>",
  summary: "print the repr of an expression evaluated on the board",
  arity: 1,
  async run(context, [expression]) {
    const board = await context.board();
    context.print(await board.evalRepr(expression));
  },
};

const runCommand: PicoCommand = {
  name: "run",
  usage: "run <file.py>",
  summary: "run a local file on the board (live output; Ctrl-C interrupts it)",
  arity: 1,
  async run(context, [file]) {
    let code: string;
    try {
      code = await Deno.readTextFile(file);
    } catch (error) {
      throw new PicoUsageError(`${file}: cannot read (${(error as Error).message})`);
    }
    await runOnBoard(context, code);
  },
};

const replCommand: PicoCommand = {
  name: "repl",
  usage: "repl",
  summary: "the board's interactive REPL in this terminal; Ctrl-] leaves",
  arity: 0,
  async run(context) {
    const board = await context.board();
    context.note(`Connected to MicroPython at ${board.description}`);
    context.note("Use Ctrl-] to exit this shell");
    const terminal = Deno.stdin.isTerminal();
    if (terminal) Deno.stdin.setRaw(true);
    try {
      await board.repl({ input: Deno.stdin.readable, output: (bytes) => context.write(bytes) });
    } finally {
      if (terminal) Deno.stdin.setRaw(false);
      context.note("");
    }
  },
};

const fsCommand: PicoCommand = {
  name: "fs",
  usage: "fs ls|cat|cp|rm|mkdir|rmdir|stat <paths…>",
  summary: "files; `:name` is on the board (`fs cp a.py :`, `fs cp :log.txt .`)",
  arity: "rest",
  async run(context, [verb, ...paths]) {
    const board = await context.board();
    switch (verb) {
      case "ls": {
        for (const path of paths.length > 0 ? paths : [":"]) {
          const entries = await board.fs.ls(boardPath(path));
          if (paths.length > 1) context.print(`${path}:`);
          for (const entry of entries) {
            context.print(
              `${String(entry.size).padStart(9)} ${entry.name}${entry.isDir ? "/" : ""}`,
            );
          }
        }
        return;
      }
      case "cat":
        requirePaths(verb, paths, 1);
        for (const path of paths) await context.write(await board.fs.get(boardPath(path)));
        return;
      case "stat":
        requirePaths(verb, paths, 1);
        for (const path of paths) {
          const stat = await board.fs.stat(boardPath(path));
          context.print(`${path}: ${stat.isDir ? "folder" : `${stat.size} bytes`}`);
        }
        return;
      case "rm":
      case "mkdir":
      case "rmdir":
        requirePaths(verb, paths, 1);
        for (const path of paths) await board.fs[verb](boardPath(path));
        return;
      case "cp":
        await copy(context, board, paths);
        return;
      default:
        throw new PicoUsageError(
          `fs: unknown operation '${verb ?? ""}' (ls, cat, cp, rm, mkdir, rmdir, stat)`,
        );
    }
  },
};

const dfCommand: PicoCommand = {
  name: "df",
  usage: "df",
  summary: "space used and free on the board",
  arity: 0,
  async run(context) {
    const board = await context.board();
    const usage = await board.fs.df();
    if (usage.total === undefined) {
      context.print(`used ${usage.used} bytes (this board does not report its capacity)`);
    } else {
      context.print(`size ${usage.total}  used ${usage.used}  free ${usage.free}`);
    }
  },
};

const resetCommand: PicoCommand = {
  name: "reset",
  usage: "reset",
  summary: "hard reset (machine.reset()); waits for the board to come back",
  arity: 0,
  async run(context) {
    await (await context.board()).reset();
  },
};

const softResetCommand: PicoCommand = {
  name: "soft-reset",
  usage: "soft-reset",
  summary: "a fresh interpreter (files and the link untouched)",
  arity: 0,
  async run(context) {
    await (await context.board()).softReset();
  },
};

const helpCommand: PicoCommand = {
  name: "help",
  usage: "help",
  summary: "this list",
  arity: 0,
  run(context) {
    context.print(helpText());
    return Promise.resolve();
  },
};

/** Every subcommand; other folders add theirs here, one line each. */
export const COMMANDS: readonly PicoCommand[] = [
  connectCommand,
  execCommand,
  evalCommand,
  runCommand,
  replCommand,
  fsCommand,
  dfCommand,
  resetCommand,
  softResetCommand,
  install.uf2PicoCommand,
  install.bootloaderPicoCommand,
  install.flashPicoCommand,
  install.infoPicoCommand,
  helpCommand,
];

// ---------------------------------------------------------------------------------------------
// Helpers

/** Runs code with live output; Ctrl-C in this terminal interrupts the board's program. */
async function runOnBoard(context: PicoContext, code: string): Promise<void> {
  const board = await context.board();
  const onSigint = () => void board.interrupt().catch(() => {});
  Deno.addSignalListener("SIGINT", onSigint);
  let writing: Promise<void> = Promise.resolve();
  const decoder = new OutputDecoder();
  const show = (text: string) => {
    if (text === "") return;
    const data = encoder.encode(text);
    writing = writing.then(() => context.write(data));
  };
  try {
    await board.exec(code, { onStdout: (bytes) => show(decoder.decode(bytes)) });
  } finally {
    show(decoder.flush());
    Deno.removeSignalListener("SIGINT", onSigint);
    await writing;
  }
}

function isBoardPath(path: string): boolean {
  return path.startsWith(":");
}

/** `:lib/x.py` → `lib/x.py`; `:` → `/`; a bare name means the board too (for ls/cat/rm). */
function boardPath(path: string): string {
  const bare = isBoardPath(path) ? path.slice(1) : path;
  return bare === "" ? "/" : bare;
}

function basename(path: string): string {
  return path.replace(/\/+$/, "").split("/").pop() ?? path;
}

function requirePaths(verb: string, paths: string[], count: number): void {
  if (paths.length < count) throw new PicoUsageError(`fs ${verb}: which path?`);
}

async function isLocalFolder(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/** `fs cp src… dst`: exactly one side is on the board. */
async function copy(context: PicoContext, board: Board, paths: string[]): Promise<void> {
  if (paths.length < 2) throw new PicoUsageError("fs cp: need a source and a destination");
  const destination = paths[paths.length - 1];
  const sources = paths.slice(0, -1);
  for (const source of sources) {
    if (isBoardPath(source) === isBoardPath(destination)) {
      throw new PicoUsageError(
        `fs cp ${source} ${destination}: one side must be on the board (':name')`,
      );
    }
    const progress = (done: number, total: number) => {
      if (total >= 8192) context.note(`\r${source}: ${done}/${total} bytes`);
    };
    if (isBoardPath(destination)) {
      let data: Uint8Array;
      try {
        data = await Deno.readFile(source);
      } catch (error) {
        throw new PicoUsageError(`${source}: cannot read (${(error as Error).message})`);
      }
      let target = boardPath(destination);
      if (target === "/" || target.endsWith("/")) {
        target = `${target.replace(/^\/$/, "")}${basename(source)}`;
      }
      await board.fs.put(target, data, { onProgress: progress });
    } else {
      const data = await board.fs.get(boardPath(source), { onProgress: progress });
      const target = await isLocalFolder(destination)
        ? `${destination}/${basename(source)}`
        : destination;
      await Deno.writeFile(target, data);
    }
  }
}

function helpText(): string {
  const lines = ["usage: deno task pico [connect <port>] <command> [args] [+ <command> …]", ""];
  for (const command of COMMANDS) lines.push(`  ${command.usage.padEnd(44)} ${command.summary}`);
  lines.push("", "Commands run in order on one connection; `+` ends a command's arguments.");
  return lines.join("\n");
}

/** Splits the argument list into commands with their arguments. */
export function parseCommandLine(
  args: readonly string[],
): { command: PicoCommand; args: string[] }[] {
  const plan: { command: PicoCommand; args: string[] }[] = [];
  let index = 0;
  while (index < args.length) {
    const name = args[index++];
    if (name === "+") continue;
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (command === undefined) {
      throw new PicoUsageError(`unknown command '${name}' (try: deno task pico help)`);
    }
    const taken: string[] = [];
    if (command.arity === "rest") {
      while (index < args.length && args[index] !== "+") taken.push(args[index++]);
    } else {
      for (let i = 0; i < command.arity; i++) {
        if (index >= args.length || args[index] === "+") {
          throw new PicoUsageError(`${name}: missing argument (usage: ${command.usage})`);
        }
        taken.push(args[index++]);
      }
    }
    plan.push({ command, args: taken });
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Main

/** Runs a pico command line; returns the exit status. */
export async function main(args: readonly string[]): Promise<number> {
  let plan;
  try {
    plan = parseCommandLine(args);
  } catch (error) {
    console.error(`pico: ${(error as Error).message}`);
    return 2;
  }
  if (plan.length === 0) plan = [{ command: helpCommand, args: [] }];
  let target = Deno.env.get("UPY_BOARD") ?? "auto";
  let board: Board | null = null;
  const context: PicoContext = {
    get target() {
      return target;
    },
    async board() {
      board ??= await connect(target);
      return board;
    },
    async setTarget(next) {
      if (board !== null) await board.close();
      board = null;
      target = next;
    },
    print: (line) => console.log(line),
    async write(bytes) {
      let rest = bytes;
      while (rest.length > 0) rest = rest.subarray(await Deno.stdout.write(rest));
    },
    note: (line) => console.error(line),
  };
  try {
    for (const step of plan) await step.command.run(context, step.args);
    return 0;
  } catch (error) {
    console.error(describeFailure(error));
    return 1;
  } finally {
    // The board type is narrowed to null by the closure-assigned variable; read it afresh.
    const open = board as Board | null;
    if (open !== null) await open.close().catch(() => {});
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof BoardExceptionError) return error.traceback.trimEnd();
  if (error instanceof BoardFsError) return `pico: fs: ${error.message}`;
  if (
    error instanceof TransportError || error instanceof BoardError ||
    error instanceof PicoUsageError
  ) {
    return `pico: ${error.message}`;
  }
  return `pico: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
