/**
 * `deno task build`: bundles the embedding API (lib/bundle.ts: lib/api.ts, without the CLI)
 * into dist/upy.js with esbuild: one ESM file, minified, for Deno, Node 20,
 * browsers and worker-style edge runtimes; and the command line (lib/cli_bundle.ts) into
 * dist/upy_cli.js, which starts faster than mod.ts. Prints the raw and gzipped sizes.
 * The bundle must not evaluate strings as code; tests/bundle_test.ts checks.
 */

import * as esbuild from "esbuild";

const root = new URL("..", import.meta.url).pathname;

/** What gets built: the embedding API for any JS runtime, and the command line for Deno. */
const targets = [
  { entry: "lib/bundle.ts", outfile: "dist/upy.js" },
  { entry: "lib/cli_bundle.ts", outfile: "dist/upy_cli.js" },
];

const kib = (n: number) => (n / 1024).toFixed(1) + " KiB";
for (const target of targets) {
  const result = await esbuild.build({
    entryPoints: [root + target.entry],
    outfile: root + target.outfile,
    bundle: true,
    format: "esm",
    minify: true,
    target: "es2022",
    platform: "neutral",
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  const bytes = await Deno.readFile(root + target.outfile);
  const gzipped = await new Response(
    new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip")),
  ).arrayBuffer();
  console.log(
    `${target.outfile}: ${kib(bytes.length)} raw, ${kib(gzipped.byteLength)} gzipped` +
      ` (${Object.keys(result.metafile!.inputs).length} modules)`,
  );
}
await esbuild.stop();

// Deno keeps a file's compiled code in a cache that it writes in the background, which a
// process exiting at once never does: one run that lasts a moment fills it for the new CLI.
await new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", root + "dist/upy_cli.js", "-c", "import time\ntime.sleep(0.2)"],
  stdout: "null",
  stderr: "null",
}).output();
