/**
 * Tab completion in MicroPython's style. The word before the cursor is a dotted
 * path (`sys.pa`): the part before the last dot is looked up in __main__'s
 * globals (then the builtins) and through attributes, and the last part is the
 * prefix to complete among that object's names. One match inserts the rest of
 * it; several insert their common prefix if that is longer than what was
 * typed, else they are listed in the namespace's order. Names starting with `_`
 * are offered only once a `_` is typed. A bare name completes from __main__'s
 * globals only (MicroPython's REPL does not offer the builtins); after `import`
 * or `from`, built-in module names complete.
 */

import type { VM } from "../vm/vm.ts";
import type { PyValue } from "../objects/base.ts";
import { getAttrOrUndefined } from "../objects/attr.ts";
import { dirOf } from "../builtins/dir.ts";
import { builtinModuleNames } from "../modules/registry.ts";

export function completeFor(
  currentVM: () => VM,
): (before: string) => { insert: string; list: string[] } {
  return (before) => {
    const vm = currentVM();
    const candidates = vm.withActive(() => candidateNames(vm, before));
    if (candidates === null) return { insert: "", list: [] };
    return chooseCompletion(candidates.prefix, candidates.names);
  };
}

/** What to insert, or the list to show, for `prefix` among `names`. */
export function chooseCompletion(
  prefix: string,
  names: Iterable<string>,
): { insert: string; list: string[] } {
  const matches = new Set<string>();
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    if (prefix.length === 0 && name.startsWith("_")) continue;
    matches.add(name);
  }
  const found = [...matches];
  if (found.length === 0) return { insert: "", list: [] };
  let common = found[0];
  for (const name of found) {
    let i = 0;
    while (i < common.length && i < name.length && common[i] === name[i]) i++;
    common = common.slice(0, i);
  }
  if (common.length > prefix.length) return { insert: common.slice(prefix.length), list: [] };
  return { insert: "", list: found.length > 1 ? found : [] };
}

function candidateNames(vm: VM, before: string): { prefix: string; names: string[] } | null {
  const importing = /^\s*(?:import|from)\s+([A-Za-z0-9_]*)$/.exec(before);
  if (importing !== null) return { prefix: importing[1], names: builtinModuleNames() };
  const word = /[A-Za-z0-9_.]*$/.exec(before)![0];
  if (word.length === 0 || /^[0-9]/.test(word)) return null;
  const parts = word.split(".");
  const prefix = parts.pop()!;
  if (parts.length === 0) {
    const names: string[] = [];
    for (const key of vm.main.dict.map.keys()) if (typeof key === "string") names.push(key);
    return { prefix, names };
  }
  let obj: PyValue | undefined = vm.main.dict.getStr(parts[0]) ??
    vm.state.builtins.getStr(parts[0]);
  try {
    for (let i = 1; i < parts.length && obj !== undefined; i++) {
      obj = getAttrOrUndefined(obj, parts[i]);
    }
    if (obj === undefined) return null;
    const listed = dirOf(obj);
    return { prefix, names: listed.items.filter((n): n is string => typeof n === "string") };
  } catch {
    return null; // an attribute whose lookup raises completes to nothing
  }
}
