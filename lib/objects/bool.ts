/**
 * `bool`: JS booleans. A subclass of int, so arithmetic inherits int's slots
 * (asInt maps True/False to 1/0); even &, | and ^ between two bools give an int,
 * as in MicroPython (CPython keeps those bool).
 */

import { checkArity } from "./function.ts";
import { PyType } from "./type.ts";
import { intType } from "./int.ts";
import { isTruthy } from "./ops.ts";

export const boolType = new PyType("bool", [intType]);

// As in MicroPython, a bool operand acts as the int 0 or 1: True & False == 0, an int.
boolType.binarySlot = intType.binarySlot;
boolType.reprSlot = (self) => (self ? "True" : "False");
boolType.newSlot = (_cls, args) => {
  checkArity(args.length, 0, 1);
  return args.length === 0 ? false : isTruthy(args[0]);
};
