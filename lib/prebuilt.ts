/**
 * The prebuilt command line, dist/upy_cli.js, and how to tell whether it is still the sources:
 * `deno task build` writes beside it a manifest of every file esbuild put in it (path, size,
 * modification time) and the bundle's own size; the bundle is current when all of them still
 * match. lib/start.ts checks this before every start, so it must stay cheap: one stat a file.
 */

/** Where the bundle and its manifest live, relative to the repository. */
export const PREBUILT_CLI = "dist/upy_cli.js";
export const PREBUILT_MANIFEST = "dist/upy_cli.manifest.json";
/** Held while a background rebuild runs, so that concurrent starts do not each begin one. */
export const REBUILD_LOCK = "dist/.rebuilding";

/** One input as it was when the bundle was made: [path from the repository root, size, mtime]. */
type InputStamp = [path: string, size: number, mtimeMs: number];

interface Manifest {
  bundleSize: number;
  inputs: InputStamp[];
}

async function stampOf(root: string, path: string): Promise<InputStamp> {
  const info = await Deno.stat(root + path);
  return [path, info.size, info.mtime?.getTime() ?? 0];
}

/**
 * The stamps of every file under `dirs`, taken before a build reads them: a file edited while
 * esbuild runs then no longer matches its stamp, and the bundle counts as stale, as it is.
 */
export async function stampSources(root: string, dirs: string[]): Promise<Map<string, InputStamp>> {
  const stamps = new Map<string, InputStamp>();
  const visit = async (dir: string): Promise<void> => {
    for await (const entry of Deno.readDir(root + dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await visit(path);
      else if (entry.isFile) stamps.set(path, await stampOf(root, path));
    }
  };
  for (const dir of dirs) await visit(dir);
  return stamps;
}

/** The manifest for a bundle just written from `inputs` (paths relative to `root`), with the
 * stamps taken before the build where there are some. */
export async function writeManifest(
  root: string,
  inputs: string[],
  before: Map<string, InputStamp> = new Map(),
): Promise<void> {
  const manifest: Manifest = {
    bundleSize: (await Deno.stat(root + PREBUILT_CLI)).size,
    inputs: await Promise.all(inputs.map((path) => before.get(path) ?? stampOf(root, path))),
  };
  const temporary = `${root}${PREBUILT_MANIFEST}.${Deno.pid}`;
  await Deno.writeTextFile(temporary, JSON.stringify(manifest));
  await Deno.rename(temporary, root + PREBUILT_MANIFEST);
}

/**
 * Whether dist/upy_cli.js was built from the files as they are now. Anything missing,
 * unreadable or malformed means no: the caller then runs from source, which is always right.
 * Synchronous on purpose: 200 stat calls one after another take ~2 ms, as promises twice that.
 */
export function prebuiltIsCurrent(root: string): boolean {
  try {
    const manifest = JSON.parse(Deno.readTextFileSync(root + PREBUILT_MANIFEST)) as Manifest;
    if (!Array.isArray(manifest.inputs) || manifest.inputs.length === 0) return false;
    if (Deno.statSync(root + PREBUILT_CLI).size !== manifest.bundleSize) return false;
    return manifest.inputs.every(([path, size, mtimeMs]) => {
      const now = Deno.statSync(root + path);
      return now.size === size && (now.mtime?.getTime() ?? 0) === mtimeMs;
    });
  } catch {
    return false;
  }
}
