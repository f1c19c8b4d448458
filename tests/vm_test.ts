/**
 * VM behaviour that Python programs alone cannot show: natives returning
 * Promises suspend the Python frame chain without blocking the event loop, deep
 * recursion ends in MicroPython's RuntimeError (never a JS RangeError), limits and
 * interrupts stop a run, and VMs in one process stay independent.
 */

import { equal, ok } from "node:assert/strict";
import { registerBuiltinModule, VM } from "../mod.ts";
import { native } from "../lib/objects/function.ts";

registerBuiltinModule("jsdelay", (m) => {
  m.dict.setStr(
    "later",
    native("later", 1, 1, (a) => new Promise((resolve) => setTimeout(() => resolve(a[0]), 1))),
  );
  m.dict.setStr("fail", native("fail", 0, 0, () => Promise.reject(new Error("js failure"))));
});

function capture(): { vm: VM; out: () => string } {
  let text = "";
  const vm = new VM({ stdout: (t) => (text += t), stderr: (t) => (text += t) });
  return { vm, out: () => text };
}

Deno.test("a native returning a Promise suspends and resumes Python code", async () => {
  const { vm, out } = capture();
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  await vm.runSource(`
import jsdelay
def work(n):
    total = 0
    for i in range(n):
        total += jsdelay.later(i)
    return total
class K:
    def m(self):
        return work(5) * 2
print(K().m(), [jsdelay.later(x) for x in "ab"] if False else jsdelay.later("done"))
`);
  clearInterval(timer);
  equal(out(), "20 done\n");
  ok(ticks > 0, "the event loop kept running while Python waited");
});

Deno.test("a rejected Promise raises inside Python where it can be caught", async () => {
  const { vm, out } = capture();
  const result = await vm.runMain(
    `
import jsdelay
try:
    jsdelay.fail()
except Exception as e:
    print("caught")
jsdelay.fail()
`,
    "t.py",
  );
  equal(result.exitCode, 1);
  ok(out().startsWith("caught\n"), out());
});

Deno.test("deep recursion is a Python RuntimeError, also through natives", async () => {
  const { vm, out } = capture();
  await vm.runSource(`
def f(n):
    return f(n + 1)
try:
    f(0)
except RuntimeError as e:
    print(e)
class A:
    def __repr__(self):
        return repr(self)
try:
    repr(A())
except RuntimeError as e:
    print(e)
x = []
for i in range(200000):
    x = [x]
try:
    str(x)
except RuntimeError as e:
    print(e)
`);
  equal(out(), "maximum recursion depth exceeded\n".repeat(3));
});

Deno.test("an instruction budget stops an endless loop with an uncatchable error", async () => {
  const { vm } = capture();
  vm.state.limits.instructionBudget = 1_000_000;
  const result = await vm.runMain(
    `
while True:
    try:
        pass
    except BaseException:
        pass
`,
    "loop.py",
  );
  equal(result.exitCode, 1);
  ok(/instruction budget/.test(String(result.exception?.args[0])));
});

Deno.test("two VMs do not share globals or builtins", async () => {
  const a = capture();
  const b = capture();
  await a.vm.runSource("import builtins\nbuiltins.shared = 1\nx = 5");
  await b.vm.runSource("print(hasattr(__import__('builtins'), 'shared'), 'x' in globals())");
  equal(b.out(), "False False\n");
});

Deno.test("a Ctrl-C that came while code ran ends the next wait at once", async () => {
  const { vm, out } = capture();
  // An interactive host (the REPL) asks for turns of the event loop and sets the flag on Ctrl-C;
  // here the "key" is pressed from Python, a few instructions before a long sleep.
  vm.state.yieldInterval = 20;
  registerBuiltinModule("ctrlc", (m) => {
    m.dict.setStr("press", native("press", 0, 0, () => (vm.state.interruptRequested = true, null)));
  });
  await vm.runSource(`
import ctrlc, time
ctrlc.press()
try:
    time.sleep_ms(2000)
    print("slept")
except KeyboardInterrupt:
    print("stopped")
`);
  equal(out(), "stopped\n");
});
