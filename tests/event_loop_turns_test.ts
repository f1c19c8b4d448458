/**
 * VMOptions.turnEveryMs: Python that computes gives the event loop turns, so the host's
 * other work (here a timer, and a second VM) goes on meanwhile, as an edge server needs for
 * its other requests. Without it (the default outside a sandbox), a loop holds the event
 * loop until it ends. The assertions are about order, not speed.
 */

import assert from "node:assert/strict";
import { VM } from "../mod.ts";

const SPIN = "while True:\n    pass\n";

async function timerFiresDuring(vm: VM): Promise<boolean> {
  let timerFired = false;
  let firedWhileRunning = false;
  let running = true;
  const timer = setTimeout(() => {
    timerFired = true;
    firedWhileRunning = running;
  }, 5);
  await vm.exec(SPIN, { limits: { timeoutMs: 300 } }).catch(() => {});
  running = false;
  await new Promise((resolve) => setTimeout(resolve, 10));
  clearTimeout(timer);
  assert.ok(timerFired);
  return firedWhileRunning;
}

Deno.test("a sandboxed VM's loop lets a timer of the host run while it computes", async () => {
  assert.equal(await timerFiresDuring(new VM({ sandbox: true })), true);
  assert.equal(await timerFiresDuring(new VM({ turnEveryMs: 5 })), true);
});

Deno.test("without turns, the loop holds the event loop until its time limit", async () => {
  assert.equal(await timerFiresDuring(new VM()), false);
  assert.equal(await timerFiresDuring(new VM({ sandbox: true, turnEveryMs: 0 })), false);
});

Deno.test("two sandboxed VMs computing at once both make progress", async () => {
  // A spins until its time limit; B, started while A computes, must finish before A ends.
  const spinner = new VM({ sandbox: true });
  const worker = new VM({ sandbox: true });
  let spinnerEnded = false;
  let workerFinishedFirst = false;
  const spinning = spinner.exec(SPIN, { limits: { timeoutMs: 400 } }).catch(() => {})
    .then(() => void (spinnerEnded = true));
  await new Promise((resolve) => setTimeout(resolve, 20)); // the spinner is computing now
  await worker.exec("total = 0\nfor i in range(20000):\n    total += i\n");
  workerFinishedFirst = !spinnerEnded;
  await spinning;
  assert.equal(await worker.eval("total"), 199990000);
  assert.ok(workerFinishedFirst);
});
