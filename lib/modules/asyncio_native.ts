/**
 * `_asyncio`: the native half of asyncio (the Python half is asyncio_source.ts).
 *
 * - `TaskQueue`: tasks ordered by wake-up time (a ticks_ms value), first in first
 *   out among equal times. A binary heap whose entries remember their index, so
 *   `remove` (needed by cancel) is O(log n); 10,000 sleeping tasks cost about
 *   14 comparisons per push or pop instead of a scan of a sorted list.
 * - `wait(ms)`: how the loop idles. It returns a Promise, so the VM suspends and
 *   Deno's event loop runs timers, I/O and JS promises meanwhile; the Promise
 *   resolves when the time is up or as soon as a watched JS promise settles.
 * - `run_ready(...)`: the loop's inner step, run natively: pops each due task and
 *   resumes its coroutine, leaving to Python (asyncio_source.ts) what happens
 *   when a task finishes and everything about idling.
 * - `sleep_ms(ms)`: the awaitable behind asyncio.sleep/sleep_ms; awaiting it
 *   queues the running task for later and gives control back once.
 * - `JsPromise`: a JS Promise as a Python awaitable. Awaiting it yields the
 *   object itself up to the loop, which calls `watch(task, promise)`; when it
 *   settles, `settled()` hands the task back with the value (or the exception
 *   to throw) and the loop resumes the task with it.
 */

import { scheduledDue } from "../vm/scheduler.ts";
import { driveScheduled } from "../vm/drive.ts";
import { dueHostTurn } from "../vm/host_turn.ts";
import { checkDeadline, msUntilDeadline } from "../vm/limits.ts";
import { PyObject, type PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import { intArg } from "./args.ts";
import type { PyModule } from "../objects/module.ts";
import { PyType } from "../objects/type.ts";
import { native } from "../objects/function.ts";
import {
  newException,
  PyBaseException,
  PyException,
  PyIndexError,
  PyJSError,
  PyOverflowError,
  PyRuntimeError,
  PyStopIteration,
  PyTypeError,
  raise,
} from "../objects/exception.ts";
import { isTruthy } from "../objects/ops.ts";
import { PyList } from "../objects/list.ts";
import { makeTuple } from "../objects/tuple.ts";
import { activeVM, type VMState } from "../vm/state.ts";
import { TICKS_PERIOD, ticksDiff, ticksMs } from "./time.ts";
import { getAttr, setAttr } from "../objects/attr.ts";
import { PyGenerator, resumeGenerator } from "../objects/generator.ts";
import { makeException } from "../vm/raise.ts";
import type { PyDict } from "../objects/dict.ts";
import { callValue } from "../vm/call.ts";

// ---- TaskQueue ----

interface QueueEntry {
  task: PyValue;
  key: number;
  order: number;
  index: number;
}

export const taskQueueType = new PyType("TaskQueue", []);

export class PyTaskQueue extends PyObject {
  heap: QueueEntry[];
  entries: Map<PyValue, QueueEntry>;
  pushes: number;
  constructor() {
    super(taskQueueType);
    this.heap = [];
    this.entries = new Map();
    this.pushes = 0;
  }

  private before(a: QueueEntry, b: QueueEntry): boolean {
    const d = ticksDiff(a.key, b.key);
    return d < 0 || (d === 0 && a.order < b.order);
  }

  private place(entry: QueueEntry, index: number): void {
    this.heap[index] = entry;
    entry.index = index;
  }

  private siftUp(index: number): void {
    const entry = this.heap[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(entry, this.heap[parent])) break;
      this.place(this.heap[parent], index);
      index = parent;
    }
    this.place(entry, index);
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    const entry = heap[index];
    const n = heap.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.before(heap[right], heap[left]) ? right : left;
      if (!this.before(heap[child], entry)) break;
      this.place(heap[child], index);
      index = child;
    }
    this.place(entry, index);
  }

  push(task: PyValue, key: number): void {
    this.remove(task);
    const entry: QueueEntry = { task, key, order: this.pushes++, index: this.heap.length };
    this.heap.push(entry);
    this.entries.set(task, entry);
    this.siftUp(entry.index);
  }

  peek(): PyValue {
    return this.heap.length === 0 ? null : this.heap[0].task;
  }

  pop(): PyValue {
    if (this.heap.length === 0) raise(PyIndexError, "empty heap");
    const top = this.heap[0];
    this.removeEntry(top);
    return top.task;
  }

  remove(task: PyValue): boolean {
    const entry = this.entries.get(task);
    if (entry === undefined) return false;
    this.removeEntry(entry);
    return true;
  }

  private removeEntry(entry: QueueEntry): void {
    this.entries.delete(entry.task);
    const last = this.heap.pop()!;
    if (last === entry) return;
    this.place(last, entry.index);
    this.siftDown(entry.index);
    this.siftUp(last.index);
  }

  keyOf(task: PyValue): number | null {
    return this.entries.get(task)?.key ?? null;
  }
}

