/**
 * The command line, read as MicroPython's unix port reads it: `-c`, `-m`, a script, `-i`,
 * `-O<level>`, `-v`, `-X <option>`, `-h`; plus upy's own long options (the board, tracing,
 * `--dis`, `--raw-stdio`) and `-` for a program that streams in on stdin. Options come
 * before the program; everything after a script or `-m module` is its sys.argv.
 */

export const USAGE =
  `usage: upy [<opts>] [-X <implopt>] [-c <command> | -m <module> | <file> | -] [args]
Options:
-h : print this help message
-i : enable inspection via REPL after running command/module/file
-v : verbose (accepted; upy has no trace output)
-O[N] : apply bytecode optimizations of level N (-OO.. counts the Os)
-c <command> : run the statements in <command>
-m <module> : run <module> (found on sys.path) as __main__
- : run the program from stdin, each statement as soon as it has arrived

Implementation specific options (-X):
  compile-only                 -- parse and compile only
  emit=bytecode                -- set the default code emitter (native, viper: run as bytecode)
  heapsize=<n>[w][K|M]         -- the heap size gc.mem_free() counts from

upy options:
  --board <mock|port|host:port|auto> -- where machine's operations go (a real board over USB/serial/TCP)
  --virtual-clock              -- the mock board's time moves only with the program
  --trace <file.vcd>           -- the mock board's pin and bus trace, written at exit
  --timeline                   -- the same trace as text on stderr at exit
  --dis                        -- print the bytecode instead of running
  --raw-stdio                  -- play a board on stdin/stdout (raw REPL, for host tools over a pty)
`;

/** One thing to run, in command-line order (several -c's may come before a script). */
export type CliProgram =
  | { kind: "command"; source: string }
  | { kind: "module"; name: string }
  | { kind: "file"; path: string }
  | { kind: "stream" };

export interface CliOptions {
  programs: CliProgram[];
  /** sys.argv: the script or module and what follows it; empty for -c alone. */
  argv: string[];
  inspect: boolean;
  optLevel: number;
  compileOnly: boolean;
  /** -X heapsize, in bytes. */
  heapBytes: number | null;
  dis: boolean;
  rawStdio: boolean;
  board: BoardFlags;
}

export interface BoardFlags {
  /** `--board NAME`: which HAL adapter machine uses (hal/boards.ts); "mock" by default. */
  target: string;
  /** `--virtual-clock`: board time moves only with the program (mock). */
  virtualClock: boolean;
  /** `--trace FILE.vcd`: the mock's pin and bus trace as a VCD file, written at exit. */
  trace: string | null;
  /** `--timeline`: the trace as text on stderr at exit. */
  timeline: boolean;
}

/** What MicroPython prints for a command line it cannot read. */
export const INVALID_ARGS = "Invalid command line arguments. Use -h option for help.\n";

/** The options, or "help" for -h, or null when the command line is invalid. */
export function parseCommandLine(args: string[]): CliOptions | "help" | null {
  const options: CliOptions = {
    programs: [],
    argv: [],
    inspect: false,
    optLevel: 0,
    compileOnly: false,
    heapBytes: null,
    dis: false,
    rawStdio: false,
    board: { target: "mock", virtualClock: false, trace: null, timeline: false },
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => (i + 1 < args.length ? args[++i] : null);
    if (arg === "-h") return "help";
    if (arg === "-i") options.inspect = true;
    else if (arg === "-v") continue;
    else if (arg === "-c") {
      const source = value();
      if (source === null) return null;
      options.programs.push({ kind: "command", source });
    } else if (arg === "-m") {
      const name = value();
      if (name === null) return null;
      options.programs.push({ kind: "module", name });
      options.argv = args.slice(i);
      break;
    } else if (arg === "-X") {
      const option = value();
      if (option === null || !implementationOption(option, options)) return null;
    } else if (arg.startsWith("-O")) {
      const level = arg.slice(2);
      if (/^\d/.test(level)) options.optLevel = Number(level[0]);
      else if (/^O*$/.test(level)) options.optLevel = level.length + 1;
      else return null;
    } else if (arg === "--dis") options.dis = true;
    else if (arg === "--raw-stdio") options.rawStdio = true;
    else if (arg === "--virtual-clock") options.board.virtualClock = true;
    else if (arg === "--timeline") options.board.timeline = true;
    else if (arg === "--board" || arg === "--trace") {
      const given = value();
      if (given === null) return null;
      if (arg === "--board") options.board.target = given;
      else options.board.trace = given;
    } else if (arg === "-") {
      options.programs.push({ kind: "stream" });
      options.argv = ["", ...args.slice(i + 1)];
      break;
    } else if (arg.startsWith("-")) return null;
    else {
      options.programs.push({ kind: "file", path: arg });
      options.argv = args.slice(i);
      break;
    }
  }
  return options;
}

/** Applies one `-X` option; false when MicroPython would reject it. */
function implementationOption(option: string, options: CliOptions): boolean {
  if (option === "compile-only") options.compileOnly = true;
  else if (/^emit=(bytecode|native|viper)$/.test(option)) return true;
  else if (option.startsWith("heapsize=")) {
    const match = /^(\d+)(w?)([kKmM]?)$/.exec(option.slice("heapsize=".length));
    if (match === null) return false;
    let bytes = Number(match[1]) * (match[3] === "" ? 1 : /k/i.test(match[3]) ? 1024 : 1048576);
    if (match[2] === "w") bytes *= 2; // words of 8 bytes, counted against a 32-bit baseline
    if (bytes < 700) return false;
    options.heapBytes = bytes;
  } else return false;
  return true;
}
