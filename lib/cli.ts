/**
 * The command line: `deno run -A mod.ts [options] [file.py | -c code | -] [args]`,
 * following the unix port's contract (see ../shared/compat/README.md): output
 * and tracebacks as `micropython file.py` prints them, exit status 1 on an
 * uncaught exception, SystemExit's code otherwise.
 */

import { VM } from "./vm/vm.ts";
import type { SourceLoader } from "./vm/import.ts";
import { hostFileSystem } from "./host_fs.ts";
import { disassemble } from "./compiler/disassemble.ts";

/** Writes text to a Deno file synchronously, buffering small writes. */
class BufferedWriter {
  private chunks: string[] = [];
  private size = 0;
  private encoder = new TextEncoder();
  constructor(private file: { writeSync(p: Uint8Array): number }) {}

  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size > 16384) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    let data = this.encoder.encode(this.chunks.join(""));
    this.chunks = [];
    this.size = 0;
    while (data.length > 0) {
      const n = this.file.writeSync(data);
      data = data.subarray(n);
    }
  }
}

export { hostFileSystem };

export const hostLoader: SourceLoader = {
  readText(path: string): string | null {
    try {
      return Deno.readTextFileSync(path);
    } catch {
      return null;
    }
  },
  isDirectory(path: string): boolean {
    try {
      return Deno.statSync(path).isDirectory;
    } catch {
      return false;
    }
  },
};

function defaultPath(scriptDir: string): string[] {
  const env = Deno.env.get("MICROPYPATH");
  const rest = env !== undefined
    ? env.split(":")
    : [".frozen", (Deno.env.get("HOME") ?? "~") + "/.micropython/lib", "/usr/lib/micropython"];
  return [scriptDir, ...rest];
}

export async function main(args: string[]): Promise<number> {
  const stdout = new BufferedWriter(Deno.stdout);
  const stderr = new BufferedWriter(Deno.stderr);
  const writeErr = (text: string) => {
    stdout.flush();
    stderr.write(text);
    stderr.flush();
  };
  let dis = false;
  let rawStdio = false;
  let i = 0;
  for (; i < args.length; i++) {
    if (args[i] === "--dis") dis = true;
    else if (args[i] === "--raw-stdio") rawStdio = true;
    else break;
  }
  const rest = args.slice(i);
  if (rawStdio || rest.length === 0) {
    // The REPL of lib/repl/: on a terminal, plain lines from a pipe, or as a board on a
    // pty (--raw-stdio).
    const { runTerminalRepl } = await import("./repl/terminal.ts");
    return await runTerminalRepl({
      board: rawStdio,
      vmOptions: {
        argv: [""],
        path: defaultPath(""),
        loader: hostLoader,
        fileSystem: hostFileSystem,
      },
    });
  }
  let source: string;
  let filename: string;
  let argv: string[];
  let scriptDir = "";
  if (rest[0] === "-c") {
    source = rest[1] ?? "";
    filename = "<stdin>";
    argv = ["-c", ...rest.slice(2)];
  } else if (rest[0] === "-" && !dis) {
    // The program streams in: each statement runs as soon as it has arrived, and
    // its output shows once the VM waits for more input (a flush on the next turn).
    let flushScheduled = false;
    const flushSoon = () => {
      if (flushScheduled) return;
      flushScheduled = true;
      setTimeout(() => {
        flushScheduled = false;
        stdout.flush();
      }, 0);
    };
    const vm = new VM({
      stdout: (t) => {
        stdout.write(t);
        flushSoon();
      },
      stderr: writeErr,
      argv: ["", ...rest.slice(1)],
      path: defaultPath(""),
      loader: hostLoader,
      fileSystem: hostFileSystem,
    });
    const result = await vm.runStream(Deno.stdin.readable, "<stdin>");
    stdout.flush();
    stderr.flush();
    return result.exitCode;
  } else if (rest[0] === "-") {
    source = await new Response(Deno.stdin.readable).text();
    filename = "<stdin>";
    argv = ["", ...rest.slice(1)];
  } else {
    filename = rest[0];
    argv = rest;
    try {
      source = Deno.readTextFileSync(filename);
    } catch {
      writeErr(`micropython: can't open file '${filename}': [Errno 2] No such file or directory\n`);
      return 2;
    }
    const slash = filename.lastIndexOf("/");
    scriptDir = slash >= 0 ? filename.slice(0, slash) : "";
  }
  const vm = new VM({
    stdout: (t) => stdout.write(t),
    stderr: writeErr,
    argv,
    path: defaultPath(scriptDir),
    loader: hostLoader,
    fileSystem: hostFileSystem,
  });
  if (dis) {
    try {
      stdout.write(disassemble(vm.compile(source, filename)) + "\n");
    } catch (e) {
      writeErr(String(e) + "\n");
      return 1;
    }
    stdout.flush();
    return 0;
  }
  const result = await vm.runMain(source, filename);
  stdout.flush();
  stderr.flush();
  return result.exitCode;
}
