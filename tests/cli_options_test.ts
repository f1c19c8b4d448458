/**
 * The command line as MicroPython's unix port reads it (docs/unix/quickref and its main.c):
 * -h, -c (several, in order), -m, -O<level>, -X compile-only / heapsize / emit, -i, an unknown
 * option, and stdin that is not a terminal run as one program. The reference interpreter (the
 * WebAssembly port) has no command line, so the expectations here are written from those
 * sources.
 */

import assert from "node:assert/strict";

const MOD = new URL("../mod.ts", import.meta.url).pathname;

async function upy(args: string[], options: { stdin?: string; cwd?: string } = {}) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MOD, ...args],
    cwd: options.cwd,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(options.stdin ?? ""));
  await writer.close();
  const out = await child.output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("cli: -h prints the usage; an unknown option or -X is refused as MicroPython does", async () => {
  const help = await upy(["-h"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: .*-c <command> \| -m <module>/);
  assert.match(help.stdout, /heapsize=<n>\[w\]\[K\|M\]/);
  for (const args of [["-q"], ["-X", "nope"], ["-X", "heapsize=12"], ["-c"]]) {
    const bad = await upy(args);
    assert.equal(bad.code, 1, args.join(" "));
    assert.equal(bad.stderr, "Invalid command line arguments. Use -h option for help.\n");
  }
});

Deno.test("cli: several -c run in order in one VM, a failure does not stop the next; SystemExit does", async () => {
  const run = await upy(["-c", "import sys\nx = 1\nprint(sys.argv)\n1/0", "-c", "print(x + 1)"]);
  assert.equal(run.stdout, "[]\n2\n");
  assert.match(run.stderr, /ZeroDivisionError: divide by zero\n$/);
  assert.equal(run.code, 0);
  const exit = await upy(["-c", "raise SystemExit(4)", "-c", "print('never')"]);
  assert.deepEqual([exit.code, exit.stdout], [4, ""]);
});

Deno.test("cli: -m runs a module or a package's __main__ from sys.path, with its argv", async () => {
  const dir = await Deno.makeTempDir({ prefix: "upy-cli-m-" });
  try {
    await Deno.writeTextFile(`${dir}/tool.py`, "import sys\nprint(__name__, sys.argv)\n");
    await Deno.mkdir(`${dir}/app`);
    await Deno.writeTextFile(`${dir}/app/__init__.py`, "");
    await Deno.writeTextFile(`${dir}/app/__main__.py`, "print('app main')\n");
    const tool = await upy(["-m", "tool", "x", "-y"], { cwd: dir });
    assert.equal(tool.stdout, "__main__ ['tool', 'x', '-y']\n");
    assert.equal((await upy(["-m", "app"], { cwd: dir })).stdout, "app main\n");
    const missing = await upy(["-m", "nosuch"], { cwd: dir });
    assert.deepEqual([missing.code, missing.stderr], [
      1,
      "ImportError: no module named 'nosuch'\n",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: -O drops asserts and sets opt_level; -X heapsize is what gc counts from", async () => {
  const code = "import micropython\nassert False\nprint(micropython.opt_level(), __debug__)";
  assert.equal((await upy(["-O", "-c", code])).stdout, "1 False\n");
  assert.equal((await upy(["-OO", "-c", code])).stdout, "2 False\n");
  assert.equal((await upy(["-O3", "-c", code])).stdout, "3 False\n");
  assert.match((await upy(["-c", code])).stderr, /AssertionError/);
  const heap = await upy([
    "-X",
    "heapsize=64K",
    "-c",
    "import gc\nprint(gc.mem_free() + gc.mem_alloc())",
  ]);
  assert.equal(heap.stdout, "65536\n");
});

Deno.test("cli: -X compile-only compiles and stops; a syntax error still fails", async () => {
  const ok = await upy(["-X", "compile-only", "-c", "print('not run')"]);
  assert.deepEqual([ok.code, ok.stdout], [0, ""]);
  const bad = await upy(["-X", "compile-only", "-c", "print(1"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /SyntaxError/);
});

Deno.test("cli: stdin that is not a terminal runs as one program; -i runs it after the command", async () => {
  const program = "x = 1\nif x:\n    print('yes')\nprint('done')\n";
  assert.deepEqual(await upy([], { stdin: program }), {
    code: 0,
    stdout: "yes\ndone\n",
    stderr: "",
  });
  const failing = await upy([], { stdin: "print(1)\n1/0\nprint(2)\n" });
  assert.equal(failing.code, 1);
  assert.equal(failing.stdout, "1\n");
  assert.match(failing.stderr, /line 2, in <module>\nZeroDivisionError/);
  const inspect = await upy(["-i", "-c", "x = 42"], { stdin: "print(x)\n" });
  assert.equal(inspect.stdout, "42\n");
});

Deno.test("cli: a program waiting only on the board's clock (an IRQ on the mock's button) runs to the end", async () => {
  const program = [
    "import asyncio",
    "from machine import Pin",
    "flag = asyncio.ThreadSafeFlag()",
    "button = Pin(14, Pin.IN, Pin.PULL_UP)  # the demo board presses it after 0.5 s",
    "button.irq(lambda p: flag.set(), Pin.IRQ_FALLING)",
    "async def main():",
    "    await flag.wait()",
    "    print('pressed')",
    "asyncio.run(main())",
    "print('end')",
  ].join("\n");
  const run = await upy(["-c", program]);
  assert.deepEqual([run.code, run.stdout, run.stderr], [0, "pressed\nend\n", ""]);
});
