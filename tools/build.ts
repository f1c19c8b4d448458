/**
 * `deno task build`: bundles the embedding API (lib/bundle.ts: lib/api.ts, without the CLI)
 * into dist/upy.js with esbuild: one ESM file, minified, for Deno, Node 20,
 * browsers and worker-style edge runtimes; and the command line (lib/cli_bundle.ts) into
 * dist/upy_cli.js, which starts faster than mod.ts, with the manifest lib/start.ts checks it
 * against (lib/prebuilt.ts). Prints the raw and gzipped sizes.
 * The bundle must not evaluate strings as code; tests/bundle_test.ts checks.
 *
 * lib/start.ts also runs this in the background when the sources have changed, so each file
 * is written whole under a temporary name and then renamed: a start never sees half a bundle.
 */

import * as esbuild from "esbuild";
import { PREBUILT_CLI, REBUILD_LOCK, stampSources, writeManifest } from "../lib/prebuilt.ts";

// Decoded: a checkout under a folder with spaces in its name has %20 in the URL.
const root = decodeURIComponent(new URL("..", import.meta.url).pathname);

/** What gets built: the embedding API for any JS runtime, and the command line for Deno. */
const targets = [
  { entry: "lib/bundle.ts", outfile: "dist/upy.js" },
  { entry: "lib/cli_bundle.ts", outfile: PREBUILT_CLI },
];

const kib = (n: number) => (n / 1024).toFixed(1) + " KiB";
const sourcesBefore = await stampSources(root, ["lib", "hal"]);
try {
  for (const target of targets) {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [target.entry],
      outfile: target.outfile,
      bundle: true,
      format: "esm",
      minify: true,
      target: "es2022",
      platform: "neutral",
      legalComments: "none",
      metafile: true,
      write: false,
      logLevel: "warning",
    });
    const bytes = result.outputFiles[0].contents;
    const temporary = `${root}${target.outfile}.${Deno.pid}`;
    await Deno.mkdir(root + "dist", { recursive: true });
    await Deno.writeFile(temporary, bytes);
    await Deno.rename(temporary, root + target.outfile);
    const inputs = Object.keys(result.metafile.inputs);
    if (target.outfile === PREBUILT_CLI) await writeManifest(root, inputs, sourcesBefore);
    const gzipped = await new Response(
      new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
        new CompressionStream("gzip"),
      ),
    ).arrayBuffer();
    console.log(
      `${target.outfile}: ${kib(bytes.length)} raw, ${kib(gzipped.byteLength)} gzipped` +
        ` (${inputs.length} modules)`,
    );
  }
} finally {
  await esbuild.stop();
}

// Deno keeps a file's compiled code in a cache that it writes in the background, which a
// process exiting at once never does: one start that lasts a moment fills it for the new CLI
// (lib/start.ts imports the bundle under the same name, so it shares the entry).
await new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", root + "lib/start.ts", "-c", "import time\ntime.sleep(0.2)"],
  stdout: "null",
  stderr: "null",
}).output();
await Deno.remove(root + REBUILD_LOCK).catch(() => {});
