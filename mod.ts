/**
 * upy: a MicroPython-compatible Python engine for Deno and edge runtimes.
 *
 * Embedding: create a {@link VM}, run Python in it, pass values and functions
 * both ways; with `sandbox: true` it runs untrusted code under limits with no
 * access to the host unless granted.
 *
 * ```ts
 * import { VM } from "./mod.ts";
 * await using vm = new VM({ sandbox: true, stdout: (text) => console.log(text.trimEnd()) });
 * vm.registerModule("host", { double: (x: number) => x * 2 });
 * await vm.exec("import host\nprint(host.double(21))");
 * ```
 *
 * As a command: `deno run -A mod.ts file.py`, like `micropython file.py`.
 *
 * @module
 */

export * from "./lib/api.ts";
// `machine`'s hardware interface, all of hal/hal.ts (what an adapter author implements), and
// the simulated Raspberry Pi Pico.
export * from "./hal/hal.ts";
export type { I2cTarget, SpiTarget } from "./hal/mock/devices.ts";
export type { MockUart } from "./hal/mock/uart.ts";
export type { Trace, TraceEvent, TraceEventInput } from "./hal/mock/trace.ts";
export { MockPico, type MockPicoOptions } from "./hal/mock/pico.ts";
export { demoPico } from "./hal/mock/demo.ts";

if (import.meta.main) {
  // Awaited at the top level: while the program runs, the process stays up even when all it
  // waits for is an unref'd timer (the board's clock), which would otherwise let Deno exit.
  const { main } = await import("./lib/cli.ts");
  Deno.exit(await main(Deno.args));
}
