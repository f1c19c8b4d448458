/**
 * Starts and stops the emulated MicroPython board of ../shared/board (QEMU) for end-to-end tests.
 * Each board gets its own BOARD_DIR (a fresh temp folder) so parallel test runs and other
 * developers' boards never collide; the TCP flavour listens on a port found free at run time.
 *
 * ```ts
 * await withQemuBoard("tcp", async (address) => { ... }); // "127.0.0.1:40123" or "/dev/pts/3"
 * ```
 */

/** ../shared/board next to the repository, or under $UPY_SHARED when the checkout lives elsewhere. */
const BOARD_SCRIPTS = Deno.env.get("UPY_SHARED")
  ? new URL(`file://${Deno.env.get("UPY_SHARED")!.replace(/\/?$/, "/")}board/`)
  : new URL("../../shared/board/", import.meta.url);

export type QemuLink = "pty" | "tcp";

export interface QemuBoard {
  /** What `connect()` takes: a pty path or `127.0.0.1:port`. */
  address: string;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function script(name: string, env: Record<string, string>): Promise<string> {
  const path = new URL(name, BOARD_SCRIPTS).pathname;
  const output = await new Deno.Command("bash", {
    args: [path],
    env,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const text = new TextDecoder().decode(output.stdout).trim();
  if (!output.success) {
    throw new Error(`${name} failed: ${new TextDecoder().decode(output.stderr).trim()}`);
  }
  return text;
}

export async function startQemuBoard(link: QemuLink): Promise<QemuBoard> {
  const dir = await Deno.makeTempDir({ prefix: "upy-board-e2e-" });
  const env: Record<string, string> = { BOARD_DIR: dir };
  if (link === "tcp") env.BOARD_TCP = String(freePort());
  let address: string;
  try {
    address = await script("board-up.sh", env);
  } catch (error) {
    await script("board-down.sh", env).catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw error;
  }
  return {
    address: address.split("\n").pop()!,
    async stop() {
      await script("board-down.sh", env).catch(() => {});
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

/** Runs `body` with a fresh board and stops the board afterwards, even when `body` fails. */
export async function withQemuBoard(link: QemuLink, body: (address: string) => Promise<void>) {
  const board = await startQemuBoard(link);
  try {
    await body(board.address);
  } finally {
    await board.stop();
  }
}
