/**
 * Scope analysis: decides for every name in every scope whether it is a fast
 * local, a cell (a local captured by an inner function), a free variable (a cell
 * of an enclosing function), a global, or — in module and class bodies — a
 * namespace name (LOAD_NAME). Class bodies do not enclose their methods; a
 * comprehension is a function scope of its own, except that walrus targets bind
 * in the nearest enclosing non-comprehension scope. Methods that mention `super`
 * or `__class__` capture the class body's implicit `__class__` cell.
 */

import type * as A from "./ast.ts";
import { CompileError } from "./syntax_error.ts";

export const enum Access {
  FAST,
  DEREF,
  GLOBAL,
  NAME,
  /** Class body reading a variable of an enclosing function. */
  CLASSDEREF,
}

const ASSIGNED = 1, USED = 2, PARAM = 4, DECL_GLOBAL = 8, DECL_NONLOCAL = 16;

export type ScopeKind = "module" | "function" | "class" | "comprehension";

export class Scope {
  symbols = new Map<string, number>();
  children: Scope[] = [];
  /** Parameters in declaration order, then other locals as first seen. */
  varNames: string[] = [];
  cellVars: string[] = [];
  freeVars: string[] = [];
  isGenerator = false;
  isCoroutine = false;
  hasYield = false;
  /** Class body: a method uses super/__class__, so the body owns a `__class__` cell. */
  needsClassCell = false;
  /** Function: uses super/__class__. */
  usesClassCell = false;
  private resolved = new Map<string, Access>();

  constructor(
    public kind: ScopeKind,
    public name: string,
    public parent: Scope | null,
    public node: unknown,
  ) {}

  add(name: string, flag: number): void {
    this.symbols.set(name, (this.symbols.get(name) ?? 0) | flag);
    if (
      (flag & (ASSIGNED | PARAM)) && (this.kind === "function" || this.kind === "comprehension")
    ) {
      if (!this.varNames.includes(name)) this.varNames.push(name);
    }
  }

  access(name: string): Access {
    const r = this.resolved.get(name);
    if (r !== undefined) return r;
    if (this.kind === "module") return Access.NAME;
    if (this.kind === "class") {
      if (this.freeVars.includes(name) && !((this.symbols.get(name) ?? 0) & ASSIGNED)) {
        return Access.CLASSDEREF;
      }
      const flags = this.symbols.get(name) ?? 0;
      if (flags & DECL_GLOBAL) return Access.GLOBAL;
      return Access.NAME;
    }
    return Access.GLOBAL;
  }

  setAccess(name: string, access: Access): void {
    this.resolved.set(name, access);
  }

  isFunctionLike(): boolean {
    return this.kind === "function" || this.kind === "comprehension";
  }

  derefIndex(name: string): number {
    const i = this.cellVars.indexOf(name);
    if (i >= 0) return i;
    const j = this.freeVars.indexOf(name);
    return j < 0 ? -1 : this.cellVars.length + j;
  }
}

