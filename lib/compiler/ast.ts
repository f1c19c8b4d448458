/**
 * The abstract syntax tree the parser produces and the compiler consumes.
 *
 * It mirrors CPython 3.11's `ast` module (same node names, same field names in
 * camelCase where CPython uses snake_case), so anyone who knows Python's AST can
 * read it. Every node carries `kind` (the discriminator) and `line`/`col` (1-based
 * line, 0-based column of the node's first token). Literal values are kept in a
 * runtime-independent form (see `Constant`) so the compiler does not depend on the
 * object model.
 *
 * MicroPython-specific notes:
 * - Annotations are parsed and kept (`AnnAssign`, `arg.annotation`, `returns`) but the
 *   compiler ignores them, as MicroPython does.
 * - There is no `match` statement (MicroPython has none).
 */

export interface Pos {
  line: number;
  col: number;
}

// ---- literals -------------------------------------------------------------

/** A literal value. Ints are `number` when safe, else `bigint`. */
export type ConstantValue =
  | { type: "int"; value: number | bigint }
  | { type: "float"; value: number }
  | { type: "complex"; imag: number }
  | { type: "str"; value: string }
  | { type: "bytes"; value: Uint8Array }
  | { type: "bool"; value: boolean }
  | { type: "none" }
  | { type: "ellipsis" };

// ---- module ---------------------------------------------------------------

export interface Module {
  kind: "Module";
  body: Stmt[];
}

// ---- statements -----------------------------------------------------------

export type Stmt =
  | FunctionDef
  | ClassDef
  | Return
  | Delete
  | Assign
  | AugAssign
  | AnnAssign
  | For
  | While
  | If
  | With
  | Raise
  | Try
  | Assert
  | Import
  | ImportFrom
  | Global
  | Nonlocal
  | ExprStmt
  | Pass
  | Break
  | Continue;

/** `def` and `async def` (isAsync). */
export interface FunctionDef extends Pos {
  kind: "FunctionDef";
  name: string;
  args: Arguments;
  body: Stmt[];
  decorators: Expr[];
  returns: Expr | null;
  isAsync: boolean;
}

export interface ClassDef extends Pos {
  kind: "ClassDef";
  name: string;
  bases: Expr[];
  keywords: Keyword[];
  body: Stmt[];
  decorators: Expr[];
}

export interface Return extends Pos {
  kind: "Return";
  value: Expr | null;
}

export interface Delete extends Pos {
  kind: "Delete";
  targets: Expr[];
}

/** `a = b = value`: targets in source order. */
export interface Assign extends Pos {
  kind: "Assign";
  targets: Expr[];
  value: Expr;
}

export interface AugAssign extends Pos {
  kind: "AugAssign";
  target: Expr;
  op: BinOperator;
  value: Expr;
}

/** `x: T` or `x: T = v`; `simple` is true for a bare name target without parentheses. */
export interface AnnAssign extends Pos {
  kind: "AnnAssign";
  target: Expr;
  annotation: Expr;
  value: Expr | null;
  simple: boolean;
}

/** `for` and `async for` (isAsync). */
export interface For extends Pos {
  kind: "For";
  target: Expr;
  iter: Expr;
  body: Stmt[];
  orelse: Stmt[];
  isAsync: boolean;
}

export interface While extends Pos {
  kind: "While";
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
}

/** `elif` chains are nested `If` nodes in `orelse`, as in CPython. */
export interface If extends Pos {
  kind: "If";
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
}

/** `with` and `async with` (isAsync). */
export interface With extends Pos {
  kind: "With";
  items: WithItem[];
  body: Stmt[];
  isAsync: boolean;
}

export interface WithItem {
  contextExpr: Expr;
  optionalVars: Expr | null;
}

export interface Raise extends Pos {
  kind: "Raise";
  exc: Expr | null;
  cause: Expr | null;
}

export interface Try extends Pos {
  kind: "Try";
  body: Stmt[];
  handlers: ExceptHandler[];
  orelse: Stmt[];
  finalbody: Stmt[];
}

export interface ExceptHandler extends Pos {
  kind: "ExceptHandler";
  type: Expr | null;
  name: string | null;
  body: Stmt[];
}

export interface Assert extends Pos {
  kind: "Assert";
  test: Expr;
  msg: Expr | null;
}

export interface Import extends Pos {
  kind: "Import";
  names: Alias[];
}

/** `from ..pkg.mod import a as b`; module is null for `from . import x`. names `*` for star. */
export interface ImportFrom extends Pos {
  kind: "ImportFrom";
  module: string | null;
  names: Alias[];
  level: number;
}

export interface Alias {
  name: string; // dotted for `import a.b.c`
  asname: string | null;
}

export interface Global extends Pos {
  kind: "Global";
  names: string[];
}

export interface Nonlocal extends Pos {
  kind: "Nonlocal";
  names: string[];
}

/** An expression used as a statement (CPython's `Expr`). */
export interface ExprStmt extends Pos {
  kind: "ExprStmt";
  value: Expr;
}

export interface Pass extends Pos {
  kind: "Pass";
}

export interface Break extends Pos {
  kind: "Break";
}

export interface Continue extends Pos {
  kind: "Continue";
}

// ---- expressions ----------------------------------------------------------

export type ExprContext = "load" | "store" | "del";

