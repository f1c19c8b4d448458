/**
 * VMOptions.turnEveryMs: Python that computes gives the event loop turns, so the host's
 * other work (here a timer, and a second VM) goes on meanwhile, as an edge server needs for
 * its other requests. Without it (the default outside a sandbox), a loop holds the event
 * loop until it ends. The assertions are about order, not speed: each program waits for
 * something only the host (or the other VM) can do, so it ends only if turns really came.
 *
 * (An earlier version counted interleaved ticks of two sandboxed runs and sometimes saw no
 * turn at all: runs shorter than the sandbox's 50 ms get none by design, and a poll that
 * fell on a call consumed the due turn without giving it; with a call and a backward jump
 * per iteration and an even poll interval, every poll fell on the call. Calls now park
 * like jumps do: see "two VMs with 1 ms turns" and "code that only calls" below.)
 */

import assert from "node:assert/strict";
import { VM } from "../mod.ts";
import { pickImmediate } from "../lib/vm/host_turn.ts";

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

Deno.test("two VMs with 1 ms turns take turns: each waits for a mark only the other sets", async () => {
  const marks = new Set<number>();
  const host = {
    mark: (i: number) => void marks.add(i),
    seen: (i: number) => marks.has(i),
  };
  const program = (me: number, other: number) =>
    `import host\nhost.mark(${me})\nn = 0\nwhile not host.seen(${other}):\n    n += 1\n`;
  const a = new VM({ turnEveryMs: 1, modules: { host } });
  const b = new VM({ turnEveryMs: 1, modules: { host } });
  const limits = { timeoutMs: 10_000 }; // a safety net: without turns A would spin until it
  await Promise.all([a.exec(program(0, 1), { limits }), b.exec(program(1, 0), { limits })]);
  assert.deepEqual([...marks].sort(), [0, 1]);
});

Deno.test("code that only calls (recursion, no loop) gives the host turns too", async () => {
  // No backward jump anywhere: the turns come at calls. The host's timer ends the search.
  let done = false;
  const timer = setTimeout(() => (done = true), 1);
  const vm = new VM({ turnEveryMs: 1, globals: { done: () => done } });
  await vm.exec(
    "def search(n):\n    return done() if n == 0 else search(n - 1) or search(n - 1)\n" +
      "found = search(40)\n",
    { limits: { timeoutMs: 10_000 } },
  );
  clearTimeout(timer);
  assert.equal(await vm.eval("found"), true);
});

Deno.test("a request to a server in the same process is answered while a VM spins", async () => {
  let answered = false;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, () => {
    return new Response("pong");
  });
  const vm = new VM({ turnEveryMs: 1, globals: { answered: () => answered } });
  const spinning = vm.exec("while not answered():\n    pass\n", { limits: { timeoutMs: 10_000 } });
  const response = await fetch(`http://127.0.0.1:${server.addr.port}/`);
  assert.equal(await response.text(), "pong");
  answered = true;
  await spinning;
  await server.shutdown();
});

Deno.test("immediate turns where the runtime has no setImmediate: MessageChannel, setTimeout", async () => {
  for (const host of [{ MessageChannel, setTimeout }, { setTimeout }]) {
    const order: string[] = [];
    let release = () => {};
    const schedule = pickImmediate(host, () => release());
    for (let turn = 0; turn < 3; turn++) {
      await new Promise<void>((resolve) => {
        release = () => {
          order.push("turn");
          resolve();
        };
        schedule();
      });
    }
    assert.deepEqual(order, ["turn", "turn", "turn"]);
  }
});

Deno.test("an asyncio program whose tasks compute gives the host turns between steps", async () => {
  // The tasks' steps run nested (they cannot suspend): the turns come from asyncio's loop.
  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => void (timer = setTimeout(() => (done = true), 1));
  const vm = new VM({ turnEveryMs: 1, globals: { arm, done: () => done } });
  await vm.exec(
    "import asyncio\nasync def busy():\n    arm()\n    while not done():\n" +
      "        await asyncio.sleep_ms(0)\n        for j in range(100):\n            pass\n" +
      "asyncio.run(busy())\n",
    { limits: { timeoutMs: 10_000 } },
  );
  clearTimeout(timer);
  assert.equal(done, true);
});

Deno.test("VMs taking turns each run their own scheduled callbacks, which may await JS", async () => {
  // Each callback awaits a JS Promise that settles on a later timer, while the other VMs
  // compute; every VM must see exactly its own callbacks, in order, one at a time.
  const later = (value: number) => new Promise((resolve) => setTimeout(() => resolve(value), 1));
  const program = (id: number) => `
import micropython, host
log = []
def cb(n):
    log.append("start %d" % n)
    log.append(host.later(${id} * 10 + n))
    log.append("end %d" % n)
for n in range(3):
    micropython.schedule(cb, n)
i = 0
while len(log) < 9:
    i += 1
`;
  const vms = [0, 1, 2, 3].map(() => new VM({ turnEveryMs: 1, modules: { host: { later } } }));
  const limits = { timeoutMs: 10_000 };
  await Promise.all(vms.map((vm, id) => vm.exec(program(id), { limits })));
  for (const [id, vm] of vms.entries()) {
    const expected = [0, 1, 2].flatMap((n) => [`start ${n}`, id * 10 + n, `end ${n}`]);
    assert.deepEqual(await vm.eval("log"), expected);
  }
});
