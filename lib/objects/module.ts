/**
 * Module objects: a name and a globals dict. Attribute access reads and writes
 * the dict directly.
 */

import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { PyDict } from "./dict.ts";
import { attributeError } from "./attr.ts";
import { callValue } from "../vm/call.ts";
import { builtinModule } from "../modules/registry.ts";
import { PyAttributeError, raise } from "./exception.ts";

export const moduleType = new PyType("module", []);

export class PyModule extends PyObject {
  declare dict: PyDict;
  name: string;
  constructor(name: string, dict: PyDict = new PyDict()) {
    super(moduleType);
    this.dict = dict;
    this.name = name;
    if (dict.getStr("__name__") === undefined) dict.setStr("__name__", name);
  }
}

moduleType.reprSlot = (m: PyModule) => {
  const file = m.dict.getStr("__file__");
  return file === undefined ? `<module '${m.name}'>` : `<module '${m.name}' from '${file}'>`;
};
moduleType.getAttrSlot = (m: PyModule, name: string) => {
  const v = m.dict.getStr(name);
  if (v !== undefined) return v;
  if (name === "__dict__") return m.dict;
  // A module-level __getattr__ supplies missing attributes (PEP 562).
  const hook = m.dict.getStr("__getattr__");
  if (hook !== undefined) return callValue(hook, [name], null);
  return undefined;
};
const SYS_SETTABLE = new Set(["path", "ps1", "ps2", "tracebacklimit"]);

moduleType.setAttrSlot = (m: PyModule, name: string, value: PyValue) => {
  // MicroPython's built-in modules are read-only, but for the few attributes of
  // sys that it delegates to settable state (`sys.path = [...]`).
  if (
    m.dict.getStr("__file__") === undefined && m.name !== "__main__" && m.name !== "builtins" &&
    builtinModule(m.name) !== undefined && !(m.name === "sys" && SYS_SETTABLE.has(name))
  ) {
    raise(PyAttributeError, `'module' object has no attribute '${name}'`);
  }
  if (value === undefined) {
    if (m.dict.delete(name) === undefined) attributeError(m, name);
    return;
  }
  m.dict.setStr(name, value);
};
