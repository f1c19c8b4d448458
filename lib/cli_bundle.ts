/**
 * The entry of the prebuilt command line (`deno task build` -> dist/upy_cli.js): the same
 * CLI as `deno run -A mod.ts`, in one file. Deno loads the ~115 modules of the source tree
 * one by one, which is most of a cold start; one bundled file starts in about half the time
 * (see bench/README.md).
 *
 *   deno run -A dist/upy_cli.js program.py [args]
 *
 * @module
 */

import { main } from "./cli.ts";

// Awaited at the top level, as in mod.ts: the process stays up while the program waits on the
// board's (unref'd) timers.
Deno.exit(await main(Deno.args));
