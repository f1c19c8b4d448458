/**
 * The sandbox: each limit stops a run with a LimitError that Python cannot
 * catch (not even with `except BaseException` or `finally`), per-run limits
 * override the VM's, the VM stays usable afterwards, capabilities are off by
 * default; and the VM API around runs (streams, stdin, reset, dispose, usage).
 */

import { deepEqual, equal, ok, rejects, throws } from "node:assert/strict";
import { LimitError, PythonError, VM } from "../mod.ts";

async function limitOf(vm: VM, source: string, options = {}): Promise<string> {
  const error = await vm.exec(source, options).catch((e) => e);
  ok(error instanceof LimitError, `expected a LimitError, got ${error}`);
  return error.limit;
}

const DODGE = `
while True:
    try:
        try:
            while True:
                pass
        finally:
            print("finally ran")
    except BaseException:
        print("caught")
`;

Deno.test("each limit stops a run uncatchably and the VM stays usable", async () => {
  let out = "";
  // A generous clock, so that on a loaded machine the memory cases meet the memory limit first.
  const vm = new VM({ sandbox: true, limits: { timeoutMs: 30_000 }, stdout: (t) => (out += t) });
  equal(await limitOf(vm, DODGE, { limits: { instructions: 100_000 } }), "instructions");
  equal(await limitOf(vm, DODGE, { limits: { timeoutMs: 50, instructions: 1e12 } }), "time");
  equal(out, "", "neither finally nor except ran");
  equal(await limitOf(vm, "x = 'a' * 10**9"), "memory");
  equal(await limitOf(vm, "x = []\nwhile True:\n    x.append(bytes(10000))"), "memory");
  equal(await limitOf(vm, "s = 'x'\nwhile True:\n    s += s"), "memory");
  ok(
    ["memory", "time", "instructions"].includes(
      await limitOf(vm, "d = {}\nfor i in range(10**8):\n    d[i] = i"),
    ),
  );
  equal(await limitOf(vm, "x = [[0] * 1000 for i in range(10**6)]"), "memory");
  equal(await limitOf(vm, "l = [0] * 1000\nwhile True:\n    l = l + l"), "memory");
  equal(await limitOf(vm, "t = (0,) * 1000\nwhile True:\n    t = t + t"), "memory");
  equal(await limitOf(vm, "b = bytearray(1000)\nwhile True:\n    b += b"), "memory");
  equal(await limitOf(vm, "s = 'ab' * 10**6\nwhile True:\n    s = ' '.join([s, s])"), "memory");
  equal(
    await limitOf(vm, "try:\n    x = 'a' * 10**9\nexcept MemoryError:\n    print('caught')"),
    "memory",
  );
  out = "";
  equal(
    await limitOf(vm, "while True:\n    print('0123456789')", { limits: { outputChars: 55 } }),
    "output",
  );
  equal(out, "0123456789\n".repeat(5), "output up to the limit is delivered");
  out = "";
  await vm.exec("print('usable again')");
  equal(out, "usable again\n");
});

Deno.test("recursion depth is MicroPython's catchable RuntimeError", async () => {
  let out = "";
  const vm = new VM({ sandbox: true, limits: { recursionDepth: 50 }, stdout: (t) => (out += t) });
  await vm.exec(`
def depth(n):
    try:
        return depth(n + 1)
    except RuntimeError:
        return n
print(depth(0) < 50)
`);
  equal(out, "True\n");
});

Deno.test("the time limit covers waiting for JS, and a signal aborts a run", async () => {
  const vm = new VM({ sandbox: true });
  vm.registerModule("host", { never: () => new Promise(() => {}) });
  equal(await limitOf(vm, "import host\nhost.never()", { limits: { timeoutMs: 30 } }), "time");
  const early = new AbortController();
  early.abort();
  equal(await limitOf(vm, "print('never')", { signal: early.signal }), "aborted");
  // Python code sees a signal when it waits for JS: abort lands at the next resume.
  vm.registerModule("clock", { tick: () => new Promise((resolve) => setTimeout(resolve, 1)) });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 20);
  const limit = await limitOf(vm, "import clock\nwhile True:\n    clock.tick()", {
    limits: { timeoutMs: 10_000 },
    signal: controller.signal,
  });
  equal(limit, "aborted");
});

Deno.test("usage reports what a run spent", async () => {
  const vm = new VM({ sandbox: true, stdout: () => {} });
  await vm.exec("x = 'ab' * 100000\nfor i in range(100000): pass\nprint(len(x))");
  const usage = vm.usage;
  ok(usage.instructions > 0);
  ok(usage.memoryBytes >= 400000);
  equal(usage.outputChars, 7);
  ok(usage.timeMs >= 0);
});

