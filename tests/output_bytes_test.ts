/**
 * sys.stdout.buffer.write / sys.stderr.buffer.write send bytes as they are, as on MicroPython's
 * unix port and a board's serial line: through the CLI, a WritableStream, an OutputWriter and
 * the raw REPL. A plain text callback cannot carry them and gets them decoded as UTF-8.
 */

import assert from "node:assert/strict";
import { VM } from "../mod.ts";
import { driveUpy } from "./repl_support/drive.ts";

const PROGRAM =
  "import sys\nprint('a', end='')\nsys.stdout.buffer.write(b'\\xff\\x00B')\nprint('c')\n";

Deno.test("the CLI writes sys.stdout.buffer's bytes unchanged, in order with print", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../mod.ts", import.meta.url).pathname,
      "-c",
      PROGRAM + "sys.stderr.buffer.write(b'\\xfe!')\n",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.deepEqual([...out.stdout], [0x61, 0xff, 0x00, 0x42, 0x63, 0x0a]);
  assert.deepEqual([...out.stderr], [0xfe, 0x21]);
});

Deno.test("a WritableStream or an OutputWriter gets the bytes; a text callback their UTF-8 reading", async () => {
  const chunks: Uint8Array[] = [];
  const stream = new WritableStream<Uint8Array>({ write: (c) => void chunks.push(c) });
  const viaStream = new VM({ stdout: stream });
  await viaStream.exec(PROGRAM);
  await viaStream.close();
  assert.deepEqual(chunks.flatMap((c) => [...c]), [0x61, 0xff, 0x00, 0x42, 0x63, 0x0a]);

  const parts: (string | number[])[] = [];
  const writer = new VM({
    stdout: { write: (t) => void parts.push(t), writeBytes: (b) => void parts.push([...b]) },
  });
  await writer.exec(PROGRAM);
  assert.deepEqual(parts, ["a", [0xff, 0x00, 0x42], "c\n"]);

  let text = "";
  await new VM({ stdout: (t) => (text += t) }).exec(PROGRAM);
  assert.equal(text, "a\ufffd\u0000Bc\n");
});

Deno.test("bytes count against the sandbox's output limit", async () => {
  const chunks: Uint8Array[] = [];
  const vm = new VM({
    sandbox: true,
    stdout: new WritableStream<Uint8Array>({ write: (c) => void chunks.push(c) }),
  });
  const error = await vm.exec("import sys\nsys.stdout.buffer.write(bytes(100))", {
    limits: { outputChars: 10 },
  }).catch((e) => e);
  await vm.close();
  assert.match(String(error), /output/);
  assert.equal(chunks.reduce((n, c) => n + c.length, 0), 10);
});

Deno.test("on the raw REPL a program's bytes go out unchanged, no CR added", async () => {
  const out = await driveUpy(
    "\x01import sys\nsys.stdout.buffer.write(b'\\xff\\n')\x04\x02",
    { board: true, bytes: true },
  );
  assert.ok(out.includes("OK\xff\n\x04\x04>"), JSON.stringify(out));
});
