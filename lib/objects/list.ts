/**
 * `list`: a JS array of PyValues, plus the sequence helpers tuple shares
 * (lexicographic comparison, repr, repetition).
 */

import { chargeMemory } from "../vm/limits.ts";
import { PyObject, type PyValue } from "./base.ts";
import { PyType } from "./type.ts";
import { BinaryOp, CompareOp } from "../compiler/bytecode.ts";
import {
  PyIndexError,
  PyMemoryError,
  PyNotImplementedError,
  PyTypeError,
  PyValueError,
  raise,
} from "./exception.ts";
import { NotImplemented } from "./singletons.ts";
import { asInt, machineWord } from "./int.ts";
import {
  compareBool,
  equals,
  getIter,
  isTruthy,
  iterNext,
  lessThan,
  MAX_SEQUENCE_LENGTH,
  repr,
  toArray,
} from "./ops.ts";
import { PySlice, resolveSlice, sequenceIndex } from "./slice.ts";
import { checkArity, native, parseKwargs } from "./function.ts";
import { callValue } from "../vm/call.ts";

export const listType = new PyType("list", []);
export const listIteratorType = new PyType("list_iterator", []);

export class PyList extends PyObject {
  items: PyValue[];
  constructor(items: PyValue[], type: PyType = listType) {
    super(type);
    this.items = items;
  }
}

export class PyListIterator extends PyObject {
  items: PyValue[];
  index: number;
  constructor(items: PyValue[]) {
    super(listIteratorType);
    this.items = items;
    this.index = 0;
  }
}
listIteratorType.iterSlot = (self) => self;
listIteratorType.nextSlot = (self: PyListIterator) => {
  const items = self.items;
  if (self.index < items.length) return items[self.index++];
  return undefined;
};

// ---- shared sequence helpers ----

/** Lexicographic comparison of two item arrays (list vs list, tuple vs tuple). */
export function compareSequences(a: PyValue[], b: PyValue[], op: number): boolean {
  if (op === CompareOp.EQ || op === CompareOp.NE) {
    let same = a.length === b.length;
    if (same) {
      for (let i = 0; i < a.length; i++) {
        if (!equals(a[i], b[i])) {
          same = false;
          break;
        }
      }
    }
    return op === CompareOp.EQ ? same : !same;
  }
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (!equals(a[i], b[i])) return compareBool(a[i], b[i], op);
  }
  switch (op) {
    case CompareOp.LT:
      return a.length < b.length;
    case CompareOp.LE:
      return a.length <= b.length;
    case CompareOp.GT:
      return a.length > b.length;
    default:
      return a.length >= b.length;
  }
}

export function itemsRepr(items: PyValue[], open: string, close: string): string {
  let out = open;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ", ";
    out += repr(items[i]);
  }
  return out + close;
}

/** `seq * n` on an item array; MemoryError for absurd sizes instead of exhausting the heap. */
export function repeatItems(items: PyValue[], times: PyValue): PyValue[] | typeof NotImplemented {
  const n = asInt(times);
  if (n === undefined) return NotImplemented;
  if (n <= 0 || items.length === 0) return [];
  if (machineWord(n) * items.length > 0x10000000 || typeof n === "bigint") {
    raise(PyMemoryError, "memory allocation failed");
  }
  chargeMemory(items.length * n * 16);
  const out = new Array(items.length * n);
  for (let r = 0, k = 0; r < n; r++) for (let i = 0; i < items.length; i++) out[k++] = items[i];
  return out;
}

export function sliceItems(items: PyValue[], s: PySlice): PyValue[] {
  const { start, step, count } = resolveSlice(s, items.length);
  if (step === 1) return items.slice(start, start + count);
  const out = new Array(count);
  for (let i = 0, j = start; i < count; i++, j += step) out[i] = items[j];
  return out;
}

export function indexOfItem(items: PyValue[], value: PyValue, args: PyValue[]): number {
  const n = items.length;
  let start = args.length > 2 ? normIndex(args[2], n) : 0;
  const stop = args.length > 3 ? normIndex(args[3], n) : n;
  for (; start < stop; start++) if (equals(items[start], value)) return start;
  raise(PyValueError, "object not in sequence");
}

function normIndex(v: PyValue, n: number): number {
  let i = machineWord(asInt(v) ?? raise(PyTypeError, "slice indices must be integers"));
  if (i < 0) i = Math.max(0, i + n);
  return Math.min(i, n);
}

