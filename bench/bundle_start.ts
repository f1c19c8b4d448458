/**
 * An edge function's cold start: a fresh process that imports the self-contained
 * bundle (dist/upy.js, `deno task build`), makes a VM and runs `-c CODE`. bench/run.ts
 * times it beside the CLI's and MP-wasm's start.
 *
 *   deno run -A bench/bundle_start.ts -c "print(1)"
 */

// @ts-types="../lib/api.ts"
import { VM } from "../dist/upy.js";

const encoder = new TextEncoder();
const vm = new VM({ stdout: (text: string) => Deno.stdout.writeSync(encoder.encode(text)) });
await vm.exec(Deno.args[0] === "-c" ? Deno.args[1] ?? "" : Deno.readTextFileSync(Deno.args[0]));
