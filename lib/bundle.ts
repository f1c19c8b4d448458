/**
 * The entry of the self-contained bundle (`deno task build` -> dist/upy.js): the embedding
 * API, with every built-in module's code loaded before the bundle's importer runs. The bundle
 * carries all of them anyway, and loaded they import anywhere, even in code a JS host calls
 * synchronously (VM.runSync), where a module that still had to load could not.
 *
 * @module
 */

import { loadAllBuiltinModules } from "./modules/registry.ts";

export * from "./api.ts";

await loadAllBuiltinModules();
