// The raw REPL client against the scripted fake board: enter/resync, exec, raw-paste and its
// fallbacks, errors, timeouts, interrupts, soft reset, passthrough, a vanishing port. No QEMU.

import assert from "node:assert/strict";
import { Board, connect } from "../hal/board.ts";
import { BoardAbortError, BoardExceptionError, BoardTimeoutError } from "../hal/remote/errors.ts";
import { PortVanishedError } from "../hal/transport.ts";
import { FakeBoard, type FakeBoardOptions } from "./board_fake_repl.ts";
import { LOADER_DEFINITION } from "../hal/remote/flow_loader.ts";

const fast = { enterTimeoutMs: 200, ackTimeoutMs: 500, interruptGraceMs: 300, chunkDelayMs: 0 };

async function withFake(
  options: FakeBoardOptions,
  body: (board: Board, fake: FakeBoard) => Promise<void>,
  connectOptions = {},
): Promise<void> {
  const fake = new FakeBoard(options);
  const board = await connect(fake.transport, { ...fast, ...connectOptions });
  try {
    await body(board, fake);
  } finally {
    await board.close();
  }
}

Deno.test("protocol: enters raw mode from the friendly REPL and runs code", async () => {
  await withFake(
    { handler: (code) => code === "print(6*7)" ? { stdout: "42\n" } : undefined },
    async (board) => {
      assert.equal(board.protocol.state, "raw");
      assert.equal(await board.exec("print(6*7)"), "42\n");
      assert.equal(await board.eval("5"), 5);
    },
  );
});

Deno.test("protocol: eval parses the repr into JS values", async () => {
  const handler = () => ({
    stdout: "[1, 'a\\n', b'\\x00\\xff', (2,), {'k': None}, 2**70]\n".replace(
      "2**70",
      "1180591620717411303424",
    ),
  });
  await withFake({ handler }, async (board) => {
    assert.deepEqual(await board.eval("x"), [
      1,
      "a\n",
      new Uint8Array([0, 255]),
      [2],
      { k: null },
      1180591620717411303424n,
    ]);
  });
});

Deno.test("protocol: a board exception carries the traceback", async () => {
  const handler = (code: string) =>
    code === "1/0"
      ? { stdout: "partial\n", error: "ZeroDivisionError: division by zero" }
      : undefined;
  await withFake({ handler }, async (board) => {
    const error = await board.exec("1/0").catch((e) => e);
    assert.ok(error instanceof BoardExceptionError);
    assert.equal(error.exceptionType, "ZeroDivisionError");
    assert.equal(error.exceptionMessage, "division by zero");
    assert.equal(error.output, "partial\n");
    assert.match(
      error.traceback,
      /^Traceback \(most recent call last\):\n {2}File "<stdin>", line 1/,
    );
    assert.equal(await board.eval("3"), 3, "the session continues after an exception");
  });
});

Deno.test("protocol: raw-paste is used when offered, within the window", async () => {
  const code = "x = 1\n".repeat(100); // 600 bytes through a 32-byte window
  await withFake({ rawPaste: "present", window: 32 }, async (board, fake) => {
    await board.exec(code);
    assert.equal(board.protocol.rawPasteSupported, true);
    assert.equal(board.protocol.rawPasteWindow, 32);
    assert.equal(fake.programs.at(-1), code);
    assert.equal(fake.windowViolation, false);
  });
});

Deno.test("protocol: falls back to plain raw mode on old firmware and on R\\x00", async () => {
  for (const rawPaste of ["absent", "refused"] as const) {
    await withFake({ rawPaste }, async (board, fake) => {
      await board.exec("y = 2");
      assert.equal(board.protocol.rawPasteSupported, false, rawPaste);
      assert.equal(fake.programs.at(-1), "y = 2");
      const before = fake.received.length;
      await board.exec("z = 3");
      const sent = String.fromCharCode(...fake.received.slice(before));
      assert.ok(!sent.includes("\x05A\x01"), "raw-paste is not asked again");
    });
  }
});

Deno.test("protocol: long programs are split into statement groups without raw-paste", async () => {
  const code = Array.from({ length: 40 }, (_, i) => `v${i} = ${i}\nprint(v${i})\n`).join("");
  await withFake({ rawPaste: "absent" }, async (board, fake) => {
    const before = fake.programs.length;
    await board.exec(code);
    const groups = fake.programs.slice(before);
    assert.ok(groups.length > 1);
    assert.ok(groups.every((group) => group.length <= 200));
    assert.equal(groups.join(""), code);
  }, { splitBytes: 200, flowControl: false });
});

Deno.test("protocol: resynchronises after garbage and a half-finished session", async () => {
  for (const startState of ["running", "paste", "raw"] as const) {
    const fake = new FakeBoard({ startState });
    fake.send("\x04>garbage raw REPL; CTRL-B to exit\r\n>OK\x04\x04>\xff\xfe");
    const board = await connect(fake.transport, fast);
    try {
      assert.equal(await board.eval("7"), 7, startState);
    } finally {
      await board.close();
    }
  }
});

