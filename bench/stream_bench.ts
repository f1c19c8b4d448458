/**
 * The streaming compiler's benchmark: a 100,000-statement program generated on
 * the fly (never held whole) runs through vm.runStream; reports throughput and
 * peak memory, next to the same program run from one string (vm.runMain).
 * Also the worst case of chunking: the same stream one character per chunk.
 *
 *   deno run -A bench/stream_bench.ts [statements]
 */

import { VM } from "../mod.ts";

const STATEMENTS = Number(Deno.args[0] ?? 100_000);

function statement(i: number): string {
  switch (i % 4) {
    case 0:
      return `x${i % 100} = ${i} * 2 + len("s${i}")\n`;
    case 1:
      return `def f${i % 100}(a):\n    return a + ${i}\n`;
    case 2:
      return `if x${
        (i - 2) % 100
      } % 3 == 0:\n    total = total + 1\nelse:\n    total = total - 1\n`;
    default:
      return `items.append(f${(i - 2) % 100}(${i}))\n`;
  }
}

const HEADER = "total = 0\nitems = []\n";
const FOOTER = "print(total, len(items))\n";

/** The program as a stream of `chunkChars`-character chunks, made as it is read. */
function programStream(chunkChars: number): ReadableStream<string> {
  let i = 0;
  let pending = HEADER;
  let done = false;
  return new ReadableStream<string>({
    pull(controller) {
      for (let k = 0; k < 64; k++) {
        while (pending.length < chunkChars && !done) {
          if (i < STATEMENTS) pending += statement(i++);
          else {
            pending += FOOTER;
            done = true;
          }
        }
        if (pending.length === 0) return controller.close();
        controller.enqueue(pending.slice(0, chunkChars));
        pending = pending.slice(chunkChars);
      }
    },
  }, { highWaterMark: 0 });
}

function peakSampler(): { stop: () => { rss: number; heap: number } } {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = Deno.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rss, heap };
    },
  };
}

const mb = (n: number) => (n / 1048576).toFixed(1) + " MB";

async function measure(name: string, run: (vm: VM) => Promise<unknown>, chars: number) {
  let out = "";
  const vm = new VM({ stdout: (t) => (out += t) });
  const sampler = peakSampler();
  const start = performance.now();
  await run(vm);
  const seconds = (performance.now() - start) / 1000;
  const peak = sampler.stop();
  console.log(
    `${name.padEnd(28)} ${seconds.toFixed(2)} s  ${
      Math.round(STATEMENTS / seconds).toLocaleString("en")
    } statements/s  ${(chars / 1048576 / seconds).toFixed(2)} MB/s  peak heap ${
      mb(peak.heap)
    }  peak rss ${mb(peak.rss)}  -> ${out.trim()}`,
  );
}

let whole = HEADER;
for (let i = 0; i < STATEMENTS; i++) whole += statement(i);
whole += FOOTER;
const chars = whole.length;
console.log(`${STATEMENTS.toLocaleString("en")} statements, ${mb(chars)} of source`);
await measure("runStream, 4096-char chunks", (vm) => vm.runStream(programStream(4096)), chars);
await measure("runStream, 1-char chunks", (vm) => vm.runStream(programStream(1)), chars);
await measure("runMain, one string", (vm) => vm.runMain(whole, "<stdin>"), chars);
