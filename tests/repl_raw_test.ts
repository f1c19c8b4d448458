/**
 * Raw REPL and raw-paste mode: byte-exact replies to the protocol of
 * MicroPython's docs/reference/repl.rst (the plain raw REPL replies are the
 * WebAssembly port's, see repl_friendly_test.ts's helpers; that port hangs in
 * raw-paste, so raw-paste is checked against the documented bytes), then the
 * repo's own raw REPL client (hal/remote/raw_repl.ts) driving upy as a board
 * over in-memory streams, with a raw-paste window smaller than the script.
 */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { driveReference, driveUpy, REFERENCE_BANNER, sameLineEnds } from "./repl_support/drive.ts";
import { runRepl } from "../lib/repl/session.ts";
import { RawRepl } from "../hal/remote/raw_repl.ts";
import type { Transport } from "../hal/transport.ts";

const RAW_SAME_AS_MICROPYTHON: [string, string][] = [
  ["enter", "\x01"],
  ["run, then back to friendly", "\x01print(1)\x04\x02"],
  ["traceback in the error section", "\x01print(1/0)\x04"],
  ["syntax error in the error section", "\x01x=\x04"],
  ["Ctrl-C clears the buffer", "\x01abc\x03print(2)\x04"],
  ["Ctrl-A restarts", "\x01\x01"],
];

for (const [name, keys] of RAW_SAME_AS_MICROPYTHON) {
  Deno.test(`raw REPL as MicroPython: ${name}`, async () => {
    const expected = sameLineEnds(await driveReference(keys));
    const actual = sameLineEnds(await driveUpy(keys, { banner: REFERENCE_BANNER }));
    assertEquals(actual, expected);
  });
}

const PROMPT = 'B\r\nType "help()" for more information.\r\n>>> ';

Deno.test("raw REPL: Ctrl-D on an empty buffer soft-resets and stays raw", async () => {
  const out = await driveUpy("\x01x=7\x04\x04print(x)\x04", { banner: "B" });
  assertEquals(
    out,
    PROMPT + "\r\nraw REPL; CTRL-B to exit\r\n>OK\x04\x04>OK\r\nMPY: soft reboot\r\n" +
      "raw REPL; CTRL-B to exit\r\n>OK\x04Traceback (most recent call last):\r\n" +
      "  File \"<stdin>\", line 1, in <module>\r\nNameError: name 'x' isn't defined\r\n\x04>",
  );
});

Deno.test("raw-paste: handshake, window grants, acknowledgement and reply", async () => {
  const script = "for i in range(3):\n    print(i * 11)\n";
  const out = await driveUpy("\x01\x05A\x01" + script + "\x04", { banner: "B", rawPasteWindow: 8 });
  const grants = "\x01".repeat(Math.floor(script.length / 8));
  // The window size and the `\x01` after it grant two windows at first, as a board's do; the
  // grants interleave with the data in time; here all data was queued at once.
  assertEquals(
    out,
    PROMPT + "\r\nraw REPL; CTRL-B to exit\r\n>R\x01\x08\x00\x01" + grants + "\x04" +
      "0\r\n11\r\n22\r\n\x04\x04>",
  );
});

Deno.test("raw-paste: MicroPython's window is 128 bytes, half its 256-byte buffer", async () => {
  const out = await driveUpy("\x01\x05A\x01print(1)\x04", { banner: "B", bytes: true });
  assertEquals(
    out.slice(PROMPT.length),
    "\r\nraw REPL; CTRL-B to exit\r\n>R\x01\x80\x00\x01\x041\r\n\x04\x04>",
  );
});

Deno.test("raw-paste: Ctrl-C stops the transfer, nothing runs, the error is a KeyboardInterrupt", async () => {
  const out = await driveUpy("\x01\x05A\x01print('never')\x03print(2)\x04", {
    banner: "B",
    rawPasteWindow: 64,
  });
  assertEquals(
    out.slice(PROMPT.length),
    "\r\nraw REPL; CTRL-B to exit\r\n>R\x01\x40\x00\x01" +
      "\x04\x04KeyboardInterrupt: \r\n\x04>" + // stopped; then the raw prompt takes the rest
      "OK2\r\n\x04\x04>",
  );
});