/** Builds the scope tree of a module; `scopes` maps function/class/comprehension/module nodes. */
export function analyze(module: A.Module, filename: string): Map<unknown, Scope> {
  const scopes = new Map<unknown, Scope>();
  const fail = (msg: string, node: A.Pos | null): never => {
    throw new CompileError("SyntaxError", msg, filename, node?.line ?? 1, node?.col ?? 0);
  };
  const top = new Scope("module", "<module>", null, module);
  scopes.set(module, top);

  const declare = (scope: Scope, name: string, node: A.Pos) => {
    const flags = scope.symbols.get(name) ?? 0;
    if (flags & DECL_GLOBAL) return;
    if (flags & DECL_NONLOCAL) return;
    scope.add(name, ASSIGNED);
    void node;
  };

  const visitArgs = (args: A.Arguments, outer: Scope) => {
    for (const d of args.defaults) visitExpr(d, outer);
    for (const d of args.kwDefaults) if (d) visitExpr(d, outer);
  };
  const addParams = (args: A.Arguments, scope: Scope) => {
    for (const a of args.posonlyargs) scope.add(a.arg, PARAM);
    for (const a of args.args) scope.add(a.arg, PARAM);
    for (const a of args.kwonlyargs) scope.add(a.arg, PARAM);
    if (args.vararg) scope.add(args.vararg.arg, PARAM);
    if (args.kwarg) scope.add(args.kwarg.arg, PARAM);
  };

  let current = top;

  const visitBody = (body: A.Stmt[]) => {
    for (const s of body) visitStmt(s);
  };

  const visitTarget = (t: A.Expr) => {
    switch (t.kind) {
      case "Name":
        declare(current, t.id, t);
        break;
      case "Tuple":
      case "List":
        for (const e of t.elts) visitTarget(e);
        break;
      case "Starred":
        visitTarget(t.value);
        break;
      default:
        visitExpr(t, current);
    }
  };

  const visitStmt = (s: A.Stmt): void => {
    switch (s.kind) {
      case "FunctionDef": {
        for (const d of s.decorators) visitExpr(d, current);
        visitArgs(s.args, current);
        declare(current, s.name, s);
        const scope = new Scope("function", s.name, current, s);
        scope.isCoroutine = s.isAsync;
        scopes.set(s, scope);
        current.children.push(scope);
        addParams(s.args, scope);
        const saved = current;
        current = scope;
        visitBody(s.body);
        current = saved;
        break;
      }
      case "ClassDef": {
        for (const d of s.decorators) visitExpr(d, current);
        for (const b of s.bases) visitExpr(b, current);
        for (const k of s.keywords) visitExpr(k.value, current);
        declare(current, s.name, s);
        const scope = new Scope("class", s.name, current, s);
        scopes.set(s, scope);
        current.children.push(scope);
        const saved = current;
        current = scope;
        visitBody(s.body);
        current = saved;
        break;
      }
      case "Return":
        if (!current.isFunctionLike()) fail("'return' outside function", s);
        if (s.value) visitExpr(s.value, current);
        break;
      case "Delete":
        for (const t of s.targets) visitTarget(t);
        break;
      case "Assign":
        visitExpr(s.value, current);
        for (const t of s.targets) visitTarget(t);
        break;
      case "AugAssign":
        visitExpr(s.value, current);
        if (s.target.kind === "Name") {
          current.add(s.target.id, USED);
          declare(current, s.target.id, s.target);
        } else visitTarget(s.target);
        break;
      case "AnnAssign":
        if (s.value) visitExpr(s.value, current);
        if (s.value || s.target.kind !== "Name") visitTarget(s.target);
        else if (s.target.kind === "Name" && current.isFunctionLike()) {
          declare(current, s.target.id, s.target);
        }
        break;
      case "For":
        visitExpr(s.iter, current);
        visitTarget(s.target);
        visitBody(s.body);
        visitBody(s.orelse);
        break;
      case "While":
        visitExpr(s.test, current);
        visitBody(s.body);
        visitBody(s.orelse);
        break;
      case "If":
        visitExpr(s.test, current);
        visitBody(s.body);
        visitBody(s.orelse);
        break;
      case "With":
        for (const item of s.items) {
          visitExpr(item.contextExpr, current);
          if (item.optionalVars) visitTarget(item.optionalVars);
        }
        visitBody(s.body);
        break;
      case "Raise":
        if (s.exc) visitExpr(s.exc, current);
        if (s.cause) visitExpr(s.cause, current);
        break;
      case "Try":
        visitBody(s.body);
        for (const h of s.handlers) {
          if (h.type) visitExpr(h.type, current);
          if (h.name) declare(current, h.name, h);
          visitBody(h.body);
        }
        visitBody(s.orelse);
        visitBody(s.finalbody);
        break;
      case "Assert":
        visitExpr(s.test, current);
        if (s.msg) visitExpr(s.msg, current);
        break;
      case "Import":
        for (const a of s.names) declare(current, a.asname ?? a.name.split(".")[0], s);
        break;
      case "ImportFrom":
        for (const a of s.names) if (a.name !== "*") declare(current, a.asname ?? a.name, s);
        break;
      case "Global":
        for (const n of s.names) {
          const flags = current.symbols.get(n) ?? 0;
          // MicroPython: the declaration must come before any other mention of
          // the name in this scope (`x = 1` then `global x` is an error).
          if (flags & DECL_NONLOCAL) fail("identifier redefined as global", s);
          if (flags & (ASSIGNED | USED | PARAM) && !(flags & DECL_GLOBAL)) {
            fail("identifier redefined as global", s);
          }
          current.symbols.set(n, flags | DECL_GLOBAL);
          const idx = current.varNames.indexOf(n);
          if (idx >= 0 && !(flags & PARAM)) current.varNames.splice(idx, 1);
        }
        break;
      case "Nonlocal":
        if (current.kind === "module") fail("can't declare nonlocal in outer code", s);
        for (const n of s.names) {
          const flags = current.symbols.get(n) ?? 0;
          if (flags & DECL_GLOBAL) fail("identifier redefined as nonlocal", s);
          if (flags & (ASSIGNED | USED | PARAM) && !(flags & DECL_NONLOCAL)) {
            fail("identifier redefined as nonlocal", s);
          }
          current.symbols.set(n, flags | DECL_NONLOCAL);
          const idx = current.varNames.indexOf(n);
          if (idx >= 0) current.varNames.splice(idx, 1);
        }
        break;
      case "ExprStmt":
        visitExpr(s.value, current);
        break;
      case "Break":
      case "Continue":
      case "Pass":
        break;
    }
  };

  const visitComprehension = (
    node: A.Expr,
    generators: A.Comprehension[],
    elts: A.Expr[],
    scope: Scope,
  ) => {
    visitExpr(generators[0].iter, scope);
    const comp = new Scope("comprehension", comprehensionName(node), scope, node);
    scopes.set(node, comp);
    scope.children.push(comp);
    comp.add(".0", PARAM);
    const saved = current;
    current = comp;
    generators.forEach((g, i) => {
      if (i > 0) visitExpr(g.iter, comp);
      visitTarget(g.target);
      for (const cond of g.ifs) visitExpr(cond, comp);
      if (g.isAsync) comp.isCoroutine = true;
    });
    for (const e of elts) visitExpr(e, comp);
    current = saved;
    if (node.kind === "GeneratorExp") comp.isGenerator = true;
  };

  const visitExpr = (e: A.Expr, scope: Scope): void => {
    const saved = current;
    current = scope;
    try {
      walkExpr(e);
    } finally {
      current = saved;
    }
  };

  const walkExpr = (e: A.Expr): void => {
    switch (e.kind) {
      case "Name":
        if (e.ctx === "load") {
          current.add(e.id, USED);
          if ((e.id === "super" || e.id === "__class__") && current.isFunctionLike()) {
            current.usesClassCell = true;
          }
        } else declare(current, e.id, e);
        return;
      case "NamedExpr": {
        walkExpr(e.value);
        let target = current;
        while (target.kind === "comprehension") target = target.parent!;
        if (target.kind === "class") {
          fail("assignment expression within a comprehension cannot be used in a class body", e);
        }
        if (target !== current) {
          // `[i := 0 for i in x]`: the comprehension's own loop variable cannot be
          // rebound outwards (MicroPython words it as a redeclaration).
          if ((current.symbols.get(e.target.id) ?? 0) & ASSIGNED) {
            fail(
              target.kind === "module"
                ? "identifier redefined as global"
                : "identifier redefined as nonlocal",
              e,
            );
          }
          // The walrus name belongs to the enclosing scope; in the comprehension it is nonlocal/global.
          declare(target, e.target.id, e.target);
          // A name the enclosing function declared `global` stays global in here too.
          const outerIsGlobal = target.kind === "module" ||
            ((target.symbols.get(e.target.id) ?? 0) & DECL_GLOBAL) !== 0;
          let s: Scope | null = current;
          while (s !== null && s !== target) {
            s.symbols.set(
              e.target.id,
              (s.symbols.get(e.target.id) ?? 0) |
                (outerIsGlobal ? DECL_GLOBAL : DECL_NONLOCAL),
            );
            s = s.parent;
          }
        } else declare(current, e.target.id, e.target);
        return;
      }
      case "Lambda": {
        visitArgs(e.args, current);
        const scope = new Scope("function", "<lambda>", current, e);
        scopes.set(e, scope);
        current.children.push(scope);
        addParams(e.args, scope);
        visitExpr(e.body, scope);
        return;
      }
      case "ListComp":
      case "SetComp":
      case "GeneratorExp":
        visitComprehension(e, e.generators, [e.elt], current);
        return;
      case "DictComp":
        visitComprehension(e, e.generators, [e.key, e.value], current);
        return;
      case "Yield":
      case "YieldFrom":
        if (!current.isFunctionLike()) fail("'yield' outside function", e);
        current.hasYield = true;
        if (current.kind === "comprehension" && !current.isGenerator) {
          fail("'yield' inside list comprehension", e);
        }
        if (e.value) walkExpr(e.value);
        return;
      case "Await":
        // As in MicroPython, await is allowed in any def or lambda (a plain one
        // becomes a generator delegating to the awaitable) and in upy's async
        // comprehensions, not in a plain comprehension: `[await x for x in y]`.
        if (
          current.kind !== "function" && !(current.kind === "comprehension" && current.isCoroutine)
        ) {
          fail("'await' outside function", e);
        }
        if (!current.isCoroutine) current.hasYield = true;
        walkExpr(e.value);
        return;
      case "Call":
        // Zero-argument super() passes the scope's first parameter as self;
        // MicroPython's compiler rejects it where there is none: `def f(): super()`
        // (a lambda's super() is left to fail when called, as there).
        if (
          e.func.kind === "Name" && e.func.id === "super" && e.args.length === 0 &&
          e.keywords.length === 0 && current.kind === "function" &&
          (current.node as { kind?: string } | null)?.kind !== "Lambda" &&
          ![...current.symbols.values()].some((flags) => flags & PARAM)
        ) {
          fail("super() can't find self", e);
        }
        break;
    }
    forEachChild(e, walkExpr);
  };

  visitBody(module.body);
  resolve(top, fail);
  return scopes;
}