Deno.test("protocol: garbage arriving between operations does not confuse the next one", async () => {
  await withFake({}, async (board, fake) => {
    fake.send("\r\nstray output\x04\x04>");
    // The stray bytes are read as a protocol violation or skipped; either way the next call
    // after the failed one is in step again.
    try {
      await board.eval("1");
    } catch {
      // acceptable: the client noticed nonsense
    }
    board.protocol.enter();
    assert.equal(await board.eval("8"), 8);
  });
});

Deno.test("protocol: a timeout interrupts the program and the board stays usable", async () => {
  const handler = (code: string) =>
    code.includes("while") ? { hang: true, stdout: "tick\n" } : undefined;
  await withFake({ handler }, async (board) => {
    const started = performance.now();
    const error = await board.exec("while True: pass", { timeoutMs: 150 }).catch((e) => e);
    assert.ok(error instanceof BoardTimeoutError, String(error));
    assert.match(error.message, /did not finish within 150 ms and was interrupted/);
    assert.ok(performance.now() - started < 1000);
    assert.equal(await board.eval("4"), 4);
  });
});

Deno.test("protocol: interrupt() stops a running program with KeyboardInterrupt", async () => {
  const handler = (code: string) =>
    code.includes("while") ? { hang: true, stdout: "running\n" } : undefined;
  await withFake({ handler }, async (board) => {
    const seen: string[] = [];
    const run = board.run("while True: pass", {
      output: (b) => seen.push(new TextDecoder().decode(b)),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await board.interrupt();
    const error = await run.catch((e) => e);
    assert.ok(error instanceof BoardExceptionError);
    assert.equal(error.exceptionType, "KeyboardInterrupt");
    assert.equal(seen.join(""), "running\r\n");
    assert.equal(await board.eval("5"), 5);
  });
});

Deno.test("protocol: an AbortSignal stops the program", async () => {
  const handler = (code: string) => code.includes("while") ? { hang: true } : undefined;
  await withFake({ handler }, async (board) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await board.run("while True: pass", { signal: controller.signal }).catch((e) =>
      e
    );
    assert.ok(error instanceof BoardAbortError, String(error));
    assert.equal(await board.eval("6"), 6);
  });
});

Deno.test("protocol: a silent board fails to connect with a timeout, not a hang", async () => {
  const fake = new FakeBoard();
  fake.silent = true;
  const started = performance.now();
  const error = await connect(fake.transport, { ...fast, enterAttempts: 2 }).catch((e) => e);
  assert.ok(error instanceof BoardTimeoutError, String(error));
  assert.ok(performance.now() - started < 3000);
});

Deno.test("protocol: a port vanishing mid-exec rejects with PortVanishedError", async () => {
  const handler = (code: string) => code.includes("while") ? { hang: true } : undefined;
  const fake = new FakeBoard({ handler });
  const board = await connect(fake.transport, fast);
  const run = board.run("while True: pass");
  setTimeout(() => fake.vanish(), 30);
  const error = await run.catch((e) => e);
  assert.ok(error instanceof PortVanishedError, String(error));
  const again = await board.eval("1").catch((e) => e);
  assert.ok(again instanceof PortVanishedError, String(again));
  await board.close();
});

Deno.test("protocol: soft reset returns to raw mode", async () => {
  await withFake({}, async (board, fake) => {
    await board.softReset();
    assert.equal(fake.softResets, 1);
    assert.equal(board.protocol.state, "raw");
    assert.equal(await board.eval("9"), 9);
  });
});

Deno.test("protocol: empty code does not soft-reset the board", async () => {
  await withFake({}, async (board, fake) => {
    assert.equal(await board.exec(""), "");
    assert.equal(fake.softResets, 0);
  });
});

Deno.test("protocol: friendly REPL passthrough until Ctrl-]", async () => {
  const handler = (code: string) => code === "1+1" ? { stdout: "2\n" } : undefined;
  await withFake({ handler }, async (board) => {
    const encoder = new TextEncoder();
    let keys!: ReadableStreamDefaultController<Uint8Array>;
    const input = new ReadableStream<Uint8Array>({ start: (c) => (keys = c) });
    let shown = "";
    const session = board.repl({
      input,
      output: (b) => void (shown += new TextDecoder().decode(b)),
    });
    keys.enqueue(encoder.encode("1+1\r"));
    await new Promise((resolve) => setTimeout(resolve, 30));
    keys.enqueue(new Uint8Array([0x1d]));
    await session;
    assert.match(shown, /MicroPython v1\.99/);
    assert.match(shown, />>> 1\+1\r\n2\r\n>>> /);
    assert.equal(await board.eval("3"), 3, "raw mode is re-entered afterwards");
  });
});

Deno.test("protocol: operations are queued, never interleaved", async () => {
  await withFake({
    handler: (code) => /^print\(repr\((\d+)\)\)$/.test(code) ? undefined : undefined,
  }, async (board) => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => board.eval(String(i))));
    assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => i));
  });
});

