/**
 * The asyncio benchmark: 10,000 concurrent tasks, each sleeping 10 ms, gathered
 * (bench/asyncio_tasks.py), run for several rounds in one VM. Prints each
 * round's wall time and the JS heap after it (with a full GC first, so the
 * figures show whether memory stays flat from round to round).
 *
 *   deno run -A --v8-flags=--expose-gc bench/asyncio_bench.ts [--rounds N]
 */

import { VM } from "../mod.ts";

const args = Deno.args;
const at = args.indexOf("--rounds");
const rounds = at >= 0 ? Number(args[at + 1]) : 8;
const source = Deno.readTextFileSync(new URL("./asyncio_tasks.py", import.meta.url));
const gc = (globalThis as { gc?: () => void }).gc;

let out = "";
const vm = new VM({ stdout: (t) => (out += t) });
// Defines round_ms() and runs the first round.
await vm.runSource(source, "asyncio_tasks.py");
const times: number[] = [Number(out.trim())];
const heaps: number[] = [];
const heap = () => {
  gc?.();
  return Deno.memoryUsage().heapUsed / 1e6;
};
heaps.push(heap());
for (let i = 1; i < rounds; i++) {
  out = "";
  await vm.runSource("print(round_ms())");
  times.push(Number(out.trim()));
  heaps.push(heap());
}
for (let i = 0; i < rounds; i++) {
  console.log(`round ${i + 1}: ${times[i]} ms, heap ${heaps[i].toFixed(1)} MB`);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `10,000 tasks x 10 ms sleep: first ${times[0]} ms, median ${
    sorted[Math.floor(rounds / 2)]
  } ms, best ${sorted[0]} ms; heap ${heaps[0].toFixed(1)} -> ${heaps[rounds - 1].toFixed(1)} MB${
    gc ? "" : " (run with --v8-flags=--expose-gc for exact heap figures)"
  }`,
);
