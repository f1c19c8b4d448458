/**
 * Names of the special methods behind each operator slot, indexed by the
 * BinaryOp / CompareOp / UnaryOpKind numbers. A leaf module (no imports) so that
 * any file can use these tables while the module graph is still initialising.
 */

export const BINARY_OP_NAMES = [
  "__add__",
  "__sub__",
  "__mul__",
  "__matmul__",
  "__truediv__",
  "__floordiv__",
  "__mod__",
  "__pow__",
  "__lshift__",
  "__rshift__",
  "__and__",
  "__or__",
  "__xor__",
];
export const REFLECTED_OP_NAMES = BINARY_OP_NAMES.map((n) => "__r" + n.slice(2));
export const INPLACE_OP_NAMES = BINARY_OP_NAMES.map((n) => "__i" + n.slice(2));
export const COMPARE_OP_NAMES = ["__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"];
export const UNARY_OP_NAMES = ["__neg__", "__pos__", "__invert__", "__abs__"];