function comprehensionName(node: A.Expr): string {
  switch (node.kind) {
    case "ListComp":
      return "<listcomp>";
    case "SetComp":
      return "<setcomp>";
    case "DictComp":
      return "<dictcomp>";
    default:
      return "<genexpr>";
  }
}

/** Calls `fn` on each direct child expression of `e` (for the node kinds not handled specially). */
export function forEachChild(e: A.Expr, fn: (x: A.Expr) => void): void {
  switch (e.kind) {
    case "BoolOp":
      e.values.forEach(fn);
      break;
    case "BinOp":
      fn(e.left);
      fn(e.right);
      break;
    case "UnaryOp":
      fn(e.operand);
      break;
    case "IfExp":
      fn(e.test);
      fn(e.body);
      fn(e.orelse);
      break;
    case "Dict":
      e.keys.forEach((k) => k && fn(k));
      e.values.forEach(fn);
      break;
    case "Set":
    case "List":
    case "Tuple":
      e.elts.forEach(fn);
      break;
    case "Compare":
      fn(e.left);
      e.comparators.forEach(fn);
      break;
    case "Call":
      fn(e.func);
      e.args.forEach(fn);
      e.keywords.forEach((k) => fn(k.value));
      break;
    case "FormattedValue":
      fn(e.value);
      if (e.formatSpec) fn(e.formatSpec);
      break;
    case "JoinedStr":
      e.values.forEach(fn);
      break;
    case "Attribute":
      fn(e.value);
      break;
    case "Subscript":
      fn(e.value);
      fn(e.slice);
      break;
    case "Starred":
      fn(e.value);
      break;
    case "Slice":
      if (e.lower) fn(e.lower);
      if (e.upper) fn(e.upper);
      if (e.step) fn(e.step);
      break;
    case "Await":
    case "YieldFrom":
      fn(e.value);
      break;
    case "Yield":
      if (e.value) fn(e.value);
      break;
  }
}

