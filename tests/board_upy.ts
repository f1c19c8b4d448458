/**
 * upy itself as the board at the far end of a serial line: `socat` makes a pty and runs
 * `deno run -A mod.ts --raw-stdio` behind it, so the board link (hal/board.ts) connects to the
 * pty path exactly as to a Pico's /dev/ttyACM0. Unlike the QEMU micro:bit, this board offers
 * raw-paste and `machine` on a mock Raspberry Pi Pico, and its files live in a temp folder that
 * is its working directory.
 *
 * ```ts
 * if (hasSocat()) await withUpyBoard(async (address) => { ... });
 * ```
 */

const MOD = new URL("../mod.ts", import.meta.url).pathname;

/** Whether socat is installed (.ci/run installs it); the tests that need it skip without it. */
export function hasSocat(): boolean {
  try {
    return new Deno.Command("sh", { args: ["-c", "command -v socat"], stdout: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

export interface UpyBoard {
  /** The pty path `connect()` takes. */
  address: string;
  /** The board's working directory (its file system). */
  folder: string;
  stop(): Promise<void>;
}

/**
 * Starts upy behind a pty; `extraArgs` go to mod.ts before `--raw-stdio` (e.g.
 * `--virtual-clock`), `files` (path → text) are on the board before it starts (a `main.py`).
 */
export async function startUpyBoard(
  extraArgs: string[] = [],
  files: Record<string, string> = {},
): Promise<UpyBoard> {
  const folder = await Deno.makeTempDir({ prefix: "upy-board-fs-" });
  for (const [path, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${folder}/${path}`, text);
  }
  const address = `${folder}.tty`;
  const command = ["deno", "run", "-A", MOD, ...extraArgs, "--raw-stdio"].join(" ");
  const socat = new Deno.Command("socat", {
    // `pty` and `setsid` give the child a controlling terminal of its own, like a board's USB CDC line.
    args: [`PTY,link=${address},raw,echo=0`, `EXEC:${command},pty,raw,echo=0,setsid`],
    cwd: folder,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stop = async () => {
    try {
      socat.kill("SIGTERM");
    } catch {
      // already gone
    }
    await socat.status;
    await socat.stderr.cancel().catch(() => {});
    await Deno.remove(folder, { recursive: true }).catch(() => {});
  };
  for (let i = 0; i < 200; i++) {
    try {
      Deno.lstatSync(address);
      return { address, folder, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  await stop();
  throw new Error(`socat did not create ${address} within 5 s`);
}

/** Runs `body` with a fresh upy board and stops it afterwards, even when `body` fails. */
export async function withUpyBoard(
  body: (address: string, folder: string) => Promise<void>,
  extraArgs: string[] = [],
): Promise<void> {
  const board = await startUpyBoard(extraArgs);
  try {
    await body(board.address, board.folder);
  } finally {
    await board.stop();
  }
}

/** Runs `deno run -A mod.ts ...args` (a local upy, e.g. with `--board`) and collects its output. */
export async function runUpy(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MOD, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const watchdog = setTimeout(() => child.kill("SIGKILL"), 30000);
  const output = await child.output();
  clearTimeout(watchdog);
  const text = (data: Uint8Array) => new TextDecoder().decode(data);
  return { code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}
