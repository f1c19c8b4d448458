/**
 * `dict`: backed by a JS Map from canonical keys (hashing.ts) to values. When a key's
 * canonical form differs from the key itself (1.0, True) the original key is remembered in
 * `origKeys`, so `{1.0: x}` still shows 1.0. It iterates in MicroPython's order, the slot
 * order of its hash table, which slot_order.ts models once the order is first needed;
 * OrderedDict keeps insertion order. Module globals and instance attributes are dicts too;
 * their str keys take the `getStr`/`setStr` fast path, a single Map operation.
 */

import { chargeMemory } from "../vm/limits.ts";
import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { BinaryOp, CompareOp } from "../compiler/bytecode.ts";
import {
  PyBaseException,
  PyKeyError,
  PyRuntimeError,
  PyTypeError,
  PyValueError,
  raise,
} from "./exception.ts";
import { NotImplemented } from "./singletons.ts";
import { equals, getIter, iterNext, len, repr, toArray } from "./ops.ts";
import { typeOf } from "./typeof.ts";
import { KeyTable } from "./hashing.ts";
import { HashSlots, layoutOf } from "./slot_order.ts";
import { native, positionalCount, PyClassMethod } from "./function.ts";
import { PyTuple } from "./tuple.ts";
import { PyList } from "./list.ts";
import { getAttrOrUndefined } from "./attr.ts";
import { callValue } from "../vm/call.ts";

export const dictType = new PyType("dict", []);
// MicroPython has one view type, named dict_view; its repr still says which view.
export const dictKeysType = new PyType("dict_view", []);
export const dictValuesType = new PyType("dict_view", []);
export const dictItemsType = new PyType("dict_view", []);
export const dictIteratorType = new PyType("dict_iterator", []);

/** collections.OrderedDict registers itself here: it keeps insertion order, and it never
 * equals a plain dict. */
let orderedDictType: PyType | null = null;
export function setOrderedDictType(type: PyType): void {
  orderedDictType = type;
}

export class PyDict extends PyObject {
  map: Map<PyValue, PyValue>;
  origKeys: Map<PyValue, PyValue> | null;
  table: KeyTable;
  /** A read-only table a module exposes (errno.errorcode): Python code cannot change it. */
  fixed: boolean;
  /** MicroPython's table layout, the iteration order; null until first needed. */
  slots: HashSlots | null;
  /** The slots MicroPython's table starts with: a literal's item count, else none. */
  initialAlloc: number;
  /** OrderedDict: iterates in insertion order, the Map's own. */
  insertionOrdered: boolean;

  constructor(type: PyType = dictType) {
    super(type);
    this.map = new Map();
    this.origKeys = null;
    this.table = new KeyTable();
    this.fixed = false;
    this.slots = null;
    this.initialAlloc = 0;
    this.insertionOrdered = type !== dictType && orderedDictType !== null &&
      type.isSubclassOf(orderedDictType);
  }

  get size(): number {
    return this.map.size;
  }

  getStr(key: string): PyValue | undefined {
    return this.map.get(key);
  }

  setStr(key: string, value: PyValue): void {
    if (this.slots === null) {
      this.map.set(key, value);
      return;
    }
    const before = this.map.size;
    this.map.set(key, value);
    if (this.map.size !== before) this.slots.add(key);
  }

  get(key: PyValue): PyValue | undefined {
    if (typeof key === "string") return this.map.get(key);
    // An empty dict finds nothing without hashing: `{}[[1]]` is a KeyError in MicroPython.
    if (this.map.size === 0) return undefined;
    return this.map.get(this.table.canon(key, false));
  }

  set(key: PyValue, value: PyValue): void {
    // The memory budget is charged per 1024 entries: cheap on this hot path.
    const before = this.map.size;
    if ((before & 1023) === 1023) chargeMemory(1024 * 64);
    if (typeof key === "string" || typeof key === "number") {
      this.map.set(key, value);
      if (this.slots !== null && this.map.size !== before) this.slots.add(key);
      return;
    }
    const canon = this.table.canon(key, true);
    if (canon !== key && !this.map.has(canon)) {
      if (this.origKeys === null) this.origKeys = new Map();
      this.origKeys.set(canon, key);
    }
    this.map.set(canon, value);
    if (this.slots !== null && this.map.size !== before) this.slots.add(canon);
  }

