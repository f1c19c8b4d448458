/**
 * `bool`: JS booleans. As in MicroPython, not a subclass of int (`isinstance(True, int)` is
 * False and bool has none of int's methods) but it computes like one: it takes int's slots
 * (asInt maps True/False to 1/0), and even &, | and ^ between two bools give an int
 * (CPython keeps those bool).
 */

import { checkArity } from "./function.ts";
import { PyType } from "./type.ts";
import { intType } from "./int.ts";
import { isTruthy } from "./ops.ts";

export const boolType = new PyType("bool", []);
boolType.inheritSlots(intType);
boolType.solidBase = boolType;

// As in MicroPython, a bool operand acts as the int 0 or 1: True & False == 0, an int.
boolType.binarySlot = intType.binarySlot;
boolType.reprSlot = (self) => (self ? "True" : "False");
boolType.newSlot = (_cls, args) => {
  checkArity(args.length, 0, 1);
  return args.length === 0 ? false : isTruthy(args[0]);
};
