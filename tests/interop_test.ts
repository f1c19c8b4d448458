/**
 * Python <-> JS: every conversion rule both ways, live proxies in both
 * directions (attributes, calls, indexing, iteration, await), and exceptions
 * crossing with their tracebacks and stacks.
 */

import { deepEqual, equal, ok, rejects, throws } from "node:assert/strict";
import { type PyProxy, PythonError, VM } from "../mod.ts";

function vmWithOutput(options = {}): { vm: VM; out: () => string } {
  let text = "";
  const vm = new VM({ stdout: (t) => (text += t), ...options });
  return { vm, out: () => text };
}

Deno.test("Python values become JS values by the rules", async () => {
  const vm = new VM();
  equal(await vm.eval("42"), 42);
  equal(await vm.eval("2 ** 64"), 18446744073709551616n);
  equal(await vm.eval("-(2 ** 60)"), -(2n ** 60n));
  equal(await vm.eval("1.5"), 1.5);
  equal(await vm.eval("2.0"), 2);
  ok(Number.isNaN(await vm.eval("float('nan')")));
  equal(await vm.eval("'héllo ✓'"), "héllo ✓");
  equal(await vm.eval("True"), true);
  equal(await vm.eval("None"), null);
  deepEqual(await vm.eval("b'\\x00\\xffab'"), new Uint8Array([0, 255, 97, 98]));
  deepEqual(await vm.eval("bytearray(b'xy')"), new Uint8Array([120, 121]));
  deepEqual(await vm.eval("[1, 'a', [2.5, None]]"), [1, "a", [2.5, null]]);
  deepEqual(await vm.eval("(1, (2, 3))"), [1, [2, 3]]);
  deepEqual(await vm.eval("{'a': 1, 'b': [True]}"), { a: 1, b: [true] });
  deepEqual(
    await vm.eval("{1: 'one', (2, 3): 'pair'}"),
    new Map<unknown, unknown>([[1, "one"], [[2, 3], "pair"]]),
  );
  deepEqual(await vm.eval("{1, 2}"), new Set([1, 2]));
  const cyclic = await vm.eval("[x := [1], x.append(x)][0]") as unknown[];
  equal(cyclic[1], cyclic, "a cyclic list stays cyclic");
});

Deno.test("JS values become Python values by the rules", async () => {
  const { vm, out } = vmWithOutput();
  vm.setGlobal("values", {
    small: 7,
    big: 2n ** 70n,
    safeBig: 5n,
    frac: 0.25,
    whole: 3,
    text: "t",
    yes: false,
    none: null,
    missing: undefined,
    data: new Uint8Array([1, 2]),
    view: new Uint16Array([1]),
    list: [1, [2]],
    map: new Map<unknown, unknown>([["k", 1], [2, "two"]]),
    set: new Set(["s"]),
    nested: { deep: { x: 1 } },
  });
  await vm.exec(`
v = values
for key in sorted(v):
    print(key, type(v[key]).__name__, repr(v[key]))
`);
  equal(
    out(),
    [
      "big int 1180591620717411303424",
      "data bytes b'\\x01\\x02'",
      "frac float 0.25",
      "list list [1, [2]]",
      "map dict {'k': 1, 2: 'two'}",
      "missing NoneType None",
      "nested dict {'deep': {'x': 1}}",
      "none NoneType None",
      "safeBig int 5",
      "set set {'s'}",
      "small int 7",
      "text str 't'",
      "view bytes b'\\x01\\x00'",
      "whole int 3",
      "yes bool False",
      "",
    ].join("\n"),
  );
});