export type Expr =
  | BoolOp
  | NamedExpr
  | BinOp
  | UnaryOp
  | Lambda
  | IfExp
  | Dict
  | SetExpr
  | ListComp
  | SetComp
  | DictComp
  | GeneratorExp
  | Await
  | Yield
  | YieldFrom
  | Compare
  | Call
  | FormattedValue
  | JoinedStr
  | Constant
  | Attribute
  | Subscript
  | Starred
  | Name
  | List
  | Tuple
  | Slice;

export interface BoolOp extends Pos {
  kind: "BoolOp";
  op: "and" | "or";
  values: Expr[]; // two or more, `a or b or c` is one node
}

export interface NamedExpr extends Pos {
  kind: "NamedExpr";
  target: Name;
  value: Expr;
}

export type BinOperator =
  | "+"
  | "-"
  | "*"
  | "@"
  | "/"
  | "//"
  | "%"
  | "**"
  | "<<"
  | ">>"
  | "&"
  | "|"
  | "^";

export interface BinOp extends Pos {
  kind: "BinOp";
  left: Expr;
  op: BinOperator;
  right: Expr;
}

export interface UnaryOp extends Pos {
  kind: "UnaryOp";
  op: "not" | "-" | "+" | "~";
  operand: Expr;
}

export interface Lambda extends Pos {
  kind: "Lambda";
  args: Arguments;
  body: Expr;
}

export interface IfExp extends Pos {
  kind: "IfExp";
  test: Expr;
  body: Expr;
  orelse: Expr;
}

/** `{k: v, **m}`: a `null` key means `**values[i]`. */
export interface Dict extends Pos {
  kind: "Dict";
  keys: (Expr | null)[];
  values: Expr[];
}

export interface SetExpr extends Pos {
  kind: "Set";
  elts: Expr[];
}

export interface Comprehension {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
  isAsync: boolean;
}

export interface ListComp extends Pos {
  kind: "ListComp";
  elt: Expr;
  generators: Comprehension[];
}

export interface SetComp extends Pos {
  kind: "SetComp";
  elt: Expr;
  generators: Comprehension[];
}

export interface DictComp extends Pos {
  kind: "DictComp";
  key: Expr;
  value: Expr;
  generators: Comprehension[];
}

export interface GeneratorExp extends Pos {
  kind: "GeneratorExp";
  elt: Expr;
  generators: Comprehension[];
}

export interface Await extends Pos {
  kind: "Await";
  value: Expr;
}

export interface Yield extends Pos {
  kind: "Yield";
  value: Expr | null;
}

export interface YieldFrom extends Pos {
  kind: "YieldFrom";
  value: Expr;
}

export type CmpOperator =
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "is"
  | "is not"
  | "in"
  | "not in";

/** `a < b < c`: left = a, ops = [<, <], comparators = [b, c]. */
export interface Compare extends Pos {
  kind: "Compare";
  left: Expr;
  ops: CmpOperator[];
  comparators: Expr[];
}

/** Positional `*x` arguments appear as `Starred` in args; `**m` as a keyword with arg null. */
export interface Call extends Pos {
  kind: "Call";
  func: Expr;
  args: Expr[];
  keywords: Keyword[];
}

export interface Keyword extends Pos {
  arg: string | null;
  value: Expr;
}

/** One `{...}` of an f-string. conversion: -1 none, or the char code of s, r, a. */
export interface FormattedValue extends Pos {
  kind: "FormattedValue";
  value: Expr;
  conversion: number;
  formatSpec: JoinedStr | null;
}

/** An f-string: parts are `Constant` str pieces and `FormattedValue`s. */
export interface JoinedStr extends Pos {
  kind: "JoinedStr";
  values: Expr[];
}

export interface Constant extends Pos {
  kind: "Constant";
  value: ConstantValue;
}

export interface Attribute extends Pos {
  kind: "Attribute";
  value: Expr;
  attr: string;
  ctx: ExprContext;
}

export interface Subscript extends Pos {
  kind: "Subscript";
  value: Expr;
  slice: Expr; // a Slice node, a Tuple (possibly containing Slices), or any expression
  ctx: ExprContext;
}

export interface Starred extends Pos {
  kind: "Starred";
  value: Expr;
  ctx: ExprContext;
}

export interface Name extends Pos {
  kind: "Name";
  id: string;
  ctx: ExprContext;
}

export interface List extends Pos {
  kind: "List";
  elts: Expr[];
  ctx: ExprContext;
}

export interface Tuple extends Pos {
  kind: "Tuple";
  elts: Expr[];
  ctx: ExprContext;
}

export interface Slice extends Pos {
  kind: "Slice";
  lower: Expr | null;
  upper: Expr | null;
  step: Expr | null;
}

// ---- function signatures --------------------------------------------------

/**
 * `def f(a, b=1, /, c=2, *args, d, e=3, **kw)`:
 * posonlyargs [a, b], args [c], defaults [1, 2] (for the last of posonlyargs+args),
 * vararg args, kwonlyargs [d, e], kwDefaults [null, 3], kwarg kw.
 */
export interface Arguments {
  posonlyargs: Arg[];
  args: Arg[];
  vararg: Arg | null;
  kwonlyargs: Arg[];
  kwDefaults: (Expr | null)[];
  kwarg: Arg | null;
  defaults: Expr[];
}

export interface Arg extends Pos {
  arg: string;
  annotation: Expr | null;
}
