/**
 * Writes `X.py.exp` beside every tests/py/**\/*.py (or the files given) from the
 * reference interpreter (MicroPython's WebAssembly port, tests/oracle.ts). Files
 * whose first line is `# oracle: skip` keep a hand-checked .exp (modules the wasm
 * port lacks).
 *
 *   deno run -A tests/make_expected.ts [files...]
 */

import { runReference } from "./oracle.ts";

const root = await Deno.realPath(new URL("./py/", import.meta.url).pathname) + "/";

function* walk(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir.replace(/\/$/, "")}/${entry.name}`;
    if (entry.isDirectory) yield* walk(path);
    else if (entry.name.endsWith(".py")) yield path;
  }
}

const files = Deno.args.length > 0 ? Deno.args : [...walk(root)];
for (const file of files) {
  const source = Deno.readTextFileSync(file);
  if (source.startsWith("# oracle: skip")) continue;
  const absolute = await Deno.realPath(file);
  const { output } = await runReference(source, { filename: absolute });
  // The same placeholder tests/py_test.ts writes for the checkout's own path.
  Deno.writeTextFileSync(file + ".exp", output.replaceAll(root, "<TESTS>/"));
  console.log(`wrote ${file}.exp`);
}