export function countItems(items: PyValue[], value: PyValue): number {
  let count = 0;
  for (let i = 0; i < items.length; i++) if (equals(items[i], value)) count++;
  return count;
}

// ---- slots ----

listType.newSlot = (cls) => new PyList([], cls);
listType.initSlot = (self: PyList, args) => {
  checkArity(args.length, 0, 1);
  if (args.length === 1) self.items = toArray(args[0]);
};
listType.reprSlot = (self: PyList) => itemsRepr(self.items, "[", "]");
listType.unhashable = true;
listType.lenSlot = (self: PyList) => self.items.length;
listType.boolSlot = (self: PyList) => self.items.length !== 0;
listType.iterSlot = (self: PyList) => new PyListIterator(self.items);
listType.containsSlot = (self: PyList, value) => {
  const items = self.items;
  for (let i = 0; i < items.length; i++) if (equals(items[i], value)) return true;
  return false;
};
listType.getItemSlot = (self: PyList, key) => {
  if (typeof key === "number") {
    const items = self.items;
    const i = key < 0 ? key + items.length : key;
    if (i >= 0 && i < items.length) return items[i];
    raise(PyIndexError, "list index out of range");
  }
  if (key instanceof PySlice) return new PyList(sliceItems(self.items, key));
  return self.items[sequenceIndex(key, self.items.length, "list")];
};
listType.setItemSlot = (self: PyList, key, value) => {
  if (key instanceof PySlice) return assignSlice(self, key, value);
  self.items[sequenceIndex(key, self.items.length, "list")] = value;
};
listType.delItemSlot = (self: PyList, key) => {
  if (key instanceof PySlice) {
    // MicroPython deletes and assigns list slices only with step 1.
    const { start, step, count } = resolveSlice(key, self.items.length);
    if (step !== 1) raise(PyNotImplementedError);
    self.items.splice(start, count);
    return;
  }
  self.items.splice(sequenceIndex(key, self.items.length, "list"), 1);
};

function assignSlice(self: PyList, key: PySlice, value: PyValue): void {
  const { start, step, count } = resolveSlice(key, self.items.length);
  if (step !== 1) raise(PyNotImplementedError);
  const replacement = value === self ? self.items.slice() : toArray(value);
  self.items.splice(start, count, ...replacement);
}

listType.binarySlot = (self: PyList, other, op) => {
  switch (op) {
    case BinaryOp.ADD:
      if (!(other instanceof PyList)) return NotImplemented;
      chargeMemory((self.items.length + other.items.length) * 16);
      return new PyList(self.items.concat(other.items));
    case BinaryOp.ADD | BinaryOp.INPLACE:
      extend(self, other);
      return self;
    case BinaryOp.MUL: {
      const items = repeatItems(self.items, other);
      return items === NotImplemented ? items : new PyList(items as PyValue[]);
    }
    case BinaryOp.MUL | BinaryOp.INPLACE: {
      const items = repeatItems(self.items, other);
      if (items === NotImplemented) return items;
      self.items = items as PyValue[];
      return self;
    }
  }
  return NotImplemented;
};
listType.rbinarySlot = (self: PyList, other, op) => {
  if (op !== BinaryOp.MUL) return NotImplemented;
  const items = repeatItems(self.items, other);
  return items === NotImplemented ? items : new PyList(items as PyValue[]);
};
listType.compareSlot = (self: PyList, other, op) => {
  if (!(other instanceof PyList)) return NotImplemented;
  return compareSequences(self.items, other.items, op);
};

function extend(self: PyList, iterable: PyValue): void {
  if (iterable instanceof PyList) {
    const src = iterable.items;
    const n = src.length;
    chargeMemory(n * 8);
    for (let i = 0; i < n; i++) self.items.push(src[i]);
    return;
  }
  const it = getIter(iterable);
  for (;;) {
    const item = iterNext(it);
    if (item === undefined) return;
    const length = self.items.push(item);
    if ((length & 4095) === 0) chargeMemory(4096 * 16);
    if (length > MAX_SEQUENCE_LENGTH) {
      raise(PyMemoryError, "memory allocation failed");
    }
  }
}

// ---- sort: a stable merge sort on the JS array with Python comparisons ----

