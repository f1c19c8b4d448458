/**
 * Built-in modules whose code loads on first import (lib/modules/registry.ts, lib/vm/preload.ts).
 * A fresh `mod.ts` process starts with them unloaded, so each program below runs there, and its
 * output must equal the same program's output in this process once every module has loaded:
 * loading lazily must not change what a program sees. The one case that cannot load (a native
 * calling back into Python, where the VM cannot wait) must fail with a clear ImportError.
 */

import assert from "node:assert/strict";
import { VM } from "../mod.ts";
import { hostFileSystem, hostLoader } from "../lib/cli.ts";
import { builtinModuleNames, loadBuiltinModule } from "../lib/modules/registry.ts";

const MOD = new URL("../mod.ts", import.meta.url).pathname;

const FILES: Record<string, string> = {
  "helper.py": "import heapq\nfrom collections import OrderedDict\n" +
    "def smallest(xs):\n    heapq.heapify(xs)\n    return [heapq.heappop(xs), heapq.heappop(xs)]\n",
  "pkg/__init__.py": "from . import inner\n",
  "pkg/inner.py": "import binascii\nVALUE = binascii.hexlify(b'up')\n",
  "main.py": [
    "import helper, pkg",
    "print(helper.smallest([5, 1, 4, 2]))",
    "print(pkg.inner.VALUE)",
    "def later():",
    "    import struct",
    "    return struct.pack('<H', 258)",
    "print(later())",
    "exec('import cmath; print(cmath.sqrt(-1))')",
    "print(__import__('ra' + 'ndom').__name__)",
    "import ujson",
    "print(ujson.dumps({'a': [1, 2]}))",
    "print('math' in __import__('sys').modules or 'not in sys.modules')",
    "",
  ].join("\n"),
};

async function writeProgram(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "upy-lazy-" });
  for (const [name, text] of Object.entries(FILES)) {
    const path = `${dir}/${name}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
  return dir;
}

async function runFresh(args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MOD, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return text.decode(out.stdout) + text.decode(out.stderr);
}

async function runLoaded(path: string): Promise<string> {
  await Promise.all(builtinModuleNames().map(loadBuiltinModule));
  let out = "";
  const vm = new VM({
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    argv: [path],
    path: [path.slice(0, path.lastIndexOf("/"))],
    loader: hostLoader,
    fileSystem: hostFileSystem,
  });
  await vm.runMain(Deno.readTextFileSync(path), path);
  return out;
}

Deno.test("a lazily loaded built-in behaves as if it had been loaded all along", async () => {
  const dir = await writeProgram();
  try {
    const fresh = await runFresh([`${dir}/main.py`]);
    assert.equal(fresh, await runLoaded(`${dir}/main.py`));
    assert.match(fresh, /^\[1, 2\]\nb'7570'\nb'\\x02\\x01'\n\(6.12[0-9e-]*\+1j\)\nrandom\n/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("where the VM cannot wait, an unloaded built-in is a clear ImportError", async () => {
  const program = "xs = [2, 1]\nxs.sort(key=lambda x: __import__('he' + 'apq') and x)\n";
  const out = await runFresh(["-c", program]);
  assert.match(out, /ImportError: no module named 'heapq' \(its code loads asynchronously/);
  // Imported once at the top level, the same call works.
  assert.equal(await runFresh(["-c", "import heapq\n" + program + "print(xs)"]), "[1, 2]\n");
});
