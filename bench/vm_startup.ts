/**
 * What a VM costs in a running process: time to create one cold (the first,
 * which builds the shared immutable builtins template and type tables) and
 * warm (every later one: a copy of the builtins dict, a fresh sys and
 * __main__), time to a first result, and the heap one idle VM holds.
 *
 *   deno run -A --v8-flags=--expose-gc bench/vm_startup.ts
 */

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const importStart = performance.now();
const { VM } = await import("../mod.ts");
const importMs = performance.now() - importStart;

const coldStart = performance.now();
new VM();
const coldMs = performance.now() - coldStart;

const WARM = 2000;
let start = performance.now();
for (let i = 0; i < WARM; i++) new VM();
const warmMs = (performance.now() - start) / WARM;

start = performance.now();
for (let i = 0; i < 200; i++) {
  const vm = new VM({ sandbox: true, stdout: () => {} });
  await vm.exec("print(sum(range(10)))");
}
const firstRunMs = (performance.now() - start) / 200;

gc();
const IDLE = 1000;
const before = Deno.memoryUsage().heapUsed;
const keep: unknown[] = [];
for (let i = 0; i < IDLE; i++) keep.push(new VM({ sandbox: true }));
gc();
const perVm = (Deno.memoryUsage().heapUsed - before) / IDLE;
keep.length = 0;

const ms = (n: number) => n.toFixed(3) + " ms";
console.log(`import mod.ts:             ${ms(importMs)}`);
console.log(`first VM (cold):           ${ms(coldMs)}`);
console.log(`new VM (warm, mean of ${WARM}): ${ms(warmMs)}`);
console.log(`new sandbox + exec print:  ${ms(firstRunMs)}`);
console.log(`idle VM heap:              ${(perVm / 1024).toFixed(1)} KiB`);