taskQueueType.newSlot = (_cls, args) => {
  if (args.length !== 0) raise(PyTypeError, "function takes 0 positional arguments");
  return new PyTaskQueue();
};
taskQueueType.boolSlot = (q: PyTaskQueue) => q.heap.length !== 0;
taskQueueType.lenSlot = (q: PyTaskQueue) => q.heap.length;
{
  const self = (a: PyValue[]) => a[0] as PyTaskQueue;
  taskQueueType.define(
    "push",
    native("push", 2, 3, (a) => {
      self(a).push(a[1], a.length > 2 && a[2] !== null ? intArg(a[2]) : ticksMs());
      return null;
    }),
  );
  taskQueueType.define("pop", native("pop", 1, 1, (a) => self(a).pop()));
  taskQueueType.define("peek", native("peek", 1, 1, (a) => self(a).peek()));
  taskQueueType.define("remove", native("remove", 2, 2, (a) => (self(a).remove(a[1]), null)));
  // The loop's step: the first task if it is due (popped), else the ms until it
  // is (an int), else None for an empty queue.
  taskQueueType.define(
    "pop_due",
    native("pop_due", 1, 1, (a) => {
      const q = self(a);
      if (q.heap.length === 0) return null;
      const wait = ticksDiff(q.heap[0].key, ticksMs());
      return wait > 0 ? wait : q.pop();
    }),
  );
  // The wake-up time of a queued task, or None (used by cancel to bring a task forward).
  taskQueueType.define("key", native("key", 2, 2, (a) => self(a).keyOf(a[1])));
}

// ---- JS promises as awaitables ----

export const jsPromiseType = new PyType("JsPromise", []);

/**
 * A JS Promise that Python code can await inside asyncio: embedders wrap their
 * promises in this and hand them to Python (from a native function, say).
 *
 * ```ts
 * import { PyJsPromise, registerBuiltinModule, VM } from "./mod.ts";
 * import { native } from "./lib/objects/function.ts";
 * registerBuiltinModule("jsdelay", (m) => {
 *   m.dict.setStr("later", native("later", 1, 1, (a) =>
 *     new PyJsPromise(new Promise((ok) => setTimeout(() => ok(a[0]), 10)))));
 * });
 * const vm = new VM({ stdout: (t) => console.log(t.trimEnd()) });
 * await vm.runSource(
 *   "import asyncio, jsdelay\nasync def main(): print(await jsdelay.later(42))\nasyncio.run(main())",
 * );
 * ```
 */
export class PyJsPromise extends PyObject {
  /** What the awaiting coroutine waits for; its value is what `await` gives it. */
  promise: Promise<PyValue>;
  /** Whether the awaiting coroutine has been handed this object (the first step). */
  yielded: boolean;
  /** `promise` must settle with a Python value (or reject with what Python should raise). */
  constructor(promise: Promise<PyValue>) {
    super(jsPromiseType);
    this.promise = promise;
    this.yielded = false;
  }
}