Deno.test("raw-paste: a command letter other than A is refused with R\\x00", async () => {
  const out = await driveUpy("\x01\x05B\x01print(3)\x04", { banner: "B" });
  assertEquals(out.slice(PROMPT.length), "\r\nraw REPL; CTRL-B to exit\r\n>R\x00>OK3\r\n\x04\x04>");
});

/** upy's REPL as a Transport, the way the board link sees a serial port. */
function inMemoryBoard(rawPasteWindow: number): { transport: Transport; done: Promise<number> } {
  const toBoard = new TransformStream<Uint8Array, Uint8Array>();
  const fromBoard = new TransformStream<Uint8Array, Uint8Array>();
  const done = runRepl({
    input: toBoard.readable,
    output: fromBoard.writable,
    board: true,
    rawPasteWindow,
  });
  const transport: Transport = {
    readable: fromBoard.readable,
    writable: toBoard.writable,
    description: "upy (in memory)",
    close: async () => {
      await toBoard.writable.close().catch(() => {});
      await fromBoard.readable.cancel().catch(() => {});
    },
  };
  return { transport, done };
}

Deno.test("raw REPL client drives upy: exec, raw-paste larger than the window, soft reset", async () => {
  const { transport, done } = inMemoryBoard(32);
  const client = new RawRepl(transport, { chunkDelayMs: 0 });
  await client.enter();
  assertEquals(await client.exec("print(6 * 7)"), "42\n");
  const lines = Array.from({ length: 40 }, (_, i) => `v${i} = ${i} * 3`);
  const script = lines.join("\n") + "\nprint(sum([" + lines.map((_, i) => `v${i}`).join(", ") +
    "]))\n";
  assertEquals(await client.exec(script), `${3 * (39 * 40) / 2}\n`);
  assertEquals(client.rawPasteSupported, true);
  assertEquals(client.rawPasteWindow, 32);
  const failure = await client.execRaw("raise ValueError('bad')");
  assertEquals(
    new TextDecoder().decode(failure.stderr),
    'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\n' +
      "ValueError: bad\r\n",
  );
  // A runaway program: the client's timeout sends Ctrl-C, upy answers with the
  // KeyboardInterrupt traceback and the prompt, and the session goes on.
  const runaway = await client.execRaw("while True: pass", { timeoutMs: 300 }).catch((e) => e);
  assertEquals(runaway.name, "BoardTimeoutError");
  assertEquals(client.state, "raw");
  assertEquals(await client.exec("print('still here')"), "still here\n");
  await client.exec("kept = 1");
  await client.softReset();
  const after = await client.execRaw("print(kept)");
  assertEquals(
    new TextDecoder().decode(after.stderr).endsWith("name 'kept' isn't defined\r\n"),
    true,
  );
  await client.close();
  await transport.close();
  await done;
});

/** `transport` with `onWrite` told of every write (as text) once it has gone to the board. */
function watchWrites(transport: Transport, onWrite: (chunk: string) => void): Transport {
  const writer = transport.writable;
  return {
    ...transport,
    writable: new WritableStream<Uint8Array>({
      async write(chunk) {
        const sink = writer.getWriter();
        await sink.write(chunk);
        sink.releaseLock();
        onWrite(new TextDecoder().decode(chunk));
      },
    }),
  };
}

Deno.test("raw REPL client: interrupt() during a raw-paste transfer stops it, nothing runs", async () => {
  const { transport, done } = inMemoryBoard(32);
  let client: RawRepl | null = null;
  // Interrupts as soon as the middle of the program has gone out, with more still to send.
  let written = "";
  let interrupted = false;
  const watched = watchWrites(transport, (chunk) => {
    written += chunk;
    if (!interrupted && written.includes("# middle")) {
      interrupted = true;
      void client!.interrupt();
    }
  });
  client = new RawRepl(watched, { chunkDelayMs: 0 });
  await client.enter();
  await client.exec("kept = 1");
  const filler = Array.from({ length: 30 }, (_, i) => `f${i} = ${i}`).join("\n");
  const program = `${filler}\n# middle\n${filler}\ntail_ran = 1\n`;
  const error = await client.exec(program).catch((e) => e);
  assertEquals(error.name, "BoardExceptionError");
  assertEquals(error.traceback, "KeyboardInterrupt: \n"); // nothing ran: no frame
  assertEquals(client.state, "raw");
  // No soft reset (an acknowledgement would have been an empty program), and no tail ran.
  assertEquals(
    await client.exec("print(kept, 'tail_ran' in globals(), 'f0' in globals())"),
    "1 False False\n",
  );
  await client.close();
  await transport.close();
  await done;
});

