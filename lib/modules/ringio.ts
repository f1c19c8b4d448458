/**
 * `micropython.RingIO`: a fixed-size byte ring buffer with the stream methods
 * (`write`, `read`, `readinto`, `readline`, `any`, `close`), for passing bytes
 * between producers and consumers such as interrupt handlers and asyncio streams.
 *
 * `RingIO(n)` holds up to n bytes; `RingIO(buffer)` uses the caller's buffer and
 * holds one byte less than its length (one slot tells full from empty, as in
 * MicroPython, whose indices are 16-bit: at most 65535 slots).
 */

import { writeWindow } from "./args.ts";
import type { PyValue } from "../objects/base.ts";
import { PyObject } from "../objects/base.ts";
import { PyType } from "../objects/type.ts";
import { native } from "../objects/function.ts";
import { bufferOf, PyBytes } from "../objects/bytes.ts";
import { PyTypeError, PyValueError, raise } from "../objects/exception.ts";
import { asInt, machineWord } from "../objects/int.ts";
import { typeName } from "../objects/typeof.ts";

export const ringIOType = new PyType("RingIO", []);

const MAX_SLOTS = 65535;

class PyRingIO extends PyObject {
  /** The slots; one is always left free, so capacity is slots.length - 1. */
  slots: Uint8Array;
  readAt: number;
  writeAt: number;

  constructor(slots: Uint8Array) {
    super(ringIOType);
    this.slots = slots;
    this.readAt = 0;
    this.writeAt = 0;
  }

  get available(): number {
    const n = this.writeAt - this.readAt;
    return n < 0 ? n + this.slots.length : n;
  }

  get free(): number {
    return this.slots.length - 1 - this.available;
  }

  put(data: Uint8Array): number {
    const count = Math.min(data.length, this.free);
    for (let i = 0; i < count; i++) {
      this.slots[this.writeAt] = data[i];
      this.writeAt = this.writeAt + 1 === this.slots.length ? 0 : this.writeAt + 1;
    }
    return count;
  }

  /** Up to `max` bytes; with `untilNewline`, stops after the first "\n". */
  take(max: number, untilNewline: boolean): Uint8Array {
    const count = Math.min(max, this.available);
    const out = new Uint8Array(count);
    let n = 0;
    while (n < count) {
      const byte = this.slots[this.readAt];
      this.readAt = this.readAt + 1 === this.slots.length ? 0 : this.readAt + 1;
      out[n++] = byte;
      if (untilNewline && byte === 10) break;
    }
    return n === count ? out : out.slice(0, n);
  }
}

function self(args: PyValue[]): PyRingIO {
  const r = args[0];
  if (!(r instanceof PyRingIO)) raise(PyTypeError, "expected a RingIO");
  return r;
}

/** The optional byte-count argument at `args[at]`: all available bytes when absent. */
function countArg(args: PyValue[], at: number, fallback: number): number {
  if (args.length <= at || args[at] === null) return fallback;
  const n = asInt(args[at]);
  if (n === undefined) raise(PyTypeError, `can't convert ${typeName(args[at])} to int`);
  const count = machineWord(n);
  return count < 0 ? fallback : count;
}

ringIOType.newSlot = (_cls, args) => {
  if (args.length !== 1) raise(PyTypeError, "function takes 1 positional argument");
  const spec = args[0];
  let slots: Uint8Array;
  const buffer = typeof spec === "object" && spec !== null ? bufferOf(spec) : undefined;
  if (buffer !== undefined) slots = buffer;
  else {
    const size = asInt(spec);
    if (size === undefined || typeof spec === "boolean") {
      raise(PyTypeError, `can't convert ${typeName(spec)} to int`);
    }
    const n = machineWord(size);
    if (n < 1 || n >= MAX_SLOTS) raise(PyValueError, "invalid size");
    slots = new Uint8Array(n + 1);
  }
  if (slots.length < 2 || slots.length > MAX_SLOTS) raise(PyValueError, "invalid buffer size");
  return new PyRingIO(slots);
};
ringIOType.reprSlot = () => "<RingIO>";

ringIOType.define("any", native("any", 1, 1, (a) => self(a).available));
ringIOType.define(
  "read",
  native("read", 1, 2, (a) => {
    const r = self(a);
    return new PyBytes(r.take(countArg(a, 1, r.available), false));
  }),
);
ringIOType.define(
  "readline",
  native("readline", 1, 2, (a) => {
    const r = self(a);
    return new PyBytes(r.take(countArg(a, 1, r.available), true));
  }),
);
ringIOType.define(
  "readinto",
  native("readinto", 2, 3, (a) => {
    const r = self(a);
    const target = bufferOf(a[1]);
    if (target === undefined) raise(PyTypeError, "object with buffer protocol required");
    const data = r.take(Math.min(target.length, countArg(a, 2, target.length)), false);
    target.set(data);
    return data.length;
  }),
);
ringIOType.define(
  "write",
  native("write", 2, 4, (a) => {
    const data = bufferOf(a[1]);
    if (data === undefined) raise(PyTypeError, "object with buffer protocol required");
    return self(a).put(writeWindow(data, a));
  }),
);
ringIOType.define("close", native("close", 1, 1, () => null));
ringIOType.define("flush", native("flush", 1, 1, () => null));