// `await p` iterates p: the first step yields p to the loop, the value sent back
// (the settled result) ends the await.
jsPromiseType.define("__await__", native("__await__", 1, 1, (a) => a[0]));
jsPromiseType.define("__iter__", native("__iter__", 1, 1, (a) => a[0]));
jsPromiseType.iterSlot = (p) => p;
function step(p: PyJsPromise, value: PyValue): PyValue | undefined {
  if (!p.yielded) {
    p.yielded = true;
    return p;
  }
  raise(PyStopIteration, value);
}
jsPromiseType.nextSlot = (p: PyJsPromise) => step(p, null);
jsPromiseType.define("send", native("send", 2, 2, (a) => step(a[0] as PyJsPromise, a[1])!));
jsPromiseType.reprSlot = () => "<JsPromise>";

// ---- waiting on Deno's event loop ----

interface LoopState {
  /** Tasks whose JS promise has settled: [task, promise, value, exception or None]. */
  settled: [PyValue, PyValue, PyValue, PyValue][];
  /** How many watched promises have not settled yet. */
  watching: number;
  /** Ends the loop's current wait early (set while the loop waits). */
  wake: (() => void) | null;
  /**
   * Tasks a ThreadSafeFlag woke: queued when the loop next picks a task, not at set(),
   * as MicroPython's loop finds them when it polls (so a task that set the flag and
   * yielded runs first).
   */
  flagged: PyValue[];
  /** The last run_ready ran the queued callbacks: this one runs a task step first, so that a
   * callback that schedules itself again (a watchdog) cannot starve the tasks. */
  ranScheduled: boolean;
}

const loops = new WeakMap<VMState, LoopState>();

function loopState(): LoopState {
  const vm = activeVM();
  let state = loops.get(vm);
  if (state === undefined) {
    state = { settled: [], watching: 0, wake: null, flagged: [], ranScheduled: false };
    loops.set(vm, state);
  }
  return state;
}

function wakeLoop(state: LoopState): void {
  const wake = state.wake;
  state.wake = null;
  if (wake !== null) wake();
}

/** Wakes a waiting asyncio loop of the active VM (e.g. ThreadSafeFlag.set from JS). */
export function wakeAsyncioLoop(): void {
  wakeLoop(loopState());
}

/**
 * Idles the loop for `ms` (-1: until woken). `external` says something outside
 * the VM (a ThreadSafeFlag set from JS) may wake it; without that, a watched
 * promise or a scheduled callback, waiting forever could never end.
 */
function wait(ms: number, external: boolean): PyValue {
  const state = loopState();
  const vm = activeVM();
  // Scheduled callbacks run between bytecodes: go back to running Python.
  if (
    state.settled.length > 0 || state.flagged.length > 0 || vm.scheduled.length > 0 || ms === 0
  ) return null;
  // With `machine` in use the loop idles on the board's clock, so Timer and IRQ callbacks run
  // while it waits and a virtual clock passes at once (lib/modules/machine/board.ts).
  const boardIdle = vm.host.idleMs as
    | ((ms: number, external: boolean) => PyValue | undefined)
    | undefined;
  if (boardIdle !== undefined && state.watching === 0) {
    const idled = boardIdle(ms, external);
    if (idled !== undefined) return idled;
  }
  if (ms < 0 && state.watching === 0 && !external) return null;
  if (!vm.canSuspend) {
    // Called from a nested run (no way to suspend): only timers can be waited for.
    if (ms < 0) return null;
    // A sandbox's time limit also bounds this wait.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(ms, msUntilDeadline()));
    checkDeadline();
    return null;
  }
  return new Promise<PyValue>((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      clearTimeout(timer);
      state.wake = null;
      resolve(null);
    };
    if (ms >= 0) timer = setTimeout(done, ms);
    state.wake = done;
  });
}

