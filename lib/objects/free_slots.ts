/**
 * Which slots of a hash table are free (empty or deleted), answering "the first free slot at or
 * after `pos`" in O(log n). slot_order.ts places a key in the first free slot after its home,
 * which is a linear walk in MicroPython; with MicroPython's 16-bit str hashes a table of more
 * than 65,536 str keys is one long cluster, and walking it made building a 100,000-key layout take
 * seconds. A binary tree of free counts over the slots finds the same slot directly.
 */

export class FreeSlots {
  /** Free counts: leaves at [size, 2 * size), each node the sum of its two children. */
  #counts: Int32Array;
  #size: number;
  #length: number;

  /** A tree for `length` slots; `isFree(i)` tells the initial state of slot i. */
  constructor(length: number, isFree: (i: number) => boolean) {
    let size = 1;
    while (size < length) size *= 2;
    this.#size = size;
    this.#length = length;
    this.#counts = new Int32Array(2 * size);
    for (let i = 0; i < length; i++) if (isFree(i)) this.#counts[size + i] = 1;
    for (let node = size - 1; node >= 1; node--) {
      this.#counts[node] = this.#counts[2 * node] + this.#counts[2 * node + 1];
    }
  }

  #set(i: number, free: 0 | 1): void {
    let node = this.#size + i;
    if (this.#counts[node] === free) return;
    const delta = free === 1 ? 1 : -1;
    for (; node >= 1; node >>= 1) this.#counts[node] += delta;
  }

  occupy(i: number): void {
    this.#set(i, 0);
  }

  release(i: number): void {
    this.#set(i, 1);
  }

  /** The first free slot in [from, length), or -1. */
  #firstFrom(from: number): number {
    if (from >= this.#length) return -1;
    // Walk up from the leaf; at each step, a right sibling holding a free slot is where to go
    // down (the leaf itself first).
    let node = this.#size + from;
    if (this.#counts[node] > 0) return from;
    for (;;) {
      while (node > 1 && (node & 1) === 1) node >>= 1;
      if (node === 1) return -1;
      node += 1; // the right sibling
      if (this.#counts[node] > 0) break;
    }
    while (node < this.#size) {
      node = this.#counts[2 * node] > 0 ? 2 * node : 2 * node + 1;
    }
    const i = node - this.#size;
    return i < this.#length ? i : -1;
  }

  /** The first free slot at or after `pos`, wrapping around to the start; -1 when none is. */
  firstFreeFrom(pos: number): number {
    const found = this.#firstFrom(pos);
    return found >= 0 ? found : this.#firstFrom(0);
  }
}