Deno.test("raw REPL client: a program sent in one write skips the raw-paste handshake", async () => {
  const { transport, done } = inMemoryBoard(32);
  let handshakes = 0;
  const counted = watchWrites(transport, (chunk) => {
    if (chunk === "\x05A\x01") handshakes++;
  });
  const client = new RawRepl(counted, { chunkDelayMs: 0 });
  await client.enter();
  assertEquals(await client.exec("print(1)"), "1\n"); // finds out that the board has raw-paste
  assertEquals([handshakes, client.rawPasteSupported], [1, true]);
  assertEquals(await client.exec("print(2)"), "2\n"); // one write: plain raw mode, one round trip
  assertEquals(handshakes, 1);
  assertEquals(await client.exec(`print(${"1 + ".repeat(20)}1)`), "21\n"); // longer: raw-paste
  assertEquals(handshakes, 2);
  await client.close();
  await transport.close();
  await done;
});

Deno.test("raw REPL: a program reads the line's bytes it asks for; the rest is the next program", async () => {
  const out = await driveUpy(
    "\x01import sys\nprint(repr(sys.stdin.read(3)), repr(sys.stdin.readline()))\x04" +
      "abcde\nprint(4)\x04",
    { banner: "B", board: true },
  );
  assertEquals(
    out.slice(PROMPT.length),
    "\r\nraw REPL; CTRL-B to exit\r\n>OK'abc' 'de\\n'\r\n\x04\x04>OK4\r\n\x04\x04>",
  );
});

Deno.test("raw REPL: Ctrl-C stops a program waiting for stdin", async () => {
  const toBoard = new TransformStream<Uint8Array, Uint8Array>();
  const fromBoard = new TransformStream<Uint8Array, Uint8Array>();
  const done = runRepl({ input: toBoard.readable, output: fromBoard.writable, board: true });
  const keys = toBoard.writable.getWriter();
  const type = (text: string) => keys.write(new TextEncoder().encode(text));
  let seen = "";
  const reading = (async () => {
    for await (const chunk of fromBoard.readable) seen += new TextDecoder().decode(chunk);
  })();
  const waitFor = async (text: string) => {
    for (let i = 0; i < 200 && !seen.includes(text); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assertEquals(seen.includes(text), true, `waited for ${JSON.stringify(text)} in ${seen}`);
  };
  await type("\x01import sys\nprint('waiting')\nsys.stdin.read(1)\x04");
  await waitFor("waiting\r\n");
  await type("\x03print(7)\x04"); // the next program right behind the interrupt
  await waitFor("7\r\n\x04\x04>");
  assertEquals(
    seen.slice(seen.indexOf("OK")),
    "OKwaiting\r\n\x04Traceback (most recent call last):\r\n" +
      '  File "<stdin>", line 3, in <module>\r\nKeyboardInterrupt: \r\n\x04>OK7\r\n\x04\x04>',
  );
  await keys.close();
  await done;
  await reading;
});

Deno.test("raw REPL: iterating sys.stdin gives the lines that have arrived", async () => {
  // Iteration cannot wait for more (the VM cannot suspend there): here the input then ends.
  const out = await driveUpy(
    "\x01import sys\nfor line in sys.stdin:\n    print('got', repr(line))\n\x04ab\ncd\n",
    { banner: "B", board: true },
  );
  assertEquals(
    out.slice(PROMPT.length),
    "\r\nraw REPL; CTRL-B to exit\r\n>OKgot 'ab\\n'\r\ngot 'cd\\n'\r\n\x04\x04>",
  );
});
