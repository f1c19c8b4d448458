/**
 * The friendly REPL and paste mode driven byte by byte over in-memory streams,
 * compared with MicroPython's own REPL (the WebAssembly port's
 * replInit/replProcessChar) fed the same keystrokes. Line ends are compared
 * alike: the wasm port sends program output with a bare `\n` where a board and
 * upy send `\r\n`.
 */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { driveReference, driveUpy, REFERENCE_BANNER, sameLineEnds } from "./repl_support/drive.ts";

const SAME_AS_MICROPYTHON: [string, string][] = [
  ["expression result and _", "x=1\rx\r_\r"],
  ["compound statement ended by an empty line", "if 1:\rprint(1)\r\r\r\r"],
  ["auto-indent and dedent by backspace", "for i in range(2):\rif 1:\rpass\r\b\bx\r"],
  ["a pasted space drops the auto-indent", "for i in range(2):\r  if i:\rprint(i)\r\r\r\r"],
  ["function definition then call", "def f():\rreturn 5\r\r\rf()\r"],
  ["decorated definition", "@staticmethod\rdef f(): pass\r\r"],
  ["open brackets continue", "(1,\r2)\r"],
  ["semicolons", "x=1;y=2\rx+y\r"],
  ["one-line compound", "if 1: 3\r\r"],
  ["syntax error", "1+\r"],
  ["runtime error", "1/0\r"],
  ["Ctrl-A/B/E/F editing", "abc\x02\x02Y\x06Z\x01W\x05V\r"],
  ["arrows insert mid-line", "abc\x1b[D\x1b[DX\r"],
  ["delete key", "abc\x1b[D\x1b[3~\r"],
  ["home and end keys", "abc\x1b[H1\x1b[F2\x1bOH3\x1b[1~4\x1b[4~5\r"],
  ["history up", "1\r2\r\x1b[A\x1b[A\r"],
  ["history down", "x=1\r\x1b[A\x1b[B\x1b[B"],
  ["history replaces a typed line", "x = 12345\rx\rx\x1b[A\x1b[A\x1b[A\r"],
  ["history of a blank line", "def f():\rreturn 1\r\r\x1b[A"],
  ["Ctrl-C clears the line", "abc\x03"],
  ["Ctrl-C cancels a block", "def f():\r\x03"],
  ["Ctrl-C cancels open brackets", "x=(\r\x03"],
  ["Ctrl-B prints the banner", "\x02"],
  ["Ctrl-D on a non-empty line does nothing", "x\x04"],
  ["Ctrl-D on an empty line ends the session", "\x04"],
  ["Tab extends then lists", "abcdefghijklmn=1\rabcdefghijklmo=1\rabcdefghijklmnopq=1\rabc\t\t"],
  ["Tab on attributes", "class A:\rabc=1\rabd=2\r\r\r\rA.a\t\tb\r"],
  ["Tab after import", "import jso\t"],
  ["Tab on an empty line", "\t"],
  ["paste mode runs all lines", "\x05x=2\rx\r\x04"],
  ["paste mode keeps indentation as typed", "\x05a=1\r  b=2\rprint(a)\r\x04"],
  ["paste mode cancelled", "\x05a=1\r\x03"],
];

for (const [name, keys] of SAME_AS_MICROPYTHON) {
  Deno.test(`friendly REPL as MicroPython: ${name}`, async () => {
    const expected = sameLineEnds(await driveReference(keys));
    const actual = sameLineEnds(await driveUpy(keys, { banner: REFERENCE_BANNER }));
    assertEquals(actual, expected);
  });
}

Deno.test("friendly REPL: upy's own banner in MicroPython's shape", async () => {
  const out = await driveUpy("\x04");
  assertEquals(
    /^upy v\d+\.\d+\.\d+ \(MicroPython [\d.]+\) on \d{4}-\d\d-\d\d; Deno with TypeScript\r\nType "help\(\)" for more information\.\r\n>>> \r\n$/
      .test(out),
    true,
    out,
  );
});