function watch(task: PyValue, p: PyJsPromise): void {
  const state = loopState();
  state.watching++;
  const finish = (value: PyValue, error: PyValue) => {
    state.watching--;
    state.settled.push([task, p, value, error]);
    wakeLoop(state);
  };
  p.promise.then(
    (value) => finish(value === undefined ? null : value, null),
    (error) =>
      finish(
        null,
        error instanceof PyBaseException
          ? error
          : newException(PyJSError, error instanceof Error ? error.message : String(error)),
      ),
  );
}

/**
 * Calls stream.method(arg) allowing it to wait: a stream that has to wait for
 * input (sys.stdin) gives a Promise, returned as a JsPromise for the task to
 * await; anything else returns its result at once.
 */
function streamCall(stream: PyValue, method: string, args: PyValue[]): PyValue {
  const vm = activeVM();
  const could = vm.canSuspend;
  vm.canSuspend = true;
  let result: unknown;
  try {
    result = callValue(getAttr(stream, method), args, null);
  } finally {
    vm.canSuspend = could;
  }
  if (result instanceof Promise) return new PyJsPromise(result as Promise<PyValue>);
  return result as PyValue;
}

// ---- the loop's inner step ----

/** The task run_ready is resuming (what sleep_ms queues), per VM. */
const running = new WeakMap<VMState, PyValue>();

const CUR = "_cur";

/**
 * Resumes due tasks until none is due. Returns True when `main` has finished,
 * the ms until the next task is due, or None when the queue is empty. `finish`
 * is called as finish(task, result, exception) when a task ends; `report` for a
 * finished task queued again whose failure nobody retrieved.
 */
function runReady(a: PyValue[]): PyValue {
  const [queue, main, globals, finish, report, cancelled] = a as [
    PyTaskQueue,
    PyValue,
    PyDict,
    PyValue,
    PyValue,
    PyType,
  ];
  const vm = activeVM();
  const loop = loopState();
  // Called where the VM can suspend, between two steps it may wait: for the callbacks a step
  // queued (an IRQ's handler, which then may wait itself: lib/vm/scheduler.ts), or for the
  // host's turn of its event loop (VMOptions.turnEveryMs; a board link's events come in
  // then), which the steps cannot give. Either way the loop then goes on as after a 0 ms wait.
  const canWait = vm.canSuspend;
  for (;;) {
    if (canWait) {
      if (scheduledDue(vm) && !loop.ranScheduled) {
        loop.ranScheduled = true;
        return driveScheduled(vm).then(() => 0);
      }
      loop.ranScheduled = false;
      const turn = dueHostTurn(vm);
      if (turn !== null) return turn.then(() => 0);
    }
    if (loop.flagged.length > 0) {
      const now = ticksMs();
      for (const t of loop.flagged) queue.push(t, now);
      loop.flagged = [];
    }
    if (queue.heap.length === 0) return null;
    const wait = ticksDiff(queue.heap[0].key, ticksMs());
    if (wait > 0) return wait;
    const t = queue.pop();
    if (isTruthy(getAttr(t, "_done"))) {
      if (!isTruthy(getAttr(t, "_seen"))) callValue(report, [t], null);
      continue;
    }
    globals.setStr(CUR, t);
    running.set(vm, t);
    if (getAttr(t, "_on") !== null) setAttr(t, "_on", null);
    const coro = getAttr(t, "coro");
    const thrown = getAttr(t, "_throw");
    let finished = false;
    let result: PyValue = null;
    let error: PyBaseException | null = null;
    try {
      let step: PyValue;
      if (thrown !== null) {
        setAttr(t, "_throw", null);
        const exc = makeException(thrown);
        if (coro instanceof PyGenerator) {
          step = resumeGenerator(coro, null, exc);
          finished = coro.finished;
        } else step = callValue(getAttr(coro, "throw"), [exc], null);
      } else {
        const value = getAttr(t, "_send");
        if (value !== null) setAttr(t, "_send", null);
        if (coro instanceof PyGenerator) {
          step = resumeGenerator(coro, value, null);
          finished = coro.finished;
        } else step = callValue(getAttr(coro, "send"), [value], null);
      }
      if (finished) result = step;
      else if (step instanceof PyJsPromise) {
        setAttr(t, "_on", step);
        watch(t, step);
      }
    } catch (e) {
      if (!(e instanceof PyBaseException)) throw e;
      if (e.type === PyStopIteration) {
        finished = true;
        result = e.args.length > 0 ? e.args[0] : null;
      } else if (e.type.isSubclassOf(cancelled) || e.type.isSubclassOf(PyException)) {
        finished = true;
        error = e;
      } else {
        // SystemExit, KeyboardInterrupt: out of the loop.
        globals.setStr(CUR, null);
        throw e;
      }
    }
    globals.setStr(CUR, null);
    running.delete(vm);
    if (finished) {
      callValue(finish, [t, result, error], null);
      if (t === main) return true;
    }
  }
}