  /** Removes `key`; returns the value or undefined when absent. */
  delete(key: PyValue): PyValue | undefined {
    if (this.map.size === 0) return undefined;
    const canon = typeof key === "string" ? key : this.table.canon(key, false);
    const value = this.map.get(canon);
    if (value === undefined) return undefined;
    if (!this.insertionOrdered) this.orderSlots().remove(canon);
    this.forget(canon);
    return value;
  }

  /** Drops `canon` from the lookup structures (the slots are the caller's). */
  private forget(canon: PyValue): void {
    this.map.delete(canon);
    if (this.origKeys !== null) this.origKeys.delete(canon);
    this.table.release(canon);
  }

  /** dict.popitem: the first key in MicroPython's order (the last one for an OrderedDict). */
  popItem(): [PyValue, PyValue] {
    let canon: PyValue;
    if (this.insertionOrdered) {
      for (const c of this.map.keys()) canon = c;
    } else {
      const slots = this.orderSlots();
      const pos = slots.nextFilled(0);
      canon = slots.keyAt(pos);
      slots.removeAt(pos, true);
    }
    const entry: [PyValue, PyValue] = [this.keyOf(canon!), this.map.get(canon!)!];
    this.forget(canon!);
    return entry;
  }

  has(key: PyValue): boolean {
    return this.get(key) !== undefined;
  }

  clear(): void {
    this.map.clear();
    this.origKeys = null;
    this.table.clear();
    this.slots = null;
    this.initialAlloc = 0;
  }

  /**
   * The table layout, built on first use by placing the keys in insertion order: while no key
   * was removed, that is the layout MicroPython's table has (a removal builds it first).
   */
  orderSlots(): HashSlots {
    return this.slots ??= layoutOf(this.initialAlloc, this.map.keys());
  }

  /** The canonical keys in iteration order. */
  orderedCanonKeys(): IterableIterator<PyValue> {
    return this.insertionOrdered ? this.map.keys() : this.orderSlots().keys();
  }

  /** The Python key for a canonical key. */
  keyOf(canon: PyValue): PyValue {
    if (this.origKeys === null) return canon;
    const orig = this.origKeys.get(canon);
    return orig === undefined ? canon : orig;
  }

  *entries(): IterableIterator<[PyValue, PyValue]> {
    for (const canon of this.orderedCanonKeys()) yield [this.keyOf(canon), this.map.get(canon)!];
  }

  /** The entries in the order they were first inserted (the Map's), whatever the dict's
   * iteration order: how a call's merged keyword arguments were passed. */
  *insertionEntries(): IterableIterator<[PyValue, PyValue]> {
    for (const [canon, value] of this.map) yield [this.keyOf(canon), value];
  }

  copyInto(target: PyDict): void {
    for (const canon of this.orderedCanonKeys()) {
      target.set(this.keyOf(canon), this.map.get(canon)!);
    }
  }
}

/** A dict view or the dict's own iterator; `kind` picks keys, values or items. */
export const enum ViewKind {
  KEYS = 0,
  VALUES,
  ITEMS,
}

export class PyDictView extends PyObject {
  target: PyDict;
  kind: ViewKind;
  constructor(target: PyDict, kind: ViewKind) {
    super(
      kind === ViewKind.KEYS
        ? dictKeysType
        : kind === ViewKind.VALUES
        ? dictValuesType
        : dictItemsType,
    );
    this.target = target;
    this.kind = kind;
  }
}

export class PyDictIterator extends PyObject {
  target: PyDict;
  /** OrderedDict: the Map's iterator; else null, and `pos` walks the table's slots. */
  iterator: Iterator<PyValue> | null;
  slots: HashSlots | null;
  pos: number;
  kind: ViewKind;
  size: number;
  constructor(target: PyDict, kind: ViewKind) {
    super(dictIteratorType);
    this.target = target;
    this.iterator = target.insertionOrdered ? target.map.keys() : null;
    this.slots = target.insertionOrdered ? null : target.orderSlots();
    this.pos = 0;
    this.kind = kind;
    this.size = target.map.size;
  }
}

dictIteratorType.iterSlot = (self) => self;
dictIteratorType.nextSlot = (self: PyDictIterator) => {
  const target = self.target;
  if (target.map.size !== self.size) {
    raise(PyRuntimeError, "dictionary changed size during iteration");
  }
  let canon: PyValue;
  if (self.slots !== null) {
    const pos = self.slots.nextFilled(self.pos);
    if (pos < 0) return undefined;
    self.pos = pos + 1;
    canon = self.slots.keyAt(pos);
  } else {
    const step = self.iterator!.next();
    if (step.done) return undefined;
    canon = step.value;
  }
  switch (self.kind) {
    case ViewKind.KEYS:
      return target.keyOf(canon);
    case ViewKind.VALUES:
      return target.map.get(canon)!;
    default:
      return new PyTuple([target.keyOf(canon), target.map.get(canon)!]);
  }
};

