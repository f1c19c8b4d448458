/**
 * `deno task pico …` (hal/cli.ts) spawned as a user would, against the QEMU board's pty and
 * upy's own raw REPL behind a pty (board_targets.ts): chained commands, live run output, files,
 * errors with exit status 1, a busy, a missing and a vanishing port, Ctrl-C forwarded to the
 * board and the REPL passthrough.
 */

import assert from "node:assert/strict";
import { connect } from "../hal/board.ts";
import { type BoardTarget, QEMU_PTY, testOnTargets, UPY_PTY } from "./board_targets.ts";

const CLI = new URL("../hal/cli.ts", import.meta.url).pathname;
const text = (data: Uint8Array) => new TextDecoder().decode(data);
/** A CLI run that has not ended by then is killed (and its test fails) rather than hanging. */
const WATCHDOG_MS = 30000;

async function pico(args: string[], stdin?: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const watchdog = setTimeout(() => child.kill("SIGKILL"), WATCHDOG_MS);
  const output = await child.output();
  clearTimeout(watchdog);
  return { code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}

/** Spawns the CLI and calls `onOutput` with everything printed so far, until it exits. */
async function picoWatching(
  args: string[],
  onOutput: (seen: string, child: Deno.ChildProcess) => void,
) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let seen = "";
  const watchdog = setTimeout(() => child.kill("SIGKILL"), WATCHDOG_MS);
  const stderr = new Response(child.stderr).text();
  for await (const chunk of child.stdout) {
    seen += text(chunk);
    onOutput(seen, child);
  }
  const status = await child.status;
  clearTimeout(watchdog);
  return { code: status.code, stdout: seen, stderr: await stderr };
}

async function cliSteps(target: BoardTarget, t: Deno.TestContext) {
  const board = await target.start();
  const port = board.address;
  const folder = await Deno.makeTempDir({ prefix: "upy-pico-cli-" });
  try {
    await t.step("chained exec and eval", async () => {
      const result = await pico(["connect", port, "exec", "print(6*7)", "eval", "[1, 'a', None]"]);
      assert.equal(result.stderr, "");
      assert.equal(result.stdout, "42\n[1, 'a', None]\n");
      assert.equal(result.code, 0);
    });

    await t.step("run a file, copy files both ways, list, cat, remove", async () => {
      const script = `${folder}/count.py`;
      await Deno.writeTextFile(script, "for i in range(3):\n    print('count', i)\n");
      const data = new Uint8Array(3000).map((_, i) => (i * 31) & 255);
      await Deno.writeFile(`${folder}/blob.bin`, data);
      const result = await pico([
        "connect",
        port,
        "run",
        script,
        "fs",
        "cp",
        script,
        `${folder}/blob.bin`,
        ":",
        "+",
        "fs",
        "ls",
        "+",
        "fs",
        "cat",
        ":count.py",
        "+",
        "fs",
        "cp",
        ":blob.bin",
        `${folder}/back.bin`,
        "+",
        "fs",
        "rm",
        ":blob.bin",
        ":count.py",
        "+",
        "fs",
        "ls",
      ]);
      assert.equal(result.code, 0, result.stderr);
      const [ran, listing] = result.stdout.split("for i in range(3):");
      assert.ok(ran.startsWith("count 0\ncount 1\ncount 2\n"), ran);
      assert.match(ran, /^\s+3000 blob\.bin$/m);
      assert.match(ran, /^\s+41 count\.py$/m);
      assert.doesNotMatch(listing, /blob\.bin|count\.py/);
      assert.deepEqual(await Deno.readFile(`${folder}/back.bin`), data);
    });

    await t.step("soft-reset and reset give a fresh interpreter, the chain goes on", async () => {
      const result = await pico([
        "connect",
        port,
        "exec",
        "kept = 1",
        "soft-reset",
        "eval",
        "'kept' in globals()",
        "exec",
        "kept = 2",
        "reset",
        "eval",
        "'kept' in globals()",
        "df",
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^False\nFalse\n/);
      assert.match(result.stdout.split("\n")[2], target.dfLine);
    });

    await t.step("a board exception prints the traceback and exits 1", async () => {
      const result = await pico([
        "connect",
        port,
        "exec",
        "print('partial')\n1/0",
        "exec",
        "print('not run')",
      ]);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, "partial\n");
      assert.match(
        result.stderr,
        /Traceback \(most recent call last\):\n {2}File "<stdin>", line 2/,
      );
      assert.match(result.stderr, new RegExp(`ZeroDivisionError: ${target.zeroDivisionMessage}`));
    });

    await t.step("clear errors: missing port, busy port, bad usage", async () => {
      const missing = await pico(["connect", "/dev/ttyACM_missing", "exec", "1"]);
      assert.equal(missing.code, 1);
      assert.equal(missing.stderr.trim(), "pico: /dev/ttyACM_missing: no such port");
      const holder = await connect(port);
      try {
        const busy = await pico(["connect", port, "exec", "1"]);
        assert.equal(busy.code, 1);
        assert.match(busy.stderr, /in use by another program/);
      } finally {
        await holder.close();
      }
      const usage = await pico(["exec"]);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /exec: missing argument/);
    });

    await t.step("Ctrl-C interrupts the board's program", async () => {
      const script = `${folder}/spin.py`;
      await Deno.writeTextFile(script, "print('spinning')\nwhile True:\n    pass\n");
      let signalled = false;
      const result = await picoWatching(["connect", port, "run", script], (seen, child) => {
        if (!signalled && seen.includes("spinning")) {
          signalled = true;
          child.kill("SIGINT");
        }
      });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /KeyboardInterrupt/);
    });

    await t.step("repl passthrough until Ctrl-]", async () => {
      const result = await pico(["connect", port, "repl"], "\r\nprint('from', 'repl')\r");
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /Ctrl-\] to exit/);
      // stdin ended without Ctrl-]: the session ends then too; the board's echo and answer came.
      const withEscape = await pico(
        ["connect", port, "repl", "exec", "print('after')"],
        "print(3*5)\r\x1d",
      );
      assert.equal(withEscape.code, 0, withEscape.stderr);
      assert.match(withEscape.stdout, /after\n$/);
    });

    await t.step("the board vanishing mid-run is reported, not hung on", async () => {
      const script = `${folder}/forever.py`;
      await Deno.writeTextFile(script, "print('alive')\nwhile True:\n    pass\n");
      let stopped = false;
      const result = await picoWatching(["connect", port, "run", script], (seen) => {
        if (!stopped && seen.includes("alive")) {
          stopped = true;
          board.stop();
        }
      });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /disconnected/);
    });
  } finally {
    await board.stop();
    await Deno.remove(folder, { recursive: true }).catch(() => {});
  }
}

testOnTargets("pico CLI", [QEMU_PTY, UPY_PTY], cliSteps);
