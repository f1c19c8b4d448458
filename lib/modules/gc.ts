/**
 * `gc`: collection is the JS engine's business, so collect() only reports; the
 * memory figures come from the JS heap, within a nominal MicroPython-sized heap.
 */

import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";

const NOMINAL_HEAP = 8 * 1024 * 1024;

function heapUsed(): number {
  try {
    return Deno.memoryUsage().heapUsed % NOMINAL_HEAP;
  } catch {
    return 0;
  }
}

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
  d.setStr("mem_alloc", native("mem_alloc", 0, 0, () => heapUsed()));
  d.setStr("mem_free", native("mem_free", 0, 0, () => NOMINAL_HEAP - heapUsed()));
  d.setStr(
    "threshold",
    native("threshold", 0, 1, (a) => {
      if (a.length === 0) return threshold;
      const n = Number(a[0]);
      threshold = n < 0 ? -1 : n - (n % 16);
      return null;
    }),
  );
});
