/**
 * `deno task start` (lib/start.ts): runs the prebuilt bundle while its manifest matches the
 * sources, runs from source when they have changed and rebuilds the bundle in the background.
 * The end-to-end test works on a copy of the repository, so that it can edit sources and the
 * bundle without touching this checkout.
 */

import { equal, ok } from "node:assert/strict";
import { prebuiltIsCurrent, REBUILD_LOCK, stampSources, writeManifest } from "../lib/prebuilt.ts";

const repo = new URL("..", import.meta.url).pathname;
const decoder = new TextDecoder();

async function start(root: string, code: string, env: Record<string, string> = {}) {
  const { code: status, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", root + "lib/start.ts", "-c", code],
    cwd: root,
    env,
  }).output();
  return { status, out: decoder.decode(stdout) + decoder.decode(stderr) };
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

Deno.test("the manifest says current only while every input and the bundle are as built", async () => {
  const root = (await Deno.makeTempDir({ prefix: "upy-prebuilt-" })) + "/";
  try {
    await Deno.mkdir(root + "dist");
    await Deno.mkdir(root + "lib");
    await Deno.writeTextFile(root + "lib/a.ts", "export const a = 1;\n");
    await Deno.writeTextFile(root + "lib/b.ts", "export const b = 2;\n");
    equal(prebuiltIsCurrent(root), false, "no bundle, no manifest");
    await Deno.writeTextFile(root + "dist/upy_cli.js", "bundle");
    equal(prebuiltIsCurrent(root), false, "no manifest");
    await writeManifest(root, ["lib/a.ts", "lib/b.ts"]);
    equal(prebuiltIsCurrent(root), true);

    await Deno.writeTextFile(root + "lib/b.ts", "export const b = 22;\n");
    equal(prebuiltIsCurrent(root), false, "an input edited");
    await writeManifest(root, ["lib/a.ts", "lib/b.ts"]);
    await Deno.writeTextFile(root + "dist/upy_cli.js", "bundle, another");
    equal(prebuiltIsCurrent(root), false, "the bundle is not the one the manifest describes");
    await writeManifest(root, ["lib/a.ts", "lib/b.ts"]);
    await Deno.remove(root + "lib/a.ts");
    equal(prebuiltIsCurrent(root), false, "an input deleted");
    // Stamps taken before a build, of a file edited while it ran: the bundle is stale.
    await Deno.writeTextFile(root + "lib/a.ts", "export const a = 1;\n");
    const before = await stampSources(root, ["lib"]);
    await Deno.writeTextFile(root + "lib/a.ts", "export const a = 11;\n");
    await writeManifest(root, ["lib/a.ts", "lib/b.ts"], before);
    equal(prebuiltIsCurrent(root), false, "an input edited during the build");
    await writeManifest(root, ["lib/a.ts", "lib/b.ts"], await stampSources(root, ["lib"]));
    equal(prebuiltIsCurrent(root), true);
    await Deno.writeTextFile(root + "dist/upy_cli.manifest.json", "{not json");
    equal(prebuiltIsCurrent(root), false, "a malformed manifest");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("deno task start runs the current bundle, and after an edit runs the sources and rebuilds", async () => {
  const root = (await Deno.makeTempDir({ prefix: "upy-start-" })) + "/";
  try {
    for (const entry of ["lib", "hal", "tools", "deno.json", "deno.lock"]) {
      await new Deno.Command("cp", { args: ["-r", repo + entry, root + entry] }).output();
    }
    const build = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", root + "tools/build.ts"],
      cwd: root,
    }).output();
    equal(build.code, 0, decoder.decode(build.stderr));
    ok(prebuiltIsCurrent(root));

    // A bundle whose message differs from the sources' (same length, so the manifest still
    // matches) shows which of the two a start ran.
    const bundlePath = root + "dist/upy_cli.js";
    const bundle = await Deno.readTextFile(bundlePath);
    ok(bundle.includes("divide by zero"));
    await Deno.writeTextFile(bundlePath, bundle.replaceAll("divide by zero", "DIVIDE BY ZERO"));
    const fromBundle = await start(root, "print(6 * 7)\n1 // 0");
    equal(fromBundle.status, 1);
    ok(fromBundle.out.startsWith("42\nTraceback (most recent call last):\n"), fromBundle.out);
    ok(fromBundle.out.endsWith("ZeroDivisionError: DIVIDE BY ZERO\n"), fromBundle.out);
    const forced = await start(root, "1 // 0", { UPY_FROM_SOURCE: "1" });
    ok(forced.out.endsWith("ZeroDivisionError: divide by zero\n"), forced.out);

    // An edited source: this start runs the sources, and a rebuild makes the bundle current.
    await Deno.writeTextFile(root + "lib/objects/int.ts", "\n// edited\n", { append: true });
    equal(prebuiltIsCurrent(root), false);
    const fromSource = await start(root, "1 // 0");
    ok(fromSource.out.endsWith("ZeroDivisionError: divide by zero\n"), fromSource.out);
    await waitFor(() => prebuiltIsCurrent(root), "the background rebuild");
    await waitFor(() => {
      try {
        Deno.statSync(root + REBUILD_LOCK);
        return false;
      } catch {
        return true;
      }
    }, "the rebuild to let go of its lock");
    ok(!(await Deno.readTextFile(bundlePath)).includes("DIVIDE BY ZERO"));
    const rebuilt = await start(root, "print('again')");
    equal(rebuilt.out, "again\n");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
