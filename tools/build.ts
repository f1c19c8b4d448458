/**
 * `deno task build`: bundles the embedding API (lib/bundle.ts: lib/api.ts, without the CLI)
 * into dist/upy.js with esbuild: one ESM file, minified, for Deno, Node 20,
 * browsers and worker-style edge runtimes. Prints the raw and gzipped sizes.
 * The bundle must not evaluate strings as code; tests/bundle_test.ts checks.
 */

import * as esbuild from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const outfile = root + "dist/upy.js";

const result = await esbuild.build({
  entryPoints: [root + "lib/bundle.ts"],
  outfile,
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2022",
  platform: "neutral",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});
await esbuild.stop();

const bytes = await Deno.readFile(outfile);
const gzipped = await new Response(
  new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip")),
).arrayBuffer();
const kib = (n: number) => (n / 1024).toFixed(1) + " KiB";
console.log(
  `dist/upy.js: ${kib(bytes.length)} raw, ${kib(gzipped.byteLength)} gzipped` +
    ` (${Object.keys(result.metafile!.inputs).length} modules)`,
);
