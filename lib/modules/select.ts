/**
 * `select`: poll() and select() over upy's streams, as MicroPython's.
 *
 * How each kind of object answers "are you ready for flags?":
 * - sys.stdin (or fd 0): readable once input is buffered or has ended;
 *   sys.stdout/stderr (fds 1, 2) are always writable.
 * - files from open(): always readable and writable (as regular files are).
 * - user streams: their ioctl(MP_STREAM_POLL, flags) method; a negative result
 *   is OSError(-result).
 * - anything else (io.BytesIO included, as in MicroPython): OSError(EINVAL).
 *
 * Waiting (a timeout other than 0, with nothing ready) checks again every few
 * ms, or as soon as stdin has data. When the VM can suspend it waits on a
 * Promise, so Deno's event loop (and stdin's read) keeps going; in a nested call
 * it blocks between checks.
 */

import { PyObject, type PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import { intArg } from "./args.ts";
import type { PyModule } from "../objects/module.ts";
import { PyType } from "../objects/type.ts";
import { native } from "../objects/function.ts";
import { PyTypeError, raise, raiseOSError } from "../objects/exception.ts";
import { asInt } from "../objects/int.ts";
import { asFloat } from "../objects/float.ts";
import { PyList, PyListIterator } from "../objects/list.ts";
import { makeTuple, PyTuple } from "../objects/tuple.ts";
import { getAttrOrUndefined } from "../objects/attr.ts";
import { toArray } from "../objects/ops.ts";
import { callValue } from "../vm/call.ts";
import { activeVM, setActiveVM } from "../vm/state.ts";
import { typeName } from "../objects/typeof.ts";
import { ERRNO } from "./errno_table.ts";
import { PyFile } from "./file.ts";
import { PyTextStream } from "./sys.ts";
import { stdinReady, stdinWhenReady } from "./stdin.ts";

const POLLIN = 0x0001;
const POLLOUT = 0x0004;
const POLLERR = 0x0008;
const POLLHUP = 0x0010;
const MP_STREAM_POLL = 3;
/** How often a wait looks again at objects that cannot say when they are ready. */
const RECHECK_MS = 5;

/** The flags of `want` (plus error/hang-up) that `obj` is ready for now. */
function readiness(obj: PyValue, want: number): number {
  const fd = typeof obj === "number" ? obj : obj instanceof PyTextStream ? obj.fd : -1;
  if (fd === 0) return stdinReady() ? want & POLLIN : 0;
  if (fd === 1 || fd === 2) return want & POLLOUT;
  if (obj instanceof PyFile) return obj.closed ? POLLHUP : want & (POLLIN | POLLOUT);
  const ioctl = getAttrOrUndefined(obj, "ioctl");
  if (ioctl === undefined || typeof obj === "number") raiseOSError(ERRNO.EINVAL);
  const result = Number(asInt(callValue(ioctl, [MP_STREAM_POLL, want], null)) ?? 0);
  if (result < 0) raiseOSError(-result);
  return result;
}

function watchesStdin(obj: PyValue): boolean {
  return obj === 0 || (obj instanceof PyTextStream && obj.fd === 0);
}

export const pollType = new PyType("poll", []);

class PyPoll extends PyObject {
  /** Registered objects and the flags asked for, in registration order. */
  entries = new Map<PyValue, number>();
  constructor() {
    super(pollType);
  }

  ready(): PyValue[] {
    const out: PyValue[] = [];
    for (const [obj, want] of this.entries) {
      const flags = readiness(obj, want);
      if (flags !== 0) out.push(makeTuple([obj, flags]));
    }
    return out;
  }

  /** poll(timeout): the ready list, or a Promise of it when it has to wait. */
  wait(timeout: number, done: (ready: PyValue[]) => PyValue): PyValue {
    const first = this.ready();
    if (first.length > 0 || timeout === 0) return done(first);
    const vm = activeVM();
    const deadline = timeout < 0 ? Infinity : performance.now() + timeout;
    const stdin = [...this.entries.keys()].some(watchesStdin);
    if (!vm.canSuspend) {
      const cell = new Int32Array(new SharedArrayBuffer(4));
      for (;;) {
        const left = deadline - performance.now();
        if (left <= 0) return done([]);
        Atomics.wait(cell, 0, 0, Math.min(left, RECHECK_MS));
        const ready = this.ready();
        if (ready.length > 0) return done(ready);
      }
    }
    const pause = (ms: number) => {
      const timer = new Promise<void>((resolve) => setTimeout(resolve, ms));
      return stdin ? Promise.race([timer, stdinWhenReady()]) : timer;
    };
    return (async () => {
      for (;;) {
        const left = deadline - performance.now();
        if (left <= 0) return done([]);
        await pause(Math.min(left, RECHECK_MS));
        setActiveVM(vm);
        const ready = this.ready();
        if (ready.length > 0) return done(ready);
      }
    })();
  }
}

pollType.reprSlot = () => "<poll>";
{
  const self = (a: PyValue[]) => a[0] as PyPoll;
  pollType.define(
    "register",
    native("register", 2, 3, (a) => {
      self(a).entries.set(a[1], a.length > 2 ? intArg(a[2]) : POLLIN | POLLOUT);
      return null;
    }),
  );
  pollType.define(
    "unregister",
    native("unregister", 2, 2, (a) => {
      // (Unregistering what is not registered is no error, as in MicroPython.)
      self(a).entries.delete(a[1]);
      return null;
    }),
  );
  pollType.define(
    "modify",
    native("modify", 3, 3, (a) => {
      const p = self(a);
      if (!p.entries.has(a[1])) raiseOSError(ERRNO.ENOENT);
      p.entries.set(a[1], intArg(a[2]));
      return null;
    }),
  );
  const timeoutOf = (a: PyValue[]) => (a.length > 1 && a[1] !== null ? intArg(a[1]) : -1);
  pollType.define(
    "poll",
    native("poll", 1, 2, (a) => self(a).wait(timeoutOf(a), (ready) => new PyList(ready))),
  );
  pollType.define(
    "ipoll",
    native("ipoll", 1, 3, (a) => self(a).wait(timeoutOf(a), (ready) => new PyListIterator(ready))),
  );
}

/** select.select(rlist, wlist, xlist[, timeout seconds]) on top of a poll. */
function select(a: PyValue[]): PyValue {
  const p = new PyPoll();
  const lists = [0, 1, 2].map((i) => toArray(a[i]));
  for (const obj of lists[0]) p.entries.set(obj, (p.entries.get(obj) ?? 0) | POLLIN);
  for (const obj of lists[1]) p.entries.set(obj, (p.entries.get(obj) ?? 0) | POLLOUT);
  for (const obj of lists[2]) p.entries.set(obj, (p.entries.get(obj) ?? 0) | POLLERR);
  let timeout = -1;
  if (a.length > 3 && a[3] !== null) {
    const seconds = asFloat(a[3]);
    if (seconds === undefined) raise(PyTypeError, `can't convert ${typeName(a[3])} to float`);
    timeout = Math.max(0, Math.round(seconds * 1000));
  }
  return p.wait(timeout, (ready) => {
    const out: PyValue[][] = [[], [], []];
    for (const entry of ready) {
      const [obj, flags] = (entry as PyTuple).items as [PyValue, number];
      if (flags & POLLIN) out[0].push(obj);
      if (flags & POLLOUT) out[1].push(obj);
      if (flags & (POLLERR | POLLHUP)) out[2].push(obj);
    }
    return makeTuple(out.map((l) => new PyList(l)));
  });
}

function init(m: PyModule): void {
  const d = m.dict;
  d.setStr("POLLIN", POLLIN);
  d.setStr("POLLOUT", POLLOUT);
  d.setStr("POLLERR", POLLERR);
  d.setStr("POLLHUP", POLLHUP);
  d.setStr("poll", native("poll", 0, 0, () => new PyPoll()));
  d.setStr("select", native("select", 3, 4, select));
}

registerBuiltinModule("select", init);
registerBuiltinModule("uselect", init);
