/**
 * The VM's host turns (VMState.yieldInterval, what lets a REPL read Ctrl-C
 * while a loop runs): suspending at backward jumps, in every kind of loop and
 * frame, must not change what a program computes.
 */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { VM } from "../lib/vm/vm.ts";

const PROGRAM = `
def gen(n):
    i = 0
    while i < n:
        yield i * i
        i += 1

def work(n):
    total = 0
    for i in range(n):
        try:
            if i % 7 == 0:
                continue
            if i % 1000 == 999:
                raise ValueError(i)
            total += i
        except ValueError as e:
            total -= e.args[0]
        finally:
            total += 1
    return total

class Counter:
    def __init__(self):
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.n += 1
        if self.n > 20000:
            raise StopIteration
        return self.n

acc = 0
k = 0
while True:
    k += 1
    if k > 30000:
        break
    acc ^= k * 31
print(acc, work(60000), sum(gen(20000)), sum(Counter()))
print(sorted([x % 97 for x in range(50000)], key=lambda v: -v)[:5])
print(list(map(lambda s: s.upper(), ["a", "b"])), max(range(100000)))
`;

/** Runs PROGRAM; also counts timer callbacks that got to run meanwhile. */
async function run(yieldInterval: number): Promise<{ out: string; turns: number }> {
  let out = "";
  const vm = new VM({ stdout: (t) => (out += t), stderr: (t) => (out += t) });
  vm.state.yieldInterval = yieldInterval;
  let turns = 0;
  const timer = setInterval(() => turns++, 0);
  await vm.runSource(PROGRAM);
  clearInterval(timer);
  return { out, turns };
}

Deno.test("host turns every millisecond leave results unchanged", async () => {
  const plain = await run(0);
  assertEquals(plain.out.split("\n").length, 4, plain.out);
  // Without host turns the program runs in one go: no timer fires meanwhile.
  assertEquals(plain.turns, 0);
  const turning = await run(1);
  assertEquals(turning.out, plain.out);
  assertEquals(turning.turns > 0, true);
});
