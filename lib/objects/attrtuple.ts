/**
 * MicroPython's "attrtuple": a tuple whose items can also be read as attributes
 * (sys.implementation, os.uname(), time.struct_time-like results).
 */

import type { PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { PyTuple, tupleType } from "./tuple.ts";
import { repr } from "./ops.ts";

export const attrTupleType = new PyType("tuple", [tupleType]);

export class PyAttrTuple extends PyTuple {
  names: string[];
  constructor(names: string[], items: PyValue[]) {
    super(items, attrTupleType);
    this.names = names;
  }
}

attrTupleType.getAttrSlot = (t: PyAttrTuple, name: string) => {
  const i = t.names.indexOf(name);
  if (i >= 0) return t.items[i];
  return tupleType.getAttrSlot === null ? undefined : tupleType.getAttrSlot(t, name);
};
attrTupleType.reprSlot = (t: PyAttrTuple) =>
  "(" + t.names.map((n, i) => `${n}=${repr(t.items[i])}`).join(", ") + ")";
