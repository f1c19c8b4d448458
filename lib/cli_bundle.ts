/**
 * The entry of the prebuilt command line (`deno task build` -> dist/upy_cli.js): the same CLI
 * as `deno run -A mod.ts` in one file, which Deno loads in about half the time it takes for the
 * ~130 modules of the source tree (see bench/README.md). lib/start.ts (`deno task start`)
 * imports it while it is current; it also runs on its own:
 *
 *   deno run -A dist/upy_cli.js program.py [args]
 *
 * @module
 */

import { main } from "./cli.ts";

export { main };

if (import.meta.main) {
  // Awaited at the top level, as in mod.ts: the process stays up while the program waits on the
  // board's (unref'd) timers.
  Deno.exit(await main(Deno.args));
}
