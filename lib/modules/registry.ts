/**
 * The module-definition API: how built-in modules (and an embedder's own
 * modules) make themselves importable. A definition is a name and an `init`
 * function that fills a fresh module object; each VM runs `init` the first time
 * its code imports the module, so module state is per VM.
 */

import type { PyModule } from "../objects/module.ts";

export type ModuleInit = (module: PyModule) => void;

const builtinModules = new Map<string, ModuleInit>();

/** Registers a module available to every VM in the process (upy's own modules use this). */
export function registerBuiltinModule(name: string, init: ModuleInit): void {
  builtinModules.set(name, init);
}

export function builtinModule(name: string): ModuleInit | undefined {
  return builtinModules.get(name);
}

export function builtinModuleNames(): string[] {
  return [...builtinModules.keys()].sort();
}