// ---- sleeping ----

export const sleepType = new PyType("sleep_ms", []);

/** One `await asyncio.sleep_ms(ms)`: first step queues the task, second ends. */
class PySleep extends PyObject {
  queue: PyTaskQueue;
  ms: number;
  queued: boolean;
  constructor(queue: PyTaskQueue, ms: number) {
    super(sleepType);
    this.queue = queue;
    this.ms = ms;
    this.queued = false;
  }
}

function sleepStep(s: PySleep): PyValue | undefined {
  if (s.queued) return undefined;
  const task = running.get(activeVM());
  if (task === undefined) raise(PyRuntimeError, "no running event loop");
  s.queued = true;
  s.queue.push(task, ticksAdd(ticksMs(), s.ms));
  return null;
}
sleepType.iterSlot = (s) => s;
sleepType.nextSlot = (s: PySleep) => sleepStep(s);
sleepType.define("__await__", native("__await__", 1, 1, (a) => a[0]));
sleepType.define("__iter__", native("__iter__", 1, 1, (a) => a[0]));
// (No send: like MicroPython's, it is not a coroutine, so create_task refuses it.)

function ticksAdd(t: number, delta: number): number {
  if (delta > TICKS_PERIOD / 2 - 1) raise(PyOverflowError, "ticks interval overflow");
  return (t + delta) % TICKS_PERIOD;
}

registerBuiltinModule("_asyncio", (m: PyModule) => {
  m.dict.setStr("run_ready", native("run_ready", 6, 6, runReady));
  m.dict.setStr(
    "sleep_ms",
    native("sleep_ms", 2, 2, (a) => {
      const ms = intArg(a[1]);
      return new PySleep(a[0] as PyTaskQueue, ms > 0 ? ms : 0);
    }),
  );
  m.dict.setStr(
    "stream_call",
    native("stream_call", 2, -1, (a) => streamCall(a[0], String(a[1]), a.slice(2))),
  );
  const d = m.dict;
  d.setStr("TaskQueue", taskQueueType);
  d.setStr("JsPromise", jsPromiseType);
  d.setStr(
    "wait",
    native("wait", 1, 2, (a) => wait(intArg(a[0]), a.length > 1 && isTruthy(a[1]))),
  );
  d.setStr(
    "watch",
    native("watch", 2, 2, (a) => {
      if (!(a[1] instanceof PyJsPromise)) raise(PyTypeError, "JsPromise expected");
      watch(a[0], a[1]);
      return null;
    }),
  );
  // Whether any watched promise is still pending (the loop must not end yet).
  d.setStr("watching", native("watching", 0, 0, () => loopState().watching > 0));
  // Whether scheduled callbacks are waiting to run.
  d.setStr("pending", native("pending", 0, 0, () => activeVM().scheduled.length > 0));
  d.setStr("wake", native("wake", 0, 0, () => (wakeAsyncioLoop(), null)));
  d.setStr(
    "flagged",
    native("flagged", 1, 1, (a) => {
      loopState().flagged.push(a[0]);
      return null;
    }),
  );
  d.setStr(
    "settled",
    native("settled", 0, 0, () => {
      const state = loopState();
      const out = new PyList(state.settled.map((s) => makeTuple(s)));
      state.settled = [];
      return out;
    }),
  );
});
