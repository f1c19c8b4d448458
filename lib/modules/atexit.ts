/**
 * `atexit`: functions to call when the main program ends (normally, by an uncaught
 * exception or by SystemExit), last registered first, as in CPython. An upy
 * extension: MicroPython has only sys.atexit, so a program's own atexit.py on
 * sys.path replaces this module (lib/vm/import.ts). The queue lives on the VM
 * (VMState.exitHandlers) so that vm.ts runs it beside sys.atexit's single function.
 */

import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";
import { equals } from "../objects/ops.ts";
import { activeVM } from "../vm/state.ts";

registerBuiltinModule("atexit", (m: PyModule) => {
  const d = m.dict;
  // register(func, *args, **kwargs) returns func, so it also works as a decorator.
  d.setStr(
    "register",
    native("register", 1, -1, (a, kw) => {
      const kwnames = kw !== null && kw.length > 0 ? [...kw] : null;
      activeVM().exitHandlers.push({ fn: a[0], args: a.slice(1), kwnames });
      return a[0];
    }, true),
  );
  // Drops every queued call of a function equal to func; no error if there is none.
  d.setStr(
    "unregister",
    native("unregister", 1, 1, (a) => {
      const vm = activeVM();
      vm.exitHandlers = vm.exitHandlers.filter((h) => !equals(h.fn, a[0]));
      return null;
    }),
  );
});