Deno.test("a sandbox reaches no files, imports, env or js unless granted", async () => {
  const hostFiles = {
    open() {
      throw new Error("the host file system must not be reached");
    },
  };
  const vm = new VM({
    sandbox: true,
    fileSystem: hostFiles,
    loader: { readText: () => "print('loaded')", isDirectory: () => false },
  });
  await rejects(vm.exec("open('/etc/passwd')"), (e: PythonError) => e.pythonType === "OSError");
  // Either no file system at all or an empty in-memory one: never the host's.
  const listing = await vm.eval("__import__('os').listdir('/')").catch((e) => e);
  ok(
    listing instanceof PythonError
      ? listing.pythonType === "OSError"
      : !(listing as string[]).includes("etc"),
  );
  await rejects(
    vm.exec("import secret_module"),
    (e: PythonError) => e.pythonType === "ImportError",
  );
  await rejects(vm.exec("import js"), (e: PythonError) => e.pythonType === "ImportError");
  let out = "";
  const granted = new VM({
    sandbox: true,
    stdout: (t) => (out += t),
    capabilities: {
      imports: {
        readText: (p) => (p === "plugin.py" ? "print('loaded')" : null),
        isDirectory: () => false,
      },
    },
  });
  await granted.exec("import plugin");
  equal(out, "loaded\n");
});

Deno.test("stdout and stderr as WritableStreams, stdin as a ReadableStream", async () => {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const sink = new WritableStream<Uint8Array>({
    write: (c) => void chunks.push(decoder.decode(c)),
  });
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("alpha\nbe"));
      controller.enqueue(new TextEncoder().encode("ta\n"));
      controller.close();
    },
  });
  {
    await using vm = new VM({ stdout: sink, stdin: input });
    await vm.exec(`
print(input("> "))
print(input())
try:
    input()
except EOFError:
    print("end")
`);
  }
  equal(chunks.join(""), "> alpha\nbeta\nend\n");
  // Disposed: the stream is free again and the VM refuses work.
  const writer = sink.getWriter();
  writer.releaseLock();
});

Deno.test("reset forgets Python state but keeps registered modules and options", async () => {
  let out = "";
  const vm = new VM({ stdout: (t) => (out += t), modules: { host: { answer: 42 } } });
  await vm.exec("import host\nx = host.answer\nimport builtins\nbuiltins.leak = 1");
  equal(vm.getGlobal("x"), 42);
  vm.reset();
  equal(vm.getGlobal("x"), undefined);
  await vm.exec("import host\nprint(host.answer, hasattr(__import__('builtins'), 'leak'))");
  equal(out, "42 False\n");
  deepEqual(vm.globalNames().includes("host"), true);
  ok(vm.deleteGlobal("host"));
  equal(vm.getGlobal("host"), undefined);
});

Deno.test("a closed VM refuses work; bad arguments fail clearly", async () => {
  const vm = new VM();
  await rejects(vm.exec(42 as unknown as string), /CodeObject/);
  throws(() => vm.registerModule("m", 5 as unknown as Record<string, unknown>), /exports/);
  throws(() => new VM({ stdout: 5 as unknown as () => void }), /stdout/);
  const code = vm.compile("y = 6 * 7");
  await vm.exec(code);
  equal(vm.getGlobal("y"), 42);
  await vm.close();
  await rejects(vm.exec("1"), /closed/);
});

Deno.test("proxies of the embedder's values lead nowhere else (no constructor, no __proto__)", async () => {
  let out = "";
  const vm = new VM({
    sandbox: true,
    stdout: (t) => (out += t),
    modules: { host: { f: (x: number) => x, when: new Date(0) } },
  });
  for (
    const escape of [
      "host.f.constructor('return Deno')()",
      "host.when.constructor",
      "host.when.__proto__",
      "host.f.call.constructor",
      "getattr(host.f, 'constructor')",
    ]
  ) {
    await rejects(
      vm.exec(`import host\n${escape}`),
      (e: PythonError) => e.pythonType === "AttributeError",
      escape,
    );
  }
  await rejects(
    vm.exec("import host\nhost.when.__proto__ = None"),
    (e: PythonError) => e.pythonType === "AttributeError",
  );
  await vm.exec("import host\nprint(host.f(3), host.when.getTime())");
  equal(out, "3 0\n");
});
