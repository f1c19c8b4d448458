/**
 * `heapq`: a binary min-heap over a list — heappush, heappop, heapify.
 */

import type { PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";
import { PyIndexError, PyTypeError, raise } from "../objects/exception.ts";
import { PyList } from "../objects/list.ts";
import { lessThan } from "../objects/ops.ts";

function list(v: PyValue): PyValue[] {
  if (!(v instanceof PyList)) raise(PyTypeError, "heap must be a list");
  return v.items;
}

function siftUp(h: PyValue[], i: number): void {
  const item = h[i];
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!lessThan(item, h[parent])) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = item;
}

function siftDown(h: PyValue[], i: number): void {
  const n = h.length;
  const item = h[i];
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && lessThan(h[child + 1], h[child])) child++;
    if (!lessThan(h[child], item)) break;
    h[i] = h[child];
    i = child;
  }
  h[i] = item;
}

registerBuiltinModule("heapq", (m: PyModule) => {
  const d = m.dict;
  d.setStr(
    "heappush",
    native("heappush", 2, 2, (a) => {
      const h = list(a[0]);
      h.push(a[1]);
      siftUp(h, h.length - 1);
      return null;
    }),
  );
  d.setStr(
    "heappop",
    native("heappop", 1, 1, (a) => {
      const h = list(a[0]);
      if (h.length === 0) raise(PyIndexError, "empty heap");
      const top = h[0];
      const last = h.pop();
      if (h.length > 0) {
        h[0] = last;
        siftDown(h, 0);
      }
      return top;
    }),
  );
  d.setStr(
    "heapify",
    native("heapify", 1, 1, (a) => {
      const h = list(a[0]);
      for (let i = (h.length >> 1) - 1; i >= 0; i--) siftDown(h, i);
      return null;
    }),
  );
});
