/**
 * `errno` (also `uerrno`): MicroPython's default list of error numbers (Linux
 * values) and `errorcode`, the read-only dict from number to name.
 */

import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { PyDict } from "../objects/dict.ts";
import { ERRNO, ERRNO_LIST } from "./errno_table.ts";

function init(m: PyModule): void {
  const errorcode = new PyDict();
  for (const name of ERRNO_LIST) {
    m.dict.setStr(name, ERRNO[name]);
    errorcode.set(ERRNO[name], name);
  }
  // Fixed, as in MicroPython: Python code may read the table but not change it.
  errorcode.fixed = true;
  m.dict.setStr("errorcode", errorcode);
}

registerBuiltinModule("errno", init);
registerBuiltinModule("uerrno", init);
