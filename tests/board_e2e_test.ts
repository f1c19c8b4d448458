/**
 * The board link end to end, the same steps against every target of board_targets.ts: real
 * MicroPython firmware (../shared/board: a micro:bit build of MicroPython 1.9.2 under QEMU) over
 * its pty and over TCP, with no raw-paste, 16 KB of RAM, a flat file system and pins that read 0,
 * like the oldest boards users still plug in; and upy's own raw REPL behind a pty, which takes
 * the raw-paste path. Where the targets differ the steps read it from the target's data. Each
 * run starts its own board and stops it even when a step fails.
 */

import assert from "node:assert/strict";
import {
  type Board,
  BoardAbortError,
  BoardExceptionError,
  BoardTimeoutError,
  connect,
  PortNotFoundError,
  PyExpression,
} from "../hal/board.ts";
import { digestHex } from "../hal/remote/checksum.ts";
import { freePort } from "./board_qemu.ts";
import { ALL_TARGETS, type BoardTarget, testOnTargets } from "./board_targets.ts";

const text = (data: Uint8Array) => new TextDecoder().decode(data);

function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const data = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = state >>> 24;
  }
  return data;
}

async function boardSteps(target: BoardTarget, t: Deno.TestContext) {
  const running = await target.start();
  try {
    const board: Board = await connect(running.address, { execTimeoutMs: 20000 });
    try {
      await t.step("exec returns what the program printed", async () => {
        assert.equal(await board.exec("print(6*7)"), "42\n");
        assert.equal(await board.exec("x = 'upy'\nprint(x, len(x))"), "upy 3\n");
      });

      await t.step("eval parses the board's repr", async () => {
        assert.deepEqual(await board.eval("[1, 'a', None, 2.5, (True, b'\\x00z')]"), [
          1,
          "a",
          null,
          2.5,
          [true, new Uint8Array([0, 0x7a])],
        ]);
        assert.equal(await board.eval("x * 2"), "upyupy");
      });

      await t.step("run streams output as it is printed", async () => {
        const chunks: string[] = [];
        let sawFirstLineWhileRunning = false;
        let finished = false;
        await board.run(
          `${target.sleepMs}for i in range(3):\n print('line', i)\n sleep_ms(150)\n`,
          {
            timeoutMs: 10000,
            output: (bytes) => {
              chunks.push(text(bytes));
              if (!finished && chunks.join("").includes("line 0")) sawFirstLineWhileRunning = true;
            },
          },
        );
        finished = true;
        assert.equal(chunks.join("").replaceAll("\r\n", "\n"), "line 0\nline 1\nline 2\n");
        assert.ok(sawFirstLineWhileRunning);
        assert.ok(chunks.length >= 3, `output came in ${chunks.length} pieces`);
      });

      await t.step(
        target.rawPaste
          ? "long programs go through raw-paste, paced by the board's window grants"
          : "no raw-paste: falls back to plain raw mode, long programs still run",
        async () => {
          const lines = Array.from({ length: 200 }, (_, i) => `total += ${i} * 3`);
          const program = `total = 0\n${lines.join("\n")}\nprint(total)\ndel total\n`;
          const grantsBefore = board.protocol.rawPasteGrants;
          assert.equal(await board.exec(program), `${3 * (199 * 200) / 2}\n`);
          assert.equal(board.protocol.rawPasteSupported, target.rawPaste);
          if (target.rawPaste) {
            // Much larger than one window: the board had to grant more, and the client waited.
            const window = board.protocol.rawPasteWindow;
            assert.ok(window > 0 && program.length > 10 * window, `window ${window}`);
            const grants = board.protocol.rawPasteGrants - grantsBefore;
            assert.ok(
              grants >= Math.floor(program.length / window) - 1,
              `${grants} grants for ${program.length} bytes in windows of ${window}`,
            );
          } else {
            assert.equal(board.protocol.rawPasteGrants, 0);
          }
        },
      );

      await t.step("a board exception carries the board's traceback", async () => {
        const error = await board.exec("def f(n):\n return 10 // n\nprint('before')\nf(0)\n").catch(
          (e) => e,
        );
        assert.ok(error instanceof BoardExceptionError);
        assert.equal(error.exceptionType, "ZeroDivisionError");
        assert.equal(error.output, "before\n");
        assert.equal(
          error.traceback,
          'Traceback (most recent call last):\n  File "<stdin>", line 4, in <module>\n' +
            `  File "<stdin>", line 2, in f\nZeroDivisionError: ${target.zeroDivisionMessage}\n`,
        );
        // The same through the flow-controlled loader (a longer program): same frames.
        const padding = "# padding so that the program takes the loader path\n".repeat(3);
        const long = await board.exec(`${padding}def g():\n raise ValueError('deep')\ng()\n`).catch(
          (e) => e,
        );
        assert.ok(long instanceof BoardExceptionError);
        assert.equal(long.message, "ValueError: deep");
        assert.equal(
          long.traceback,
          'Traceback (most recent call last):\n  File "<stdin>", line 6, in <module>\n' +
            '  File "<stdin>", line 5, in g\nValueError: deep\n',
        );
        // A compile error names its line, with no frame.
        const syntax = await board.exec("x = 1\ny = (\n").catch((e) => e);
        assert.ok(syntax instanceof BoardExceptionError, String(syntax));
        assert.equal(syntax.exceptionType, "SyntaxError");
        assert.match(
          syntax.traceback,
          /^Traceback \(most recent call last\):\n {2}File "<stdin>", line \d+\n/,
        );
        // A frame in a module file on the board names that file.
        await board.fs.put("e2e_helper.py", "def f(n):\n    return 10 // n\n");
        const inModule = await board.exec("import e2e_helper\ne2e_helper.f(0)").catch((e) => e);
        assert.ok(inModule instanceof BoardExceptionError, String(inModule));
        assert.equal(
          inModule.traceback,
          'Traceback (most recent call last):\n  File "<stdin>", line 2, in <module>\n' +
            '  File "e2e_helper.py", line 2, in f\n' +
            `ZeroDivisionError: ${target.zeroDivisionMessage}\n`,
        );
        await board.fs.rm("e2e_helper.py");
      });

      await t.step(
        "a 10 KB binary file round trip, verified by a hash computed on the board",
        async () => {
          const data = pseudoRandomBytes(10 * 1024, 7);
          const progress: number[] = [];
          await board.fs.put("e2e.bin", data, { onProgress: (done) => progress.push(done) });
          const caps = await board.fs.capabilities();
          // A report per chunk (at most the chunk size the board's free heap allows), rising.
          assert.ok(progress.length >= Math.ceil(data.length / caps.chunkSize));
          assert.ok(
            progress.length > 1 && progress.every((done, i) => done > (progress[i - 1] ?? 0)),
          );
          assert.equal(progress.at(-1), data.length);
          assert.equal(await board.fs.hash("e2e.bin"), await digestHex(caps.digest, data));
          const entries = await board.fs.ls();
          assert.deepEqual(entries.find((e) => e.name === "e2e.bin"), {
            name: "e2e.bin",
            isDir: false,
            size: data.length,
          });
          assert.deepEqual(await board.fs.get("e2e.bin"), data);
          await board.fs.rm("e2e.bin");
          assert.equal(await board.fs.exists("e2e.bin"), false);
        },
      );

      await t.step("an infinite loop is interrupted (abort signal and interrupt())", async () => {
        const controller = new AbortController();
        let seen = "";
        const aborted = await board.run("print('spinning')\nwhile True:\n pass\n", {
          signal: controller.signal,
          timeoutMs: 10000, // a safety net: the abort below is what should stop it
          output: (bytes) => {
            seen += text(bytes); // output may arrive split anywhere
            if (seen.includes("spinning")) controller.abort();
          },
        }).catch((e) => e);
        assert.ok(aborted instanceof BoardAbortError, String(aborted));
        assert.equal(await board.eval("1 + 1"), 2);

        let printed = "";
        let interruptSent = false;
        const interrupted = board.exec("print('go')\nwhile True:\n pass\n", {
          timeoutMs: 10000,
          onStdout: (bytes) => {
            printed += text(bytes);
            if (printed.includes("go") && !interruptSent) {
              interruptSent = true; // once: a second Ctrl-C would hit the next program
              board.interrupt();
            }
          },
        }).catch((e) => e);
        const error = await interrupted;
        assert.ok(error instanceof BoardExceptionError, String(error));
        assert.equal(error.exceptionType, "KeyboardInterrupt");
        assert.equal(await board.eval("2 + 2"), 4);
      });

      await t.step("a timeout interrupts the program instead of hanging", async () => {
        const error = await board.exec("while True:\n pass\n", { timeoutMs: 400 }).catch((e) => e);
        assert.ok(error instanceof BoardTimeoutError);
        assert.equal(await board.eval("3 + 3"), 6);
      });

      await t.step("recovers after random garbage on the line", async () => {
        for (const seed of [1, 2, 3]) {
          const garbage = pseudoRandomBytes(200, seed);
          await board.protocol.writeRaw(garbage);
          assert.equal(await board.eval(`${seed} * 7`), seed * 7);
        }
        // A half-sent program: left in plain raw mode, and in the middle of a raw-paste.
        for (const [i, stuck] of ["print('half", "\x05A\x01print('half"].entries()) {
          await board.protocol.writeRaw(new TextEncoder().encode(stuck));
          assert.equal(await board.eval(`${i} + 40`), i + 40);
        }
        // Garbage typed into the friendly REPL, then the keys that change its mode: Ctrl-E paste
        // mode run with Ctrl-D, Ctrl-D on an empty line (a soft reset), Ctrl-A raw mode, and more
        // garbage left behind for the client to clear up when it takes the line back.
        const noise = (length: number, seed: number) =>
          pseudoRandomBytes(length, seed).map((b) => (b === 0x1d ? 0 : b));
        const settle = new TextEncoder().encode("\x03\x02\x03"); // out of paste, raw, a line
        const typed = [
          noise(200, 9),
          settle,
          new TextEncoder().encode("\x05print('pasted', 6 * 7)\r\x04"),
          settle,
          new TextEncoder().encode("\x04"),
          noise(100, 10),
          new TextEncoder().encode("\x01"),
          noise(100, 11),
        ];
        let seen = "";
        const input = new ReadableStream<Uint8Array>({
          async start(controller) {
            for (const [i, keys] of typed.entries()) {
              // Typed, not dumped: a small board's UART buffer drops what a burst overflows.
              for (let at = 0; at < keys.length; at += 8) {
                controller.enqueue(keys.subarray(at, at + 8));
                await new Promise((resolve) => setTimeout(resolve, 5));
              }
              if (i === 4) {
                // Wait (bounded) for the paste's output and the soft reset before more noise.
                for (let n = 0; n < 100 && !/soft reboot[^]*>>> $/.test(seen); n++) {
                  await new Promise((resolve) => setTimeout(resolve, 20));
                }
              }
            }
            controller.enqueue(new Uint8Array([0x1d]));
          },
        });
        await board.repl({ input, output: (bytes) => void (seen += text(bytes)) });
        assert.match(seen, /paste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== /);
        assert.match(seen, /\r\npasted 42\r\n/);
        assert.match(seen, /soft reboot\r\n/);
        assert.equal(await board.eval("'back'"), "back");
      });

      await t.step("remote Pin operations through the agent", async () => {
        await board.exec(target.pinSetup);
        const write = new PyExpression(target.pinWrite);
        const read = new PyExpression(target.pinRead);
        assert.equal(await board.call(write, 1), null);
        const results = await board.batch([
          { target: write, args: [0] },
          { target: write, args: [1] },
          { target: read },
        ]);
        assert.deepEqual(results, [null, null, target.pinReadsBack(1)]);
        const object = target.remoteObject;
        const ref = await board.agent.create(object.factory, object.args, object.kwargs);
        assert.equal(
          await board.call(ref.attr(object.method), ...object.methodArgs),
          object.expected,
        );
        const error = await board.call(write, ...target.pinBadArgs).catch((e) => e);
        assert.ok(error instanceof BoardExceptionError, String(error));
      });

      await t.step("soft reset gives a fresh interpreter on the same link", async () => {
        await board.exec("survivor = 1");
        await board.softReset();
        const error = await board.eval("survivor").catch((e) => e);
        assert.ok(error instanceof BoardExceptionError);
        assert.equal(error.exceptionType, "NameError");
        // The agent's table and the file helpers come back by themselves.
        assert.equal(await board.call("len", "abc"), 3);
        await board.fs.put("after.txt", "reset");
        assert.equal(await board.fs.cat("after.txt"), "reset");
        await board.fs.rm("after.txt");
      });

      await t.step("a program ending in sys.exit() leaves the link in step", async () => {
        await board.exec("kept = 1");
        const reboots = board.protocol.softReboots;
        assert.equal(await board.exec("print('bye')\nimport sys\nsys.exit(3)"), "bye\n");
        // A current port soft-resets once the reply is out and comes back in raw mode.
        assert.equal(board.protocol.softReboots - reboots, target.exitSoftResets ? 1 : 0);
        assert.equal(await board.eval("'kept' in globals()"), !target.exitSoftResets);
        assert.equal(await board.call("len", "abc"), 3);
      });

      await t.step("friendly REPL passthrough", async () => {
        const output: string[] = [];
        const input = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(new TextEncoder().encode("\r\n"));
            await new Promise((resolve) => setTimeout(resolve, 200));
            controller.enqueue(new TextEncoder().encode("print('hi', 'from', 6*7)\r"));
            for (let i = 0; i < 50 && !output.join("").includes("hi from 42"); i++) {
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
            controller.enqueue(new Uint8Array([0x1d]));
          },
        });
        await board.repl({ input, output: (bytes) => void output.push(text(bytes)) });
        const seen = output.join("");
        assert.match(seen, />>> /);
        assert.match(seen, /hi from 42/);
        assert.equal(await board.eval("'raw again'"), "raw again");
      });
    } finally {
      await board.close();
    }
  } finally {
    await running.stop();
  }
}

testOnTargets("board e2e", ALL_TARGETS, boardSteps);

Deno.test("board e2e: a missing port or a silent peer fails with a clear error, never hangs", async () => {
  const tcp = await connect(`127.0.0.1:${freePort()}`).catch((e) => e);
  assert.ok(tcp instanceof PortNotFoundError, String(tcp));
  assert.match(tcp.message, /connection refused/);
  const tty = await connect("/dev/ttyACM_no_such_board").catch((e) => e);
  assert.ok(tty instanceof PortNotFoundError, String(tty));
  // Something listens but never speaks MicroPython: a timeout after the retries, not a hang.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) accepted.push(conn);
  })();
  try {
    const port = (listener.addr as Deno.NetAddr).port;
    const silent = await connect(`127.0.0.1:${port}`, { enterTimeoutMs: 150, enterAttempts: 2 })
      .catch((e) => e);
    assert.ok(silent instanceof BoardTimeoutError, String(silent));
    assert.match(silent.message, /raw REPL after 2 attempts/);
  } finally {
    listener.close();
    await accepting.catch(() => {});
    for (const conn of accepted) conn.close();
  }
});
