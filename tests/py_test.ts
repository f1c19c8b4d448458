/**
 * Runs every Python test program in tests/py/ on upy, in this process, and
 * compares its output (stdout and stderr merged, tracebacks included) with the
 * `.py.exp` file beside it, which tests/make_expected.ts generated from the
 * reference interpreter (MicroPython's WebAssembly port).
 */

import { equal as assertEquals } from "node:assert/strict";
import { VM } from "../mod.ts";
import { hostFileSystem } from "../lib/cli.ts";

const root = new URL("./py/", import.meta.url).pathname;

function* walk(dir: string): Generator<string> {
  for (const entry of [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name))) {
    const path = `${dir}/${entry.name}`.replace("//", "/");
    if (entry.isDirectory) yield* walk(path);
    else if (entry.name.endsWith(".py")) yield path;
  }
}

/**
 * Runs a file as `micropython file.py` would and returns the merged output, with the
 * checkout's absolute tests/py/ folder written as `<TESTS>/` so expectations hold in any clone.
 */
export async function runUpy(path: string): Promise<string> {
  let out = "";
  const dir = path.slice(0, path.lastIndexOf("/"));
  const vm = new VM({
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    argv: [path],
    path: [dir],
    fileSystem: hostFileSystem,
  });
  await vm.runMain(Deno.readTextFileSync(path), path);
  return out.replaceAll(root, "<TESTS>/");
}

for (const path of walk(root)) {
  let expected: string;
  try {
    expected = Deno.readTextFileSync(path + ".exp");
  } catch {
    continue;
  }
  Deno.test(`py: ${path.slice(root.length)}`, async () => {
    assertEquals(await runUpy(path), expected);
  });
}
