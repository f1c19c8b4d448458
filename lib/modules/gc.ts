/**
 * `gc`: collection is the JS engine's business (collect() has nothing to do:
 * unreachable values are already out of the account); mem_alloc and mem_free
 * come from memory_account.ts, what this VM holds.
 */

import { registerBuiltinModule } from "./registry.ts";
import { intArg } from "./args.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";

import { accountMemory } from "./memory_account.ts";
import { activeVM } from "../vm/state.ts";

registerBuiltinModule("gc", (m: PyModule) => {
  const d = m.dict;
  let enabled = true;
  let threshold = -1;
  d.setStr("collect", native("collect", 0, 0, () => null));
  d.setStr(
    "enable",
    native("enable", 0, 0, () => {
      enabled = true;
      return null;
    }),
  );
  d.setStr(
    "disable",
    native("disable", 0, 0, () => {
      enabled = false;
      return null;
    }),
  );
  d.setStr("isenabled", native("isenabled", 0, 0, () => enabled));
  d.setStr("mem_alloc", native("mem_alloc", 0, 0, () => accountMemory(activeVM()).used));
  d.setStr(
    "mem_free",
    native("mem_free", 0, 0, () => {
      const account = accountMemory(activeVM());
      return account.total - account.used;
    }),
  );
  d.setStr(
    "threshold",
    native("threshold", 0, 1, (a) => {
      if (a.length === 0) return threshold;
      const n = intArg(a[0]);
      threshold = n < 0 ? -1 : n - (n % 16);
      return null;
    }),
  );
});
