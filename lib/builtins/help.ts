/**
 * `help()`: with no argument a short introduction; `help("modules")` lists the
 * built-in modules; `help(obj)` names the object's type and then lists the
 * attributes the object itself carries: a module's globals, a class's own
 * namespace (for an instance, its class's), in definition order, as MicroPython
 * does. Values are shown with `str()`, so methods read `<function>`. Slots that
 * upy implements as getset descriptors (a builtin function's `__name__`) are
 * engine plumbing, not part of the type's namespace in MicroPython: skipped.
 */

import type { PyValue } from "../objects/base.ts";
import { native } from "../objects/function.ts";
import { str } from "../objects/ops.ts";
import { PyType } from "../objects/type.ts";
import { typeOf } from "../objects/typeof.ts";
import { PyModule } from "../objects/module.ts";
import { getterType } from "../objects/property.ts";
import { activeVM } from "../vm/state.ts";
import { builtinModuleNames } from "../modules/registry.ts";

// MicroPython's shape: a greeting, the REPL's control keys (lib/repl/ implements each one),
// then where to go next.
const INTRODUCTION = `Welcome to upy, a MicroPython-compatible Python engine for Deno.

Control commands:
  CTRL-A        -- on a blank line, enter raw REPL mode
  CTRL-B        -- on a blank line, enter normal REPL mode
  CTRL-C        -- interrupt a running program
  CTRL-D        -- on a blank line, exit or do a soft reset
  CTRL-E        -- on a blank line, enter paste mode

For further help on a specific object, type help(obj)
For a list of available modules, type help('modules')
`;

function describe(obj: PyValue): string {
  const type = typeOf(obj);
  let text = `object ${str(obj)} is of type ${type.name}\n`;
  let entries: Iterable<[PyValue, PyValue]>;
  if (obj instanceof PyModule) entries = obj.dict.entries();
  else entries = (obj instanceof PyType ? obj : type).ns.entries();
  for (const [name, value] of entries) {
    if (typeOf(value) === getterType) continue;
    text += `  ${str(name)} -- ${str(value)}\n`;
  }
  return text;
}

function moduleList(): string {
  const names = builtinModuleNames().slice().sort();
  const width = Math.max(...names.map((n) => n.length)) + 2;
  let text = "";
  for (let i = 0; i < names.length; i += 4) {
    text += names.slice(i, i + 4).map((n) => n.padEnd(width)).join("").trimEnd() + "\n";
  }
  return text + "Plus any modules on the filesystem\n";
}

export const helpFunction = native("help", 0, 1, (args) => {
  let text: string;
  if (args.length === 0) text = INTRODUCTION;
  else if (args[0] === "modules") text = moduleList();
  else text = describe(args[0]);
  activeVM().stdout.write(text);
  return null;
});
