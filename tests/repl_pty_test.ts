/**
 * upy behind a real pty: `socat PTY,link=...,raw,echo=0 EXEC:"deno run -A mod.ts
 * --raw-stdio"` presents upy as a board, and the repo's board link
 * (hal/board.ts) connects to the pty path as to a serial port; and the
 * friendly REPL on a terminal (tmux), typed into and read off the screen.
 * Skipped, saying why, where socat or tmux is not installed (.ci/run installs
 * socat).
 */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { connect } from "../hal/board.ts";

const ROOT = new URL("..", import.meta.url).pathname;

function has(tool: string): boolean {
  try {
    return new Deno.Command("sh", { args: ["-c", `command -v ${tool}`], stdout: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

Deno.test({
  name: "pty: a raw REPL client talks to `mod.ts --raw-stdio` through socat",
  ignore: !has("socat"),
  async fn() {
    const link = await Deno.makeTempFile({ prefix: "upy-tty-" });
    await Deno.remove(link);
    const socat = new Deno.Command("socat", {
      args: [`PTY,link=${link},raw,echo=0`, `EXEC:deno run -A ${ROOT}mod.ts --raw-stdio`],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      await waitFor(() => {
        try {
          Deno.lstatSync(link);
          return true;
        } catch {
          return false;
        }
      }, "socat's pty");
      const board = await connect(link, { enterTimeoutMs: 5000 });
      try {
        assertEquals(await board.protocol.exec("print(sum(range(10)))"), "45\n");
        const body = Array.from({ length: 60 }, (_, i) => `x${i} = ${i}`).join("\n");
        assertEquals(await board.protocol.exec(body + "\nprint(x59 + x1)\n"), "60\n");
        await board.protocol.exec("gone = 1");
        await board.softReset();
        const after = await board.protocol.execRaw("print('gone' in globals())");
        assertEquals(new TextDecoder().decode(after.stdout).trim(), "False");
      } finally {
        await board.close();
      }
    } finally {
      try {
        socat.kill("SIGTERM");
      } catch {
        // already gone
      }
      await socat.status;
    }
  },
});

Deno.test({
  name: "pty: the friendly REPL on a terminal (tmux)",
  ignore: !has("tmux"),
  async fn() {
    const session = `upy-repl-test-${Deno.pid}`;
    const tmux = (...args: string[]) =>
      new Deno.Command("tmux", { args, stdout: "piped", stderr: "null" }).output();
    await tmux(
      "new-session",
      "-d",
      "-s",
      session,
      "-x",
      "80",
      "-y",
      "24",
      `deno run -A ${ROOT}mod.ts`,
    );
    const screen = async () =>
      new TextDecoder().decode((await tmux("capture-pane", "-p", "-t", session)).stdout);
    try {
      await waitFor(async () => (await screen()).includes(">>>"), "the prompt");
      await tmux("send-keys", "-t", session, "-l", "def f(n):\rreturn n * 2\r\r\r\rf(21)\r");
      await waitFor(async () => (await screen()).includes("42"), "the result");
      const lines = (await screen()).split("\n").map((l) => l.trimEnd()).filter((l) => l !== "");
      assertEquals(lines.slice(2), [
        ">>> def f(n):",
        "...     return n * 2",
        "...",
        "...",
        "...",
        ">>> f(21)",
        "42",
        ">>>",
      ]);
      await tmux("send-keys", "-t", session, "C-d");
      await waitFor(
        async () => (await tmux("has-session", "-t", session)).success === false,
        "exit",
      );
    } finally {
      await tmux("kill-session", "-t", session);
    }
  },
});
