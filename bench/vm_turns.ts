/**
 * What VMOptions.turnEveryMs costs and gives: VMs that compute side by side, and the host's
 * own work (a timer) beside a VM that computes. Each line prints a checked result.
 *
 *   deno run -A bench/vm_turns.ts [path/to/mod.ts]
 *
 * - "side by side": N VMs each run the same loop at once with 1 ms turns; the wall time is
 *   compared with one VM running it alone N times (ideal ratio 1.0: turns cost nothing).
 * - "recursion": a VM computing fib() only calls, never loops; it must still give turns.
 * - "timer": a host setTimeout(…, 10) beside a VM that spins: how late it fires.
 *
 * Figures on the 2-core CI machine (noisy: other jobs share it):
 *   before (turns by setTimeout(0), calls not polling for turns):
 *     2 VMs ratio 8.24, 4 VMs ratio 6.34; fib(24): the 1 ms interval ran 0 times
 *   after (lib/vm/host_turn.ts: immediate turns, a timer turn every 25 ms; calls poll):
 *     2 VMs ratio 1.06-1.14, 4 VMs 1.07-1.27; fib(24): the interval ran 9-15 times
 *   the timer rows are the same before and after (10-12 ms with 1 ms turns, ~50 with 50).
 * bench/edge_load.ts's spinner row (light requests beside four spinning sandboxes, 50 ms
 * turns) stays where it was: p50 220-360 ms before and after (540-780 with only immediate
 * turns, which is why a timer turn still comes every 25 ms).
 */

const modPath = Deno.args[0] ?? new URL("../mod.ts", import.meta.url).href;
const { VM } = await import(
  modPath.startsWith("file:") || modPath.startsWith("http") ? modPath : "file://" + modPath
);

const LOOP = "total = 0\nfor i in range(600000):\n    total += i\n";
const LOOP_TOTAL = 179999700000;
const FIB = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nresult = fib(24)\n";

async function runLoop(turnEveryMs: number): Promise<void> {
  const vm = new VM({ turnEveryMs });
  await vm.exec(LOOP);
  if (await vm.eval("total") !== LOOP_TOTAL) throw new Error("wrong total");
}

async function sideBySide(count: number): Promise<void> {
  await runLoop(1); // warm up the compiler and the dispatch loop
  let start = performance.now();
  for (let i = 0; i < count; i++) await runLoop(0);
  const alone = performance.now() - start;
  start = performance.now();
  await Promise.all(Array.from({ length: count }, () => runLoop(1)));
  const together = performance.now() - start;
  console.log(
    `side by side: ${count} VMs with 1 ms turns in ${together.toFixed(0)} ms, one after ` +
      `another without turns ${alone.toFixed(0)} ms (ratio ${(together / alone).toFixed(2)})`,
  );
}

async function recursionTurns(): Promise<void> {
  let ticks = 0;
  const interval = setInterval(() => ticks++, 1);
  const vm = new VM({ turnEveryMs: 5 });
  const start = performance.now();
  await vm.exec(FIB);
  const elapsed = performance.now() - start;
  clearInterval(interval);
  if (await vm.eval("result") !== 46368) throw new Error("wrong fib");
  console.log(
    `recursion: fib(24) in ${elapsed.toFixed(0)} ms with 5 ms turns; a 1 ms host interval ` +
      `ran ${ticks} times meanwhile`,
  );
}

async function timerLateness(turnEveryMs: number): Promise<void> {
  const vm = new VM({ turnEveryMs });
  const armed = performance.now();
  let firedAt = NaN;
  setTimeout(() => (firedAt = performance.now()), 10);
  await vm.exec("while True:\n    pass\n", { limits: { timeoutMs: 200 } }).catch(() => {});
  if (Number.isNaN(firedAt)) await new Promise((resolve) => setTimeout(resolve, 20));
  console.log(
    `timer: setTimeout(10) beside a spinning VM with ${turnEveryMs} ms turns fired at ` +
      `${(firedAt - armed).toFixed(1)} ms (the VM spins 200 ms)`,
  );
}

await sideBySide(2);
await sideBySide(4);
await recursionTurns();
await timerLateness(1);
await timerLateness(50);