Deno.test("a JS object in Python is a live proxy: attributes, calls, items, iteration, new", async () => {
  const { vm, out } = vmWithOutput();
  class Counter {
    count = 0;
    add(n: number, options?: { times?: number }) {
      this.count += n * (options?.times ?? 1);
      return this;
    }
  }
  const counter = new Counter();
  const registry = new Map<string, number>([["a", 1]]);
  vm.setGlobal("counter", counter);
  vm.setGlobal("registry", registry);
  vm.setGlobal(
    "Point",
    class {
      constructor(public x: number, public y: number) {}
      norm() {
        return Math.hypot(this.x, this.y);
      }
    },
  );
  vm.setGlobal("numbers", new Set([3, 1, 2]).values());
  await vm.exec(`
counter.add(2)
counter.add(1, times=3)
print(counter.count, counter.add(0) == counter)
counter.label = "c"
registry["b"] = 2
print(registry["a"], len(registry), "b" in registry)
p = Point.new(3, 4)
print(p.x, p.norm())
print(sorted(numbers))
try:
    registry["zzz"]
except KeyError as e:
    print("KeyError", e)
try:
    counter.nothing
except AttributeError:
    print("AttributeError")
print(repr(counter)[:8])
`);
  equal(out(), "5 True\n1 2 True\n3 5\n[1, 2, 3]\nKeyError zzz\nAttributeError\n<JsProxy\n");
  equal((counter as unknown as { label: string }).label, "c", "writes reach the JS object");
  equal(registry.has("b"), false, "a Map crosses as a copy (a dict)");
});

Deno.test("a Python object in JS is a live proxy: call, attributes, items, iteration, release", async () => {
  const vm = new VM();
  await vm.exec(`
class Box:
    def __init__(self):
        self.items = {}
        self.size = 0
    def put(self, key, value=1):
        self.items[key] = value
        self.size += 1
        return self.size
    def __getitem__(self, key):
        return self.items[key]
    def __setitem__(self, key, value):
        self.items[key] = value
    def __len__(self):
        return len(self.items)
    def __contains__(self, key):
        return key in self.items
    def __iter__(self):
        return iter(sorted(self.items))
    def __repr__(self):
        return "<Box %d>" % len(self.items)
box = Box()
def gen(n):
    for i in range(n):
        yield i * i
`);
  const box = vm.getGlobal("box") as PyProxy;
  equal(box.$type, "Box");
  const put = box.put as PyProxy;
  equal(await put("a"), 1);
  equal(await put.$call(["b"], { value: 5 }), 2);
  equal(box.size, 2);
  box.size = 10;
  equal(await vm.eval("box.size"), 10);
  equal(box.$get("b"), 5);
  box.$set("c", [1]);
  equal(box.$len(), 3);
  ok(box.$has("c"));
  deepEqual([...box], ["a", "b", "c"]);
  equal(box.$repr(), "<Box 3>");
  equal(String(box), "<Box 3>");
  equal(box.missing, undefined);
  ok("size" in box && !("missing" in box), "the in operator asks Python's hasattr");
  box.extra = 1;
  equal(await vm.eval("box.extra"), 1);
  delete box.extra;
  equal(await vm.eval("hasattr(box, 'extra')"), false);
  const gen = await vm.call("gen", 4) as PyProxy;
  deepEqual([...gen], [0, 1, 4, 9]);
  // Back into Python, a proxy is the same object again.
  vm.setGlobal("again", box);
  equal(await vm.eval("again is box"), true);
  box.$release();
  throws(() => box.size, /released/);
  {
    using scoped = vm.getGlobal("box") as PyProxy;
    equal(scoped.size, 10);
  }
});

Deno.test("Python functions call JS callbacks and JS calls Python callbacks", async () => {
  const { vm, out } = vmWithOutput();
  vm.setGlobal("apply", (f: PyProxy, x: number) => f(x));
  vm.setGlobal("mapJS", (items: number[], f: PyProxy) => items.map((x) => f.$callSync(x)));
  await vm.exec(`
print(apply(lambda x: x + 1, 41))
print(mapJS([1, 2, 3], lambda x: x * 10))
`);
  equal(out(), "42\n[10, 20, 30]\n");
});

Deno.test("JS Promises are awaited by Python and Python coroutines are JS Promises", async () => {
  const { vm, out } = vmWithOutput();
  const later = (value: unknown, ms = 2) =>
    new Promise((resolve) => setTimeout(() => resolve(value), ms));
  vm.registerModule("host", {
    later,
    fail: () => Promise.reject(new RangeError("async failure")),
  });
  await vm.exec(`
import host
print("plain code waits:", host.later(5))
async def fetch_all(n):
    total = 0
    for i in range(n):
        total += await host.later(i)
    return total
async def safe():
    try:
        await host.fail()
    except JSError as e:
        return "caught " + str(e)
`);
  equal(await vm.call("fetch_all", 5), 10);
  equal(await vm.call("safe"), "caught RangeError: async failure");
  const pending = vm.eval("fetch_all(3)");
  ok(pending instanceof Promise);
  equal(await pending, 3);
  const coroutine = await vm.eval("[fetch_all(4)]") as Promise<unknown>[];
  ok(coroutine[0] instanceof Promise, "a coroutine inside a container also becomes a Promise");
  equal(await coroutine[0], 6);
  equal(out(), "plain code waits: 5\n");
});

