/**
 * `deno task bench`: runs every bench/programs/*.py on upy and on MicroPython's
 * WebAssembly port (tests/oracle.ts), interleaved (upy, wasm, upy, wasm ...), and
 * prints per-program median wall times, the ratio upy/MP-wasm, the geometric mean
 * of the ratios, and the cold start of `print(1)` for both. Each program prints a
 * result; both engines must print the same text or the row is marked FAIL and
 * left out of the mean.
 *
 *   deno task bench [--rounds N] [--only NAME] [--json out.json]
 */

const repo = new URL("..", import.meta.url).pathname;
const args = Deno.args;
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const rounds = Number(flag("--rounds") ?? 3);
const only = flag("--only");
const jsonOut = flag("--json");

const engines = {
  upy: [Deno.execPath(), "run", "-A", `${repo}mod.ts`],
  "mp-wasm": [Deno.execPath(), "run", "-A", `${repo}tests/oracle.ts`],
};
type EngineName = keyof typeof engines;

async function timeRun(
  engine: EngineName,
  extra: string[],
): Promise<{ ms: number; out: string; ok: boolean }> {
  const [cmd, ...rest] = engines[engine];
  const start = performance.now();
  const result = await new Deno.Command(cmd, {
    args: [...rest, ...extra],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const ms = performance.now() - start;
  const out = new TextDecoder().decode(result.stdout) + new TextDecoder().decode(result.stderr);
  return { ms, out, ok: result.success };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const programs = [...Deno.readDirSync(`${repo}bench/programs`)]
  .map((e) => e.name)
  .filter((n) => n.endsWith(".py") && (!only || n.startsWith(only)))
  .sort();

const rows: { name: string; upy: number; wasm: number; ratio: number; check: string }[] = [];
console.log(`program              upy ms   MP-wasm ms   upy/MP-wasm  check`);
for (const name of programs) {
  const file = `${repo}bench/programs/${name}`;
  const times: Record<EngineName, number[]> = { upy: [], "mp-wasm": [] };
  const outputs: Record<EngineName, string> = { upy: "", "mp-wasm": "" };
  let failure = "";
  for (let r = 0; r < rounds; r++) {
    for (const engine of ["upy", "mp-wasm"] as EngineName[]) {
      const run = await timeRun(engine, [file]);
      times[engine].push(run.ms);
      outputs[engine] = run.out;
      if (!run.ok && engine === "upy") failure = run.out.trim().split("\n").pop() ?? "failed";
    }
  }
  const upy = median(times.upy);
  const wasm = median(times["mp-wasm"]);
  const same = outputs.upy === outputs["mp-wasm"];
  const check = failure ? `FAIL ${failure}` : same ? "OK" : "FAIL (output differs)";
  rows.push({ name, upy, wasm, ratio: upy / wasm, check });
  console.log(
    `${name.padEnd(18)} ${upy.toFixed(0).padStart(8)} ${wasm.toFixed(0).padStart(12)} ${
      (upy / wasm).toFixed(2).padStart(13)
    }  ${check}`,
  );
}
const good = rows.filter((r) => r.check === "OK");
const geomean = Math.exp(
  good.reduce((s, r) => s + Math.log(r.ratio), 0) / Math.max(1, good.length),
);
console.log(
  `geometric mean upy/MP-wasm: ${geomean.toFixed(2)} over ${good.length} programs` +
    (good.length < rows.length ? ` (${rows.length - good.length} failed, excluded)` : ""),
);

// Cold start of `print(1)`: `deno task start` (lib/start.ts: the prebuilt bundle while it is
// current), the CLI from source (mod.ts) and the bundle run directly (dist/upy_cli.js), an edge
// function importing the bundle, and MP-wasm, interleaved. Median and best of 15 each, process
// spawn included. The build first, so that the bundle is the sources as they are.
await new Deno.Command(Deno.execPath(), { args: ["run", "-A", `${repo}tools/build.ts`] }).output();
const starters: Record<string, string[]> = {
  "upy start": ["run", "-A", `${repo}lib/start.ts`, "-c", "print(1)"],
  "upy (mod.ts)": [...engines.upy.slice(1), "-c", "print(1)"],
  "upy prebuilt": ["run", "-A", `${repo}dist/upy_cli.js`, "-c", "print(1)"],
  "upy bundle": ["run", "-A", `${repo}bench/bundle_start.ts`, "-c", "print(1)"],
  "MP-wasm": [...engines["mp-wasm"].slice(1), "-c", "print(1)"],
};
// Deno writes its compiled-code cache in the background, so a process that exits at once (as
// print(1) does) may leave it unwritten: each starter first runs once for a while.
for (const startArgs of Object.values(starters)) {
  const warm = [...startArgs.slice(0, -1), "import time\ntime.sleep(0.3)"];
  await new Deno.Command(Deno.execPath(), { args: warm, stdout: "null", stderr: "null" }).output();
}
const startTimes: Record<string, number[]> = {};
for (let r = 0; r < 16; r++) {
  for (const [name, startArgs] of Object.entries(starters)) {
    const start = performance.now();
    const out = await new Deno.Command(Deno.execPath(), { args: startArgs, stdout: "piped" })
      .output();
    const ms = performance.now() - start;
    if (new TextDecoder().decode(out.stdout) !== "1\n") throw new Error(`${name} did not print 1`);
    if (r > 0) (startTimes[name] ??= []).push(ms); // the first round warms the OS's caches
  }
}
const cold = Object.fromEntries(
  Object.entries(startTimes).map(([name, times]) => [name, {
    median: median(times),
    best: Math.min(...times),
  }]),
);
for (const [name, t] of Object.entries(cold)) {
  console.log(
    `cold start print(1), ${name.padEnd(12)} median ${t.median.toFixed(0).padStart(3)} ms, best ${
      t.best.toFixed(0).padStart(3)
    } ms`,
  );
}
const coldRatio = cold["upy start"].median / cold["MP-wasm"].median;
console.log(
  `cold start upy/MP-wasm: ${coldRatio.toFixed(2)} deno task start, ${
    (cold["upy (mod.ts)"].median / cold["MP-wasm"].median).toFixed(2)
  } mod.ts from source (process spawn included)`,
);

if (jsonOut) {
  Deno.writeTextFileSync(
    jsonOut,
    JSON.stringify({ rows, geomean, cold, coldRatio }, null, 2),
  );
}
