/**
 * `help()` for REPL sessions, whose banner promises it: with no argument, how
 * to use the REPL's control keys; with an object, its type and its attributes
 * (the shape of MicroPython's `help(obj)`: `object ... is of type ...`, then
 * one `name -- value` line per attribute).
 */

import type { VM } from "../vm/vm.ts";
import { native } from "../objects/function.ts";
import { repr } from "../objects/ops.ts";
import { typeName } from "../objects/typeof.ts";
import { dirOf } from "../builtins/dir.ts";
import { getAttrOrUndefined } from "../objects/attr.ts";
import { activeVM } from "../vm/state.ts";

const WELCOME = `Welcome to upy, a MicroPython-compatible Python for Deno.

Control commands:
  CTRL-A        -- on a blank line, enter raw REPL mode
  CTRL-B        -- on a blank line, enter normal REPL mode
  CTRL-C        -- interrupt a running program
  CTRL-D        -- on a blank line, exit or do a soft reset
  CTRL-E        -- on a blank line, enter paste mode

For further help on a specific object, type help(obj)
`;

/** Adds `help` to the VM's builtins unless the VM already has one. */
export function installHelp(vm: VM): void {
  if (vm.state.builtins.getStr("help") !== undefined) return;
  vm.state.builtins.setStr(
    "help",
    native("help", 0, 1, (args) => {
      const out = activeVM().stdout;
      if (args.length === 0) {
        out.write(WELCOME);
        return null;
      }
      const obj = args[0];
      out.write(`object ${repr(obj)} is of type ${typeName(obj)}\n`);
      for (const name of dirOf(obj).items) {
        if (typeof name !== "string" || name.startsWith("__")) continue;
        const value = getAttrOrUndefined(obj, name);
        if (value !== undefined) out.write(`  ${name} -- ${repr(value)}\n`);
      }
      return null;
    }),
  );
}
