/**
 * The module-definition API: how built-in modules (and an embedder's own
 * modules) make themselves importable. A definition is a name and an `init`
 * function that fills a fresh module object; each VM runs `init` the first time
 * its code imports the module, so module state is per VM.
 *
 * Most of upy's own modules are only *declared* at start-up (see all.ts): their
 * code loads the first time a program needs them, because loading every module
 * up front is most of a cold start. Loading is asynchronous (a dynamic import),
 * so the VM loads what a program's code imports before running it (preload.ts)
 * and, at a suspendable import, on the spot.
 */

import type { PyModule } from "../objects/module.ts";

/** Fills a fresh module object with the module's names (called once per VM, on first import). */
export type ModuleInit = (module: PyModule) => void;

const builtinModules = new Map<string, ModuleInit>();
/** Declared modules whose code has not loaded yet: name -> the import that registers them. */
const unloadedModules = new Map<string, () => Promise<unknown>>();
const loadsInFlight = new Map<() => Promise<unknown>, Promise<void>>();

/** Registers a module available to every VM in the process (upy's own modules use this). */
export function registerBuiltinModule(name: string, init: ModuleInit): void {
  builtinModules.set(name, init);
  unloadedModules.delete(name);
}

/**
 * Declares built-in modules whose code loads on first use: `load` imports the file
 * that registers all of `names` with registerBuiltinModule.
 */
export function declareBuiltinModules(names: string[], load: () => Promise<unknown>): void {
  for (const name of names) {
    if (!builtinModules.has(name)) unloadedModules.set(name, load);
  }
}

export function builtinModule(name: string): ModuleInit | undefined {
  return builtinModules.get(name);
}

/** Whether `name` is declared but its code has not loaded yet (see loadBuiltinModule). */
export function isUnloadedBuiltinModule(name: string): boolean {
  return unloadedModules.has(name);
}

/** Whether any declared module is still unloaded; false once all have loaded (or in a bundle). */
export function hasUnloadedBuiltinModules(): boolean {
  return unloadedModules.size > 0;
}

/** Loads the code of declared module `name`; resolves at once when it is loaded already. */
export function loadBuiltinModule(name: string): Promise<void> {
  const load = unloadedModules.get(name);
  if (load === undefined) return Promise.resolve();
  let inFlight = loadsInFlight.get(load);
  if (inFlight === undefined) {
    inFlight = load().then(() => {
      loadsInFlight.delete(load);
      // A file that did not register a name it was declared for would otherwise be retried forever.
      for (const [other, loader] of unloadedModules) {
        if (loader === load) unloadedModules.delete(other);
      }
    }, (error) => {
      loadsInFlight.delete(load);
      throw error;
    });
    loadsInFlight.set(load, inFlight);
  }
  return inFlight;
}

export function builtinModuleNames(): string[] {
  return [...new Set([...builtinModules.keys(), ...unloadedModules.keys()])].sort();
}

/** Loads every declared module's code now (a bundle does, since it carries them all anyway). */
export function loadAllBuiltinModules(): Promise<void> {
  return Promise.all([...unloadedModules.keys()].map(loadBuiltinModule)).then(() => {});
}
