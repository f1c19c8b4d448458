/**
 * A session playing a board runs its boot.py and main.py as MicroPython does (lib/repl/
 * boot_scripts.ts): both when it comes up and after a soft reset in the friendly REPL, boot.py
 * only after one in the raw REPL, main.py not after a failed boot.py; and none of it for a
 * session that is not a board. The board's files live in a MemoryFileSystem here.
 */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { runRepl } from "../lib/repl/session.ts";
import { MemoryFileSystem } from "../lib/modules/memory_fs.ts";
import { VM } from "../lib/vm/vm.ts";

/** Feeds `keys` one byte at a time to a session whose file system holds `files`. */
async function boot(
  files: Record<string, string>,
  keys: string,
  board = true,
): Promise<string> {
  const fs = new MemoryFileSystem();
  for (const [path, text] of Object.entries(files)) {
    fs.writeFile(path, new TextEncoder().encode(text));
  }
  const bytes = new TextEncoder().encode(keys);
  let i = 0;
  const input = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < bytes.length) controller.enqueue(bytes.slice(i, ++i));
      else controller.close();
    },
  });
  let out = "";
  const output = new WritableStream<Uint8Array>({
    write: (chunk) => void (out += new TextDecoder().decode(chunk)),
  });
  await runRepl({
    input,
    output,
    board,
    banner: "B",
    createVM: (io) => new VM({ ...io, fileSystem: fs }),
  });
  return out;
}

const BANNER = 'B\r\nType "help()" for more information.\r\n';
const SCRIPTS = { "/boot.py": "print('boot')\n", "/main.py": "print('main', __file__)\n" };

Deno.test("boot: boot.py then main.py before the banner, again after Ctrl-D", async () => {
  assertEquals(
    await boot(SCRIPTS, "\x04"),
    `boot\r\nmain main.py\r\n${BANNER}>>> \r\nMPY: soft reboot\r\nboot\r\nmain main.py\r\n` +
      `${BANNER}>>> `,
  );
});

Deno.test("boot: a soft reset in the raw REPL runs boot.py only", async () => {
  const out = await boot(SCRIPTS, "\x01\x04");
  assertEquals(
    out.slice(out.indexOf("raw REPL")),
    "raw REPL; CTRL-B to exit\r\n>OK\r\nMPY: soft reboot\r\nboot\r\nraw REPL; CTRL-B to exit\r\n>",
  );
});

Deno.test("boot: a failing boot.py shows its traceback and keeps main.py from running", async () => {
  assertEquals(
    await boot({ ...SCRIPTS, "/boot.py": "print('boot')\n1/0\n" }, ""),
    'boot\r\nTraceback (most recent call last):\r\n  File "boot.py", line 2, in <module>\r\n' +
      `ZeroDivisionError: divide by zero\r\n${BANNER}>>> `,
  );
});

Deno.test("boot: main.py's globals stay for the REPL; not a board, no scripts", async () => {
  const out = await boot({ "/main.py": "kept = 6 * 7\n" }, "kept\r");
  assertEquals(out, `${BANNER}>>> kept\r\n42\r\n>>> `);
  assertEquals(await boot(SCRIPTS, "", false), `${BANNER}>>> `);
});