/** Decides the access kind of every symbol, creating cells and free vars along the way. */
function resolve(scope: Scope, fail: (m: string, n: A.Pos | null) => never): void {
  if (scope.isFunctionLike()) {
    scope.isGenerator = scope.isGenerator || scope.hasYield;
    for (const [name, flags] of scope.symbols) {
      if (flags & DECL_GLOBAL) scope.setAccess(name, Access.GLOBAL);
      else if (flags & DECL_NONLOCAL) {
        if (!bindFree(scope, name)) fail("no binding for nonlocal found", null);
      } else if (flags & (ASSIGNED | PARAM)) scope.setAccess(name, Access.FAST);
      else if (!bindFree(scope, name)) scope.setAccess(name, Access.GLOBAL);
    }
    if (scope.usesClassCell) {
      let s = scope.parent;
      while (s !== null && s.kind !== "class") s = s.parent;
      if (s !== null) {
        s.needsClassCell = true;
        if (!s.cellVars.includes("__class__")) s.cellVars.push("__class__");
        let f: Scope | null = scope;
        while (f !== null && f !== s) {
          if (!f.freeVars.includes("__class__")) f.freeVars.push("__class__");
          f.setAccess("__class__", Access.DEREF);
          f = f.parent;
        }
      }
    }
  } else if (scope.kind === "class") {
    for (const [name, flags] of scope.symbols) {
      if (flags & DECL_GLOBAL) scope.setAccess(name, Access.GLOBAL);
      else if (flags & DECL_NONLOCAL) {
        if (!bindFree(scope, name)) fail("no binding for nonlocal found", null);
        scope.setAccess(name, Access.DEREF);
      } else if (!(flags & ASSIGNED) && bindFree(scope, name)) {
        scope.setAccess(name, Access.CLASSDEREF);
      }
    }
  }
  for (const child of scope.children) resolve(child, fail);
}

