/**
 * dir(): the attribute names of an object (instance dict, class namespaces along
 * the MRO, module dict), or of the caller's scope with no argument.
 */

import type { PyValue } from "../objects/base.ts";
import { PyType } from "../objects/type.ts";
import { typeOf } from "../objects/typeof.ts";
import { PyList } from "../objects/list.ts";
import { PyDict } from "../objects/dict.ts";
import { activeVM } from "../vm/state.ts";
import { PyModule } from "../objects/module.ts";
import { toArray } from "../objects/ops.ts";
import { callValue } from "../vm/call.ts";
import { PyRange } from "../objects/range.ts";

export function dirOf(obj: PyValue | undefined): PyList {
  const names = new Set<string>();
  if (obj === undefined) {
    const frame = activeVM().frame!;
    const scope = frame.localsDict ?? frame.globals;
    if (frame.localsDict === null) {
      frame.code.varNames.forEach((n, i) => frame.locals[i] !== undefined && names.add(n));
    } else for (const k of scope.map.keys()) if (typeof k === "string") names.add(k);
    return new PyList([...names].sort());
  }
  if (obj instanceof PyModule) {
    for (const k of obj.dict.map.keys()) if (typeof k === "string") names.add(k);
    names.add("__class__").add("__dict__");
    return new PyList([...names].sort());
  }
  const custom = typeOf(obj).isHeapType ? typeOf(obj).lookup("__dir__") : undefined;
  if (custom !== undefined) return new PyList(toArray(callValue(custom, [obj], null)));
  const dict = typeof obj === "object" && obj !== null ? obj.dict : null;
  if (dict instanceof PyDict) {
    for (const k of dict.map.keys()) if (typeof k === "string") names.add(k);
    names.add("__dict__");
  }
  const type = obj instanceof PyType ? obj : typeOf(obj);
  for (const t of type.mro) for (const k of t.ns.keys()) names.add(k);
  names.add("__class__");
  // MicroPython lists every attribute that getattr finds, these special ones included.
  if (obj instanceof PyType) names.add("__name__").add("__bases__").add("__dict__");
  else if (obj instanceof PyRange) names.add("start").add("stop").add("step");
  return new PyList([...names].sort());
}