Deno.test("protocol: agent calls, handles and batches", async () => {
  const handler = (code: string) => {
    if (code.startsWith("print(_upy_k(machine.Pin(25,1)))")) return { stdout: "1\n" };
    if (code === "print(repr(_upy_o[1].value(1)))") return { stdout: "None\n" };
    if (code === "print(repr([\n_upy_o[1].value(0),\n_upy_o[1].value(),\nmachine.freq()]))") {
      return { stdout: "[None, 0, 125000000]\n" };
    }
    return undefined;
  };
  await withFake({ handler }, async (board) => {
    const pin = await board.agent.create("machine.Pin", [25, 1]);
    assert.equal(pin.source, "_upy_o[1]");
    assert.equal(await board.call(pin.attr("value"), 1), null);
    assert.deepEqual(
      await board.batch([{ target: pin.attr("value"), args: [0] }, { target: pin.attr("value") }, {
        target: "machine.freq",
      }]),
      [null, 0, 125000000],
    );
  });
});

Deno.test("protocol: without raw-paste, long programs go through the flow-controlled loader", async () => {
  const code = Array.from({ length: 12 }, (_, i) => `value_${i} = ${i} * 2`).join("\n") +
    "\nprint(value_11)\n";
  const handler = (program: string) => program === code ? { stdout: "22\n" } : undefined;
  await withFake({ handler }, async (board, fake) => {
    assert.equal(await board.exec(code), "22\n");
    assert.equal(fake.flowViolation, false, "only requested bytes were sent");
    assert.ok(fake.programs.includes(code));
    // A second program reuses the loader defined by the first.
    const definitions = fake.programs.filter((p) => p === LOADER_DEFINITION).length;
    assert.equal(await board.exec(code), "22\n");
    assert.equal(fake.programs.filter((p) => p === LOADER_DEFINITION).length, definitions);
    // Gone after a soft reset: defined again without the caller noticing.
    await board.softReset();
    assert.equal(await board.exec(code), "22\n");
    assert.equal(fake.programs.filter((p) => p === LOADER_DEFINITION).length, definitions + 1);
  });
});

Deno.test("protocol: a loaded program's traceback shows no loader frames", async () => {
  const code = "# " + "x".repeat(120) + "\nraise ValueError('deep')\n";
  const handler = (program: string) => program === code ? { error: "ValueError: deep" } : undefined;
  await withFake({ handler }, async (board) => {
    const error = await board.exec(code).catch((e) => e);
    assert.ok(error instanceof BoardExceptionError);
    assert.equal(
      error.traceback,
      'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\nValueError: deep\n',
    );
  });
});

Deno.test("protocol: a byte lost on the way to the loader: the program is sent again", async () => {
  const code = "print('" + "y".repeat(150) + "')\n";
  let runs = 0;
  const handler = (program: string) => {
    if (program !== code) return undefined;
    runs++;
    return { stdout: "ran\n" };
  };
  await withFake({ handler, dropLoadedByte: 40 }, async (board) => {
    assert.equal(await board.exec(code), "ran\n");
    assert.equal(runs, 1, "the damaged copy never ran");
    assert.equal(board.protocol.resends, 1);
  });
});

Deno.test("protocol: a loader definition damaged on the way is sent again before any program", async () => {
  const code = "print('" + "z".repeat(150) + "')\n";
  const handler = (program: string) => program === code ? { stdout: "ran\n" } : undefined;
  await withFake({ handler, damagedLoaderDefinitions: 2 }, async (board, fake) => {
    assert.equal(await board.exec(code), "ran\n");
    assert.equal(fake.programs.filter((p) => p === LOADER_DEFINITION).length, 3);
    assert.equal(fake.programs.filter((p) => p === code).length, 1);
  });
});

Deno.test("protocol: a program the board had no heap to parse is sent again after a collect", async () => {
  let refused = 0;
  const handler = (code: string) => {
    if (code === "print(6*7)" && refused === 0) {
      refused++;
      return { error: "MemoryError: parser could not allocate enough memory" };
    }
    return code === "print(6*7)" ? { stdout: "42\n" } : undefined;
  };
  await withFake({ handler }, async (board, fake) => {
    assert.equal(await board.exec("print(6*7)"), "42\n");
    assert.equal(refused, 1);
    const i = fake.programs.lastIndexOf("import gc\ngc.collect()");
    assert.ok(i >= 0 && fake.programs[i + 1] === "print(6*7)", fake.programs.join(" | "));
  });
});
