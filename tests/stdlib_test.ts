/**
 * The standard library seen from an embedder: what Python code cannot reach
 * by itself (a VM's default in-memory file system, mounting a JS FileSystem,
 * stdin from a JS source, JS promises awaited by asyncio tasks and asyncio
 * running on Deno's event loop, mem_info's layout).
 */

import { equal, match, ok } from "node:assert/strict";
import {
  MemoryFileSystem,
  mountFileSystem,
  PyJsPromise,
  registerBuiltinModule,
  VM,
} from "../mod.ts";
import { native } from "../lib/objects/function.ts";
import type { PyValue } from "../lib/objects/base.ts";

async function run(source: string, options: ConstructorParameters<typeof VM>[0] = {}) {
  let out = "";
  const vm = new VM({ ...options, stdout: (t) => (out += t), stderr: (t) => (out += t) });
  await vm.runSource(source);
  return { out, vm };
}

Deno.test("a VM without a file system gets an in-memory one at /", async () => {
  const { out } = await run(`
import os, errno
print(os.getcwd(), os.listdir("/"))
os.mkdir("/d")
with open("/d/f.txt", "w") as f:
    f.write("hello\\nworld\\n")
with open("/d/f.txt", "a") as f:
    f.write("!")
print(os.listdir("/d"), os.stat("/d/f.txt")[6], open("/d/f.txt").readlines())
os.chdir("/d")
os.rename("f.txt", "g.txt")
print(os.getcwd(), os.listdir(), open("g.txt", "rb").read(5))
for fn, arg in ((os.rmdir, "/d"), (os.remove, "/nope"), (os.mkdir, "/d"), (open, "/d")):
    try:
        fn(arg)
    except OSError as e:
        print(errno.errorcode.get(e.errno, e.errno))
os.remove("g.txt")
os.chdir("/")
os.rmdir("/d")
print(os.listdir("/"))
`);
  equal(
    out,
    "/ []\n['f.txt'] 13 ['hello\\n', 'world\\n', '!']\n/d ['g.txt'] b'hello'\n" +
      "39\nENOENT\nEEXIST\nEISDIR\n[]\n",
  );
});

Deno.test("an embedder's MemoryFileSystem seeds files and is mountable", async () => {
  const fs = new MemoryFileSystem();
  fs.writeFile("/conf/settings.json", new TextEncoder().encode('{"debug": true}'));
  const vm = new VM({ stdout: () => {} });
  let out = "";
  const vm2 = new VM({ stdout: (t) => (out += t) });
  mountFileSystem(vm2, fs, "/etc");
  await vm2.runSource(`
import json, os
print(json.load(open("/etc/conf/settings.json")), os.listdir("/"), os.listdir("/etc"))
open("/etc/out.txt", "w").write("from python")
`);
  equal(out, "{'debug': True} ['etc'] ['conf']\n");
  equal(new TextDecoder().decode(fs.readFile("/out.txt")), "from python");
  ok(vm !== vm2);
});

Deno.test("sys.stdin and input() read from the VM's stdin source", async () => {
  const chunks = ["first line\nsec", "ond\nthird\n", "rest"];
  const source = {
    read: () => Promise.resolve(chunks.length ? new TextEncoder().encode(chunks.shift()) : null),
  };
  const { out } = await run(
    `import sys
print(repr(sys.stdin.readline()))
print(repr(sys.stdin.read(3)), repr(sys.stdin.readline()))
print(repr(sys.stdin.buffer.read()))
print(repr(sys.stdin.read()))`,
    { stdin: source },
  );
  equal(out, "'first line\\n'\n'sec' 'ond\\n'\nb'third\\nrest'\n''\n");
});

registerBuiltinModule("jstest", (m) => {
  m.dict.setStr(
    "later",
    native("later", 2, 2, (a) => {
      const ms = a[0] as number;
      return new PyJsPromise(new Promise<PyValue>((done) => setTimeout(() => done(a[1]), ms)));
    }),
  );
  m.dict.setStr(
    "failing",
    native("failing", 0, 0, () => new PyJsPromise(Promise.reject(new Error("nope")))),
  );
});

Deno.test("asyncio tasks await JS promises while other tasks run", async () => {
  const { out } = await run(`
import asyncio, jstest

async def ticker(log):
    # Runs its first step as soon as main awaits the promise, before it can settle.
    while "stop" not in log:
        log.append("tick")
        await asyncio.sleep_ms(1)

async def main():
    log = []
    t = asyncio.create_task(ticker(log))
    value = await jstest.later(12, "from js")
    print(log[0], value)
    log.append("stop")
    await t
    try:
        await jstest.failing()
    except Exception as e:
        print(type(e).__name__, e)
    print(await asyncio.wait_for(jstest.later(1, 7), 1))

asyncio.run(main())
`);
  equal(out, "tick from js\nJSError nope\n7\n");
});

Deno.test("a Python asyncio program is a Promise in JS; Deno's event loop keeps running", async () => {
  let fired = 0;
  const timer = setInterval(() => fired++, 2);
  let out = "";
  const vm = new VM({ stdout: (t) => (out += t) });
  const done = vm.runSource(`
import asyncio
async def main():
    await asyncio.sleep_ms(40)
    return "slept"
print(asyncio.run(main()))
`);
  ok(done instanceof Promise);
  await done;
  clearInterval(timer);
  equal(out, "slept\n");
  ok(fired >= 1, `JS timers ran ${fired} times during the Python sleep`);
});

Deno.test("micropython.mem_info prints MicroPython's layout with this VM's figures", async () => {
  const { out } = await run("import micropython\nmicropython.mem_info()\nmicropython.mem_info(1)");
  match(
    out,
    /^stack: \d+ out of \d+\nGC: total: \d+, used: \d+, free: \d+\n No\. of 1-blocks: \d+, 2-blocks: \d+, max blk sz: \d+, max free sz: \d+\n/,
  );
  match(out, /GC memory layout; from [0-9a-f]+:\n\(\d+ blocks used, \d+ free\)\n$/);
});

Deno.test("a VM without a loader imports modules from its file system", async () => {
  const fs = new MemoryFileSystem();
  fs.writeFile("/lib/helper.py", new TextEncoder().encode("def twice(x):\n    return 2 * x\n"));
  const { out } = await run(
    `import sys
sys.path.append("/lib")
import helper
print(helper.twice(21))
try:
    import missing_module
except ImportError as e:
    print("ImportError")`,
    { fileSystem: fs },
  );
  equal(out, "42\nImportError\n");
});
