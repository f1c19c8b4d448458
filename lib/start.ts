/**
 * `deno task start [options] [file.py] [args]`: the command line of lib/cli.ts, started the
 * fastest way that is still the sources as they are. Deno loads the source tree as ~130
 * TypeScript modules, each with an inline source map, which is most of mod.ts's cold start; the
 * bundle `deno task build` makes (dist/upy_cli.js) loads as one file in about half the time. So
 * this runs the bundle when its manifest says it was built from the files as they are now
 * (lib/prebuilt.ts), and otherwise runs from source and has the bundle rebuilt in the
 * background for the next start, the way Python refreshes __pycache__. `UPY_FROM_SOURCE=1`
 * always runs from source.
 *
 * Both entries are imported through computed specifiers: a literal one would make Deno read and
 * analyse the whole source tree at every start, bundle or not.
 *
 * @module
 */

import { PREBUILT_CLI, prebuiltIsCurrent, REBUILD_LOCK } from "./prebuilt.ts";

// Decoded: a checkout under a folder with spaces in its name has %20 in the URL.
const root = decodeURIComponent(new URL("..", import.meta.url).pathname);
/** A lock older than this is a rebuild that died (no network for esbuild, killed): retry. */
const STALE_LOCK_MS = 5 * 60_000;

/** Starts `deno task build` in the background, unless one is already running. */
function rebuildInBackground(): void {
  const lock = root + REBUILD_LOCK;
  try {
    const held = Deno.statSync(lock);
    if (Date.now() - (held.mtime?.getTime() ?? 0) < STALE_LOCK_MS) return;
    Deno.removeSync(lock);
  } catch {
    // No lock: nobody is rebuilding.
  }
  try {
    Deno.mkdirSync(root + "dist", { recursive: true });
    Deno.writeTextFileSync(lock, String(Deno.pid), { createNew: true });
    const build = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", root + "tools/build.ts"],
      cwd: root,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    build.unref();
  } catch {
    // A read-only checkout, or another start took the lock first: run from source as always.
  }
}

const fromSource = (Deno.env.get("UPY_FROM_SOURCE") ?? "") !== "";
const usePrebuilt = !fromSource && prebuiltIsCurrent(root);
if (!usePrebuilt && !fromSource) rebuildInBackground();
const entry = usePrebuilt
  ? new URL(PREBUILT_CLI, "file://" + root)
  : new URL("./cli.ts", import.meta.url);
const { main } = await import(entry.href) as { main(args: string[]): Promise<number> };
// Awaited at the top level, as in mod.ts: the process stays up while the program waits on the
// board's (unref'd) timers.
Deno.exit(await main(Deno.args));