/**
 * Sorts in place with MicroPython's algorithm: an in-place quicksort with the
 * last item as pivot. It is not stable, it calls `key` at every comparison
 * (not once per item) and compares in its own order; all three show in output
 * (ties, key side effects, which operand a TypeError names), so upy follows it.
 * `reverse` flips the test to "not less than", as MicroPython does.
 */
export function sortItems(items: PyValue[], key: PyValue, reverse: boolean): PyValue[] {
  const out = items.slice();
  if (out.length > 1) quicksort(out, 0, out.length - 1, key, !reverse);
  return out;
}

function keyOf(value: PyValue, key: PyValue): PyValue {
  return key === null ? value : callValue(key, [value], null);
}

function quicksort(a: PyValue[], head: number, tail: number, key: PyValue, want: boolean): void {
  while (head < tail) {
    let h = head - 1;
    let t = tail;
    const pivot = keyOf(a[tail], key);
    for (;;) {
      do ++h; while (h < t && lessThan(keyOf(a[h], key), pivot) === want);
      do --t; while (h < t && lessThan(pivot, keyOf(a[t], key)) === want);
      if (h >= t) break;
      const swap = a[h];
      a[h] = a[t];
      a[t] = swap;
    }
    const swap = a[h];
    a[h] = a[tail];
    a[tail] = swap;
    // Recurse into the smaller part, loop on the larger: O(log n) JS stack.
    if (t - head < tail - h - 1) {
      quicksort(a, head, t, key, want);
      head = h + 1;
    } else {
      quicksort(a, h + 1, tail, key, want);
      tail = t;
    }
  }
}

// ---- methods ----

function self(args: PyValue[]): PyList {
  const s = args[0];
  if (!(s instanceof PyList)) raise(PyTypeError, "descriptor requires a 'list' object");
  return s;
}

listType.define(
  "append",
  native("append", 2, 2, (a) => {
    // The memory budget is charged per 4096 items: cheap on this hot path.
    if ((self(a).items.push(a[1]) & 4095) === 0) chargeMemory(4096 * 16);
    return null;
  }),
);
listType.define(
  "extend",
  native("extend", 2, 2, (a) => {
    extend(self(a), a[1]);
    return null;
  }),
);
listType.define(
  "insert",
  native("insert", 3, 3, (a) => {
    const items = self(a).items;
    let i = machineWord(asInt(a[1]) ?? raise(PyTypeError, "can't convert to int"));
    if (i < 0) i = Math.max(0, i + items.length);
    items.splice(Math.min(i, items.length), 0, a[2]);
    return null;
  }),
);
listType.define(
  "pop",
  native("pop", 1, 2, (a) => {
    const items = self(a).items;
    if (items.length === 0) raise(PyIndexError, "pop from empty list");
    if (a.length === 1) return items.pop();
    const i = sequenceIndex(a[1], items.length, "list");
    return items.splice(i, 1)[0];
  }),
);
listType.define(
  "remove",
  native("remove", 2, 2, (a) => {
    const items = self(a).items;
    items.splice(indexOfItem(items, a[1], []), 1);
    return null;
  }),
);
listType.define("index", native("index", 2, 4, (a) => indexOfItem(self(a).items, a[1], a)));
listType.define("count", native("count", 2, 2, (a) => countItems(self(a).items, a[1])));
listType.define(
  "clear",
  native("clear", 1, 1, (a) => {
    self(a).items.length = 0;
    return null;
  }),
);
listType.define("copy", native("copy", 1, 1, (a) => new PyList(self(a).items.slice())));
listType.define(
  "reverse",
  native("reverse", 1, 1, (a) => {
    self(a).items.reverse();
    return null;
  }),
);
listType.define(
  "sort",
  native("sort", 1, 1, (a, kw) => {
    const list = self(a);
    const opts = parseKwargs(a, kw, ["key", "reverse"]);
    const key = opts?.get("key") ?? null;
    const reverse = isTruthy(opts?.get("reverse") ?? false);
    const before = list.items;
    const length = before.length;
    const sorted = sortItems(before, key, reverse);
    // A comparison or key that resized the list leaves nothing sane to store.
    if (list.items !== before || before.length !== length) {
      raise(PyValueError, "list modified during sort");
    }
    list.items = sorted;
    return null;
  }, true),
);