Deno.test("friendly REPL: Ctrl-C interrupts running code with KeyboardInterrupt", async () => {
  const chunks: Uint8Array[] = [];
  let sendInterrupt: () => void = () => {};
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("while True: pass\r\r"));
      sendInterrupt = () => {
        controller.enqueue(new Uint8Array([3]));
        controller.enqueue(new TextEncoder().encode("print('after')\r"));
        controller.close();
      };
    },
  });
  const decoder = new TextDecoder();
  let text = "";
  let sent = false;
  const output = new WritableStream<Uint8Array>({
    write(c) {
      chunks.push(c);
      text += decoder.decode(c);
      // The loop is running once its input has been echoed and no prompt came back.
      if (!sent && text.includes("... \r\n")) {
        sent = true;
        setTimeout(sendInterrupt, 50);
      }
    },
  });
  const { runRepl } = await import("../lib/repl/session.ts");
  await runRepl({ input, output, banner: REFERENCE_BANNER });
  const tail = text.slice(text.indexOf("... \r\n") + 6);
  assertEquals(
    tail,
    'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\n' +
      "KeyboardInterrupt: \r\n>>> print('after')\r\nafter\r\n>>> ",
  );
});

Deno.test("friendly REPL: board mode soft-resets on Ctrl-D, clearing globals", async () => {
  const out = await driveUpy("x=5\r\x04x\r", { banner: "B", board: true });
  assertEquals(
    out,
    'B\r\nType "help()" for more information.\r\n>>> x=5\r\n>>> \r\nMPY: soft reboot\r\n' +
      'B\r\nType "help()" for more information.\r\n>>> x\r\nTraceback (most recent call last):\r\n' +
      "  File \"<stdin>\", line 1, in <module>\r\nNameError: name 'x' isn't defined\r\n>>> ",
  );
});

Deno.test("friendly REPL: help() explains the control keys", async () => {
  const out = await driveUpy("help()\r", { banner: "B" });
  const reply = out.slice(out.indexOf("help()\r\n") + 8);
  assertEquals(reply.startsWith("Welcome to upy"), true, reply);
  assertEquals(reply.includes("CTRL-E        -- on a blank line, enter paste mode\r\n"), true);
  assertEquals(reply.endsWith("\r\n>>> "), true);
});

/** Sends `keys`, then `later` once `ready` shows in the output; returns all output. */
async function interactive(keys: string, ready: string, later: number[]): Promise<string> {
  let text = "";
  let sent = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const input = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      c.enqueue(new TextEncoder().encode(keys));
    },
  });
  const decoder = new TextDecoder();
  const output = new WritableStream<Uint8Array>({
    write(chunk) {
      text += decoder.decode(chunk);
      if (!sent && text.includes(ready)) {
        sent = true;
        setTimeout(() => {
          controller.enqueue(new Uint8Array(later));
          controller.close();
        }, 50);
      }
    },
  });
  const { runRepl } = await import("../lib/repl/session.ts");
  await runRepl({ input, output, banner: "B" });
  return text;
}

Deno.test("friendly REPL: input() reads an edited line from the session", async () => {
  const out = await driveUpy('name = input("who? ")\rbobx\x7f\rprint("hi", name)\r', {
    banner: "B",
  });
  assertEquals(
    out.slice(out.indexOf(">>> ")),
    '>>> name = input("who? ")\r\nwho? bobx\b\x1b[K\r\n>>> print("hi", name)\r\nhi bob\r\n>>> ',
  );
});

Deno.test("friendly REPL: Ctrl-C stops a time.sleep at once", async () => {
  // Without the interrupt the sleep would end normally, with no traceback.
  const out = await interactive("import time\rtime.sleep(30)\r", "time.sleep(30)\r\n", [3]);
  assertEquals(
    out.slice(out.indexOf("time.sleep(30)")),
    'time.sleep(30)\r\nTraceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\n' +
      "KeyboardInterrupt: \r\n>>> ",
  );
});

Deno.test("line mode (stdin a pipe): prompts and results, no echo or auto-indent", async () => {
  const out = await driveUpy(
    "x = (1,\n2)\nx\ndef f():\n\treturn 3\n\nf()\nfor i in range(2):\n    i",
    {
      lineMode: true,
    },
  );
  assertEquals(out, ">>> ... >>> (1, 2)\n>>> ... ... >>> 3\n>>> ... ... 0\n1\n\n");
});

Deno.test("friendly REPL and paste mode: UTF-8 typed byte by byte echoes whole characters", async () => {
  const out = await driveUpy('\x05s="é✓"\rprint(len(s), s)\r\x04"𝄞"\r', { banner: "B" });
  assertEquals(
    out.slice(out.indexOf("=== ")),
    '=== s="é✓"\r\n=== print(len(s), s)\r\n=== \r\n2 é✓\r\n>>> "𝄞"\r\n\'𝄞\'\r\n>>> ',
  );
});
