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
import { hasSocat, startUpyBoard, withUpyBoard } from "./board_upy.ts";

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
  ignore: !hasSocat(),
  async fn() {
    await withUpyBoard(async (address) => {
      const board = await connect(address, { enterTimeoutMs: 5000 });
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
    });
  },
});

Deno.test({
  name: "pty: upy playing a board has its folder as its whole file system, as a Pico its flash",
  ignore: !hasSocat(),
  async fn() {
    await withUpyBoard(async (address, folder) => {
      await Deno.mkdir(`${folder}/lib`);
      await Deno.writeTextFile(`${folder}/lib/helper.py`, "def twice(x):\n    return 2 * x\n");
      await Deno.writeTextFile(`${folder}/main.py`, "NAME = 'main'\n");
      const board = await connect(address, { enterTimeoutMs: 5000 });
      try {
        assertEquals(await board.eval("__import__('sys').path"), ["", ".frozen", "/lib"]);
        assertEquals(await board.eval("__import__('os').getcwd()"), "/");
        assertEquals((await board.fs.ls("/")).map((e) => e.name).sort(), ["lib", "main.py"]);
        assertEquals(await board.eval("__import__('os').stat('/lib')[:7]"), [
          0x4000,
          0,
          0,
          0,
          0,
          0,
          0,
        ]);
        // `..` stops at the board's root; imports come from the board's files.
        assertEquals(await board.eval("sorted(__import__('os').listdir('/lib/../..'))"), [
          "lib",
          "main.py",
        ]);
        assertEquals(
          await board.exec("import helper, main\nprint(helper.twice(21), main.NAME)"),
          "42 main\n",
        );
        await board.fs.put("/lib/data.bin", new Uint8Array(5000));
        assertEquals((await Deno.stat(`${folder}/lib/data.bin`)).size, 5000);
        // A Pico's 1408 KB in 4 KB blocks; the 5000 bytes and the two small files take 4.
        assertEquals(await board.eval("__import__('os').statvfs('/')[:5]"), [
          4096,
          4096,
          352,
          348,
          348,
        ]);
      } finally {
        await board.close();
      }
    });
  },
});

Deno.test({
  name: "pty: `mod.ts --board <pty path>` drives the machine of upy playing a board",
  ignore: !hasSocat(),
  async fn() {
    await withUpyBoard(async (address, folder) => {
      const script = `${folder}/blink.py`;
      await Deno.writeTextFile(
        script,
        "import machine\nled = machine.Pin(25, machine.Pin.OUT)\nled.value(1)\n" +
          "print('led', led.value(), machine.freq())\n",
      );
      const run = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", `${ROOT}mod.ts`, "--board", address, script],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assertEquals(new TextDecoder().decode(run.stderr), "");
      assertEquals(new TextDecoder().decode(run.stdout), "led 1 125000000\n");
      // The pin was set on the board, not in the process that ran the script.
      const board = await connect(address, { enterTimeoutMs: 5000 });
      try {
        assertEquals(await board.eval("__import__('machine').Pin(25).value()"), 1);
      } finally {
        await board.close();
      }
    });
  },
});

Deno.test({
  name: "pty: upy playing a board runs boot.py and main.py as a Pico does",
  ignore: !hasSocat(),
  async fn() {
    // Each script leaves a mark in a file; main.py then loops forever, as a Pico's often does.
    const mark = (letter: string) => `open('/marks.txt', 'a').write('${letter}')\n`;
    const running = await startUpyBoard([], {
      "boot.py": mark("b"),
      "main.py": mark("m") + "import time\nwhile True:\n    time.sleep_ms(5)\n",
    });
    const marks = () => Deno.readTextFile(`${running.folder}/marks.txt`).catch(() => "");
    try {
      const T0 = performance.now();
      const lap = (w: string) => console.log(w, Math.round(performance.now() - T0));
      await waitFor(async () => (await marks()) === "bm", "boot.py and main.py at start");
      lap("bm");
      // Connecting interrupts main.py's loop; its globals stay, as on a board.
      const board = await connect(running.address, { enterTimeoutMs: 5000 });
      try {
        lap("connected");
        assertEquals(await board.eval("__file__"), "main.py");
        await board.softReset(); // from the raw REPL: boot.py only
        assertEquals(await marks(), "bmb");
        lap("reset");
        const input = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(new Uint8Array([0x04])); // Ctrl-D in the friendly REPL
            await waitFor(async () => (await marks()) === "bmbbm", "both after Ctrl-D");
            controller.enqueue(new Uint8Array([0x1d]));
          },
        });
        await board.repl({ input, output: () => {} });
        lap("repl");
        assertEquals(await board.eval("1 + 1"), 2); // main.py's loop interrupted again
      } finally {
        await board.close();
      }
    } finally {
      await running.stop();
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