function viewRepr(view: PyDictView): string {
  const parts: string[] = [];
  for (const [key, value] of view.target.entries()) {
    if (view.kind === ViewKind.KEYS) parts.push(repr(key));
    else if (view.kind === ViewKind.VALUES) parts.push(repr(value));
    else parts.push(`(${repr(key)}, ${repr(value)})`);
  }
  const name = view.kind === ViewKind.KEYS
    ? "dict_keys"
    : view.kind === ViewKind.VALUES
    ? "dict_values"
    : "dict_items";
  return `${name}([${parts.join(", ")}])`;
}

for (const viewType of [dictKeysType, dictValuesType, dictItemsType]) {
  viewType.iterSlot = (self: PyDictView) => new PyDictIterator(self.target, self.kind);
  viewType.lenSlot = (self: PyDictView) => self.target.size;
  viewType.reprSlot = viewRepr;
}
dictKeysType.unhashable = true;
dictItemsType.unhashable = true;
dictKeysType.containsSlot = (self: PyDictView, key) => self.target.has(key);
dictItemsType.containsSlot = (self: PyDictView, item) => {
  if (!(item instanceof PyTuple) || item.items.length !== 2) return false;
  const value = self.target.get(item.items[0]);
  return value !== undefined && equals(value, item.items[1]);
};
dictValuesType.containsSlot = (self: PyDictView, value) => {
  for (const [, v] of self.target.entries()) if (equals(v, value)) return true;
  return false;
};

// ---- slots ----

export function keyError(key: PyValue): never {
  throw new PyBaseException(PyKeyError, [key]);
}

dictType.newSlot = (cls) => new PyDict(cls);
dictType.initSlot = (self: PyDict, args, kwnames) => updateDict(self, args, kwnames, 0);
dictType.reprSlot = (self: PyDict) => {
  let out = "{";
  let first = true;
  for (const [key, value] of self.entries()) {
    if (!first) out += ", ";
    first = false;
    out += repr(key) + ": " + repr(value);
  }
  return out + "}";
};
dictType.unhashable = true;
dictType.lenSlot = (self: PyDict) => self.map.size;
dictType.boolSlot = (self: PyDict) => self.map.size !== 0;
dictType.iterSlot = (self: PyDict) => new PyDictIterator(self, ViewKind.KEYS);
dictType.containsSlot = (self: PyDict, key) => self.has(key);
dictType.getItemSlot = (self: PyDict, key) => {
  const value = self.get(key);
  if (value !== undefined) return value;
  if (self.type !== dictType) {
    const missing = self.type.lookup("__missing__");
    if (missing !== undefined) return callValue(missing, [self, key], null);
  }
  keyError(key);
};
dictType.setItemSlot = (self: PyDict, key, value) => writable(self).set(key, value);
dictType.delItemSlot = (self: PyDict, key) => {
  if (writable(self).delete(key) === undefined) keyError(key);
};

dictType.compareSlot = (self: PyDict, other, op) => {
  if (!(other instanceof PyDict) || (op !== CompareOp.EQ && op !== CompareOp.NE)) {
    return NotImplemented;
  }
  // MicroPython: an OrderedDict and a dict are unequal whatever they hold.
  let same = self.size === other.size &&
    (self.type === orderedDictType) === (other.type === orderedDictType);
  if (same) {
    for (const [key, value] of self.entries()) {
      const v = other.get(key);
      if (v === undefined || !equals(value, v)) {
        same = false;
        break;
      }
    }
  }
  return op === CompareOp.EQ ? same : !same;
};
dictType.binarySlot = (self: PyDict, other, op) => {
  if ((op & 15) !== BinaryOp.OR || !(other instanceof PyDict)) return NotImplemented;
  const target = op & BinaryOp.INPLACE ? writable(self) : copyDict(self);
  other.copyInto(target);
  return target;
};

/** d.copy(): the same entries in the same table layout, so the same order. */
export function copyDict(d: PyDict): PyDict {
  const out = new PyDict();
  for (const [canon, value] of d.map) out.map.set(canon, value);
  if (d.origKeys !== null) out.origKeys = new Map(d.origKeys);
  out.table = d.table.clone();
  if (!d.insertionOrdered) out.slots = d.orderSlots().clone();
  return out;
}