/**
 * Makes `name` a free variable of `scope` if an enclosing function binds it:
 * the binding scope gets a cell, every scope in between a pass-through free var.
 */
function bindFree(scope: Scope, name: string): boolean {
  let s = scope.parent;
  const path: Scope[] = [];
  while (s !== null && s.kind !== "module") {
    if (s.isFunctionLike()) {
      const flags = s.symbols.get(name) ?? 0;
      if ((flags & (ASSIGNED | PARAM)) && !(flags & (DECL_GLOBAL | DECL_NONLOCAL))) {
        if (!s.cellVars.includes(name)) s.cellVars.push(name);
        s.setAccess(name, Access.DEREF);
        for (const p of path) {
          if (!p.freeVars.includes(name)) p.freeVars.push(name);
          if (p.kind !== "class") p.setAccess(name, Access.DEREF);
        }
        if (!scope.freeVars.includes(name)) scope.freeVars.push(name);
        if (scope.kind !== "class") scope.setAccess(name, Access.DEREF);
        return true;
      }
      if (flags & DECL_NONLOCAL) {
        // Resolved through that scope's own free variable.
        path.push(s);
        s = s.parent;
        continue;
      }
      if (flags & DECL_GLOBAL) return false;
    }
    if (s.isFunctionLike()) path.push(s);
    else if (s.kind === "class") path.push(s);
    s = s.parent;
  }
  return false;
}
