/**
 * A bounded load test of examples/edge/server.ts on loopback: WAVES waves of
 * 200 concurrent POST /run requests (a small snippet each, a fresh sandbox
 * each), then p50/p99 latency and requests per second. Every answer must be
 * right; the script starts and stops its own server.
 *
 *   deno run -A bench/edge_load.ts [waves]
 */

const root = new URL("..", import.meta.url).pathname;
const CONCURRENCY = 200;
const WAVES = Number(Deno.args[0] ?? "5");
const SNIPPET = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint(fib(15))";

const child = new Deno.Command(Deno.execPath(), {
  args: ["run", "--allow-net", "--allow-env", "examples/edge/server.ts"],
  cwd: root,
  env: { PORT: "0", HOST: "127.0.0.1" },
  stdout: "piped",
}).spawn();
const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
let banner = "";
while (!banner.includes("\n")) banner += (await reader.read()).value ?? "";
const base = banner.match(/http:\/\/127\.0\.0\.1:\d+/)![0];

async function one(): Promise<number> {
  const start = performance.now();
  const response = await fetch(base + "/run", { method: "POST", body: SNIPPET });
  const body = await response.json();
  if (body.stdout !== "610\n") throw new Error("wrong answer: " + JSON.stringify(body));
  return performance.now() - start;
}

const latencies: number[] = [];
const start = performance.now();
for (let wave = 0; wave < WAVES; wave++) {
  latencies.push(...await Promise.all(Array.from({ length: CONCURRENCY }, one)));
}
const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
console.log(
  `${latencies.length} requests (${WAVES} waves of ${CONCURRENCY} concurrent): ` +
    `p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, ` +
    `${(latencies.length / elapsed).toFixed(0)} requests/s, all answered`,
);
// Light requests while four others spin until the 1 s time limit: sandboxes give the event loop
// turns as they compute, so the light ones are answered meanwhile, not after the spinners.
const spinners = Array.from(
  { length: 4 },
  () =>
    fetch(base + "/run", { method: "POST", body: "while True:\n    pass" }).then((r) => r.json()),
);
await new Promise((resolve) => setTimeout(resolve, 50));
const light = (await Promise.all(Array.from({ length: 50 }, one))).sort((a, b) => a - b);
await Promise.all(spinners);
console.log(
  `50 light requests beside 4 spinning ones: p50 ${light[25].toFixed(1)} ms, max ${
    light[49].toFixed(1)
  } ms (the spinners run 1000 ms)`,
);
child.kill();
await child.status;
reader.releaseLock();
await child.stdout.cancel().catch(() => {});