/** dict(...) / d.update(...): a mapping or iterable of pairs, then keyword arguments. */
export function updateDict(
  self: PyDict,
  args: PyValue[],
  kwnames: string[] | null,
  first: number,
): void {
  const npos = positionalCount(args, kwnames);
  // MicroPython counts the dict itself among the arguments here.
  if (npos - first > 1) {
    raise(PyTypeError, `function expected at most 2 arguments, got ${npos - first + 1}`);
  }
  if (npos > first) {
    const source = args[first];
    if (source instanceof PyDict) source.copyInto(self);
    else {
      const keys = getAttrOrUndefined(source, "keys");
      if (keys !== undefined) {
        const it = getIter(callValue(keys, [], null));
        for (;;) {
          const key = iterNext(it);
          if (key === undefined) break;
          self.set(key, callValue(getAttrOrUndefined(source, "__getitem__"), [key], null));
        }
      } else {
        const it = getIter(source);
        for (;;) {
          const pair = iterNext(it);
          if (pair === undefined) break;
          const items = pair instanceof PyTuple || pair instanceof PyList
            ? pair.items
            : toArray(pair);
          if (items.length !== 2) {
            raise(PyValueError, "dict update sequence has wrong length");
          }
          self.set(items[0], items[1]);
        }
      }
    }
  }
  if (kwnames !== null) {
    const base = args.length - kwnames.length;
    for (let i = 0; i < kwnames.length; i++) self.set(kwnames[i], args[base + i]);
  }
}

// ---- methods ----

function self(args: PyValue[]): PyDict {
  const s = args[0];
  if (!(s instanceof PyDict)) raise(PyTypeError, "descriptor requires a 'dict' object");
  return s;
}

/** `d` if Python code may change it; a fixed dict refuses every mutation, as in MicroPython. */
function writable(d: PyDict): PyDict {
  if (d.fixed) raise(PyTypeError);
  return d;
}

dictType.define("keys", native("keys", 1, 1, (a) => new PyDictView(self(a), ViewKind.KEYS)));
dictType.define("values", native("values", 1, 1, (a) => new PyDictView(self(a), ViewKind.VALUES)));
dictType.define("items", native("items", 1, 1, (a) => new PyDictView(self(a), ViewKind.ITEMS)));
dictType.define(
  "get",
  native("get", 2, 3, (a) => self(a).get(a[1]) ?? (a.length > 2 ? a[2] : null)),
);
dictType.define(
  "setdefault",
  native("setdefault", 2, 3, (a) => {
    const d = writable(self(a));
    const value = d.get(a[1]);
    if (value !== undefined) return value;
    const fallback = a.length > 2 ? a[2] : null;
    d.set(a[1], fallback);
    return fallback;
  }),
);
dictType.define(
  "pop",
  native("pop", 2, 3, (a) => {
    const value = writable(self(a)).delete(a[1]);
    if (value !== undefined) return value;
    if (a.length > 2) return a[2];
    keyError(a[1]);
  }),
);
dictType.define(
  "popitem",
  native("popitem", 1, 1, (a) => {
    const d = writable(self(a));
    if (d.size === 0) raise(PyKeyError, "popitem(): dictionary is empty");
    return new PyTuple(d.popItem());
  }),
);
dictType.define(
  "update",
  native("update", 1, -1, (a, kw) => {
    updateDict(writable(self(a)), a, kw, 1);
    return null;
  }, true),
);
dictType.define(
  "clear",
  native("clear", 1, 1, (a) => {
    writable(self(a)).clear();
    return null;
  }),
);
dictType.define("copy", native("copy", 1, 1, (a) => copyDict(self(a))));
dictType.define(
  "fromkeys",
  new PyClassMethod(native("fromkeys", 2, 3, (a) => {
    // Called as dict.fromkeys(iterable, value): the classmethod wrapper passes the class first.
    const d = new PyDict();
    // MicroPython sizes the table to the iterable's length when it has one.
    if (typeof a[1] === "string" || typeOf(a[1]).lenSlot !== null) d.initialAlloc = len(a[1]);
    const it = getIter(a[1]);
    const value = a.length > 2 ? a[2] : null;
    for (;;) {
      const key = iterNext(it);
      if (key === undefined) return d;
      d.set(key, value);
    }
  })),
);
