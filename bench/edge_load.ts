/**
 * A bounded load test of examples/edge/server.ts on loopback: WAVES waves of
 * 200 concurrent POST /run requests (a small snippet each, a fresh sandbox
 * each), then p50/p99 latency and requests per second. Every answer must be
 * right; the script starts and stops its own server.
 *
 *   deno run -A bench/edge_load.ts [waves]
 *
 * Then 50 light requests beside four that compute until a limit, once spinning in a loop and
 * once recursing. On the shared 2-core machine, before and after lib/vm/host_turn.ts (calls
 * polling for turns): beside spinners p50 224 ms -> 205 ms; beside recursing ones 3994 ms
 * (they gave no turns: the light ones waited for the limits) -> 229 ms. The waves row stays
 * within this machine's noise (120-160 ms p50 either way).
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
// Light requests while four others compute until the 1 s time limit: sandboxes give the event
// loop turns as they compute, so the light ones are answered meanwhile, not after the spinners.
// A loop gives its turns at backward jumps, recursion at calls (before lib/vm/host_turn.ts, code
// that only called gave none: the light requests then waited for the limit).
const SPINNERS: [string, string][] = [
  ["spinning", "while True:\n    pass"],
  ["recursing", "def f(n):\n    return f(n - 1) + f(n - 1) if n else 0\nf(60)"],
];
for (const [kind, source] of SPINNERS) {
  const spinners = Array.from(
    { length: 4 },
    () => fetch(base + "/run", { method: "POST", body: source }).then((r) => r.json()),
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  const light = (await Promise.all(Array.from({ length: 50 }, one))).sort((a, b) => a - b);
  for (const answer of await Promise.all(spinners)) {
    const limit = answer.error?.limit;
    if (limit !== "time" && limit !== "instructions") {
      throw new Error("a spinner was not stopped by a limit: " + JSON.stringify(answer));
    }
  }
  console.log(
    `50 light requests beside 4 ${kind} ones: p50 ${light[25].toFixed(1)} ms, max ${
      light[49].toFixed(1)
    } ms (the ${kind} ones run until a limit)`,
  );
}
child.kill();
await child.status;
reader.releaseLock();
await child.stdout.cancel().catch(() => {});
