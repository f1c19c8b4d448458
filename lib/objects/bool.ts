/**
 * `bool`: JS booleans. A subclass of int, so arithmetic inherits int's slots
 * (asInt maps True/False to 1/0); only &, | and ^ between two bools stay bool.
 */

import { PyType } from "./type.ts";
import { intType } from "./int.ts";
import { BinaryOp } from "../compiler/bytecode.ts";
import { isTruthy } from "./ops.ts";
import { PyTypeError, raise } from "./exception.ts";

export const boolType = new PyType("bool", [intType]);

const intBinarySlot = intType.binarySlot!;
boolType.binarySlot = (self, other, op) => {
  if (typeof other === "boolean") {
    switch (op & 15) {
      case BinaryOp.AND:
        return self && other;
      case BinaryOp.OR:
        return self || other;
      case BinaryOp.XOR:
        return self !== other;
    }
  }
  return intBinarySlot(self, other, op);
};
boolType.reprSlot = (self) => (self ? "True" : "False");
boolType.newSlot = (_cls, args) => {
  if (args.length > 1) {
    raise(PyTypeError, `function takes 1 positional arguments but ${args.length} were given`);
  }
  return args.length === 0 ? false : isTruthy(args[0]);
};
