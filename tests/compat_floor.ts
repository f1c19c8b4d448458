/**
 * `deno task compat`: runs MicroPython's own test suite (../shared/compat, next to
 * the repository) against upy and fails when fewer tests pass than the floor in
 * tests/compat-floor.txt. Extra arguments go to the suite's runner.
 */

const repo = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const runner = `${repo}/../shared/compat/run.sh`;
const floor = Number(Deno.readTextFileSync(`${repo}/tests/compat-floor.txt`).trim());
const engine = `${Deno.execPath()} run -A ${repo}/mod.ts`;

const child = new Deno.Command("sh", {
  args: [runner, engine, "--out", `${repo}/compat-results`, ...Deno.args],
  stdout: "piped",
  stderr: "inherit",
  cwd: repo,
}).spawn();
let output = "";
const decoder = new TextDecoder();
for await (const chunk of child.stdout) {
  const text = decoder.decode(chunk);
  output += text;
  await Deno.stdout.write(chunk);
}
const status = await child.status;
const last = output.trim().split("\n").pop() ?? "";
const match = /^(\d+) passed, (\d+) failed/.exec(last);
if (!match) {
  console.error(`compat: could not read the result line (runner exit ${status.code})`);
  Deno.exit(1);
}
const passed = Number(match[1]);
if (Deno.args.length === 0 && passed < floor) {
  console.error(`compat: ${passed} passed, below the floor of ${floor}`);
  Deno.exit(1);
}
console.log(`compat: ${passed} passed (floor ${floor})`);
