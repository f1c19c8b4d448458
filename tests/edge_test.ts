/**
 * The abuse suite against examples/edge/server.ts, run as its own process on
 * loopback: each hostile snippet gets a clear error (mostly an uncatchable
 * limit), the server keeps answering ordinary snippets between them, and its
 * heap after a GC is back near where it started.
 */

import { equal, ok } from "node:assert/strict";

const root = new URL("..", import.meta.url).pathname;

interface Answer {
  stdout: string;
  stderr: string;
  error: null | { type: string; message: string; traceback: string; limit?: string };
  usage: { timeMs: number; memoryBytes: number; outputChars: number; instructions: number };
}

async function startServer(): Promise<{ base: string; stop: () => Promise<void> }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--v8-flags=--expose-gc",
      "examples/edge/server.ts",
    ],
    cwd: root,
    env: { PORT: "0", HOST: "127.0.0.1" },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("server exited before listening");
    text += value;
  }
  const base = text.match(/http:\/\/127\.0\.0\.1:\d+/)![0];
  return {
    base,
    stop: async () => {
      child.kill();
      await child.status;
      reader.releaseLock();
      await child.stdout.cancel().catch(() => {});
    },
  };
}

async function run(base: string, source: string): Promise<Answer> {
  const response = await fetch(base + "/run", { method: "POST", body: source });
  equal(response.status, 200);
  return await response.json();
}

async function heapUsed(base: string): Promise<number> {
  const response = await fetch(base + "/health");
  return (await response.json()).heapUsed;
}

const ABUSE: [string, string, (a: Answer) => boolean][] = [
  [
    "endless loop",
    "while True: pass",
    (a) => a.error?.limit === "instructions" || a.error?.limit === "time",
  ],
  ["a gigabyte string", "x = 'a' * 10**9", (a) => a.error?.limit === "memory"],
  ["ten billion list items", "[0] * 10**10", (a) => a.error?.type === "MemoryError"],
  [
    "unbounded recursion",
    "def f():\n    return f()\nf()",
    (a) => a.error?.message === "maximum recursion depth exceeded",
  ],
  [
    "a 100 MB print loop",
    "for i in range(10**6):\n    print('x' * 100)",
    (a) => a.error?.limit === "output" && a.stdout.length <= 1024 * 1024,
  ],
  ["reading a host file", "open('/etc/passwd')", (a) => a.error?.type === "OSError"],
  // No host file system: an error, or (with an in-memory one) a root without the host's files.
  [
    "listing the host's root",
    "import os; print(os.listdir('/'))",
    (a) => a.error?.type === "OSError" || (a.error === null && !a.stdout.includes("etc")),
  ],
  ["the js module", "import js", (a) => a.error?.type === "ImportError"],
  [
    "catching BaseException to dodge the limit",
    "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass",
    (a) => a.error?.limit !== undefined,
  ],
  [
    "memory growth by appending",
    "x = []\nwhile True:\n    x.append('y' * 1000)",
    (a) => a.error?.limit === "memory",
  ],
  [
    "a dict that grows forever",
    "d = {}\ni = 0\nwhile True:\n    d[i] = i\n    i += 1",
    (a) => a.error?.limit !== undefined,
  ],
  [
    "doubling a string",
    "s = 'ab'\nwhile True:\n    s += s",
    (a) => a.error?.type === "MemoryError",
  ],
  [
    "a blocking sleep where Python cannot suspend",
    "import time\ndef g():\n    yield time.sleep(100)\nnext(g())",
    (a) => a.error?.limit === "time",
  ],
  ["a power too big to compute in time", "x = 7 ** (10 ** 8)", (a) => a.error?.limit === "memory"],
  [
    "replace blowing a long string up",
    "x = 'ab' * 10**7\ny = x.replace('a', 'aaaa')",
    (a) => a.error?.limit === "memory",
  ],
  ["a set that grows forever", "s = set(range(10**9))", (a) => a.error?.limit !== undefined],
];

Deno.test("the edge server answers abuse with clear errors and keeps serving", async () => {
  const server = await startServer();
  try {
    const ordinary = await run(server.base, "print(sum(range(10)))");
    equal(ordinary.stdout, "45\n");
    equal(ordinary.error, null);
    const before = await heapUsed(server.base);
    for (const [what, source, expected] of ABUSE) {
      const answer = await run(server.base, source);
      ok(expected(answer), `${what}: ${JSON.stringify(answer.error)}`);
      if (answer.error !== null) ok(answer.error.message.length > 0, what);
      const after = await run(server.base, "print('still here')");
      equal(after.stdout, "still here\n", `after ${what}`);
    }
    const after = await heapUsed(server.base);
    ok(after < before + 64 * 1024 * 1024, `heap grew from ${before} to ${after}`);
  } finally {
    await server.stop();
  }
});

Deno.test("the edge server rejects bad requests", async () => {
  const server = await startServer();
  try {
    equal((await fetch(server.base + "/run")).status, 405);
    const big = await fetch(server.base + "/run", { method: "POST", body: "#".repeat(70_000) });
    equal(big.status, 413);
    await big.body?.cancel();
    const json = await fetch(server.base + "/run", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ source: "print(input() * 2)", stdin: "ab\n" }),
    });
    equal((await json.json()).stdout, "abab\n");
    const syntax = await run(server.base, "def (:");
    equal(syntax.error?.type, "SyntaxError");
    const notFound = await fetch(server.base + "/nope");
    equal(notFound.status, 404);
    await notFound.body?.cancel();
  } finally {
    await server.stop();
  }
});