Deno.test("Python exceptions reach JS as PythonError with the traceback", async () => {
  const vm = new VM();
  await vm.exec("def inner():\n    raise KeyError('k')\ndef outer():\n    inner()", {
    filename: "m.py",
  });
  const error = await vm.call("outer").catch((e) => e);
  ok(error instanceof PythonError);
  equal(error.pythonType, "KeyError");
  equal(error.pythonMessage, "k"); // MicroPython's str(KeyError('k'))
  equal(error.message, "KeyError: k");
  equal(
    error.traceback,
    'Traceback (most recent call last):\n  File "m.py", line 4, in outer\n  File "m.py", line 2, in inner\nKeyError: k\n',
  );
  await rejects(vm.exec("1/0"), (e: PythonError) => e.pythonType === "ZeroDivisionError");
  await rejects(vm.exec("def f(:"), (e: PythonError) => e.pythonType === "SyntaxError");
  await rejects(vm.call("nothing"), (e: PythonError) => e.pythonType === "NameError");
});

Deno.test("JS exceptions reach Python as JSError with the JS value and stack", async () => {
  const { vm, out } = vmWithOutput();
  const original = new TypeError("bad input");
  vm.setGlobal("explode", () => {
    throw original;
  });
  vm.setGlobal("rethrowing", (f: PyProxy) => f.$callSync());
  await vm.exec(`
try:
    explode()
except JSError as e:
    print(e, "|", e.js.message, "|", "TypeError: bad input" in e.stack)
def pyfail():
    raise ValueError("from python")
try:
    rethrowing(pyfail)
except ValueError as e:
    print("the same Python exception came back:", e)
`);
  equal(
    out(),
    "TypeError: bad input | bad input | True\nthe same Python exception came back: from python\n",
  );
  const error = await vm.exec("explode()").catch((e) => e);
  ok(error instanceof PythonError);
  equal(error.pythonType, "JSError");
  equal(error.cause, original, "the JS error is the PythonError's cause");
});

Deno.test("the js module exists only when granted", async () => {
  const denied = new VM();
  await rejects(denied.exec("import js"), (e: PythonError) => e.pythonType === "ImportError");
  const { vm, out } = vmWithOutput({ capabilities: { js: true } });
  await vm.exec(
    "import js\nprint(js.Math.max(3, 9), js.JSON.stringify([1, 2]))\nd = js.Date.new(0)\nprint(d.getTime())",
  );
  equal(out(), "9 [1,2]\n0\n");
  const scoped = vmWithOutput({ capabilities: { js: { answer: 42 } } });
  await scoped.vm.exec(
    "import js\nprint(js.answer)\ntry:\n    js.Math\nexcept AttributeError as e:\n    print(e)",
  );
  equal(scoped.out(), "42\nmodule 'js' has no attribute 'Math'\n");
});

Deno.test("JS Promises are awaitable inside asyncio tasks, alongside other tasks", async () => {
  const { vm, out } = vmWithOutput({ limits: { timeoutMs: 10_000 } });
  vm.registerModule("host", {
    later: (value: unknown, ms: number) => new Promise((r) => setTimeout(() => r(value), ms)),
    fail: () => Promise.reject(new Error("nope")),
  });
  await vm.exec(`
import asyncio, host
async def worker(name, ms):
    return await host.later(name, ms)
async def ticker(n):
    for i in range(n):
        await asyncio.sleep_ms(1)
    return n
async def main():
    print(await asyncio.gather(worker("a", 20), worker("b", 1), ticker(3)))
    try:
        await host.fail()
    except JSError as e:
        print("caught", e)
asyncio.run(main())
`);
  equal(out(), "['a', 'b', 3]\ncaught Error: nope\n");
});
