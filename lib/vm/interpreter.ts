/**
 * The dispatch loop.
 *
 * One function, one `switch` over numeric opcodes (literal case labels: V8
 * builds a jump table for them, which it does not for imported enum members;
 * tests/opcodes_test.ts checks each label against bytecode.ts). Python calls push
 * a Frame and continue in the same loop (stackless); the value stack and locals
 * live in the frame's plain arrays, cached in locals of this function while the
 * frame runs. Exceptions are caught by one handler around the loop that searches
 * the code's exception table, unwinding frames until a handler or an entry frame
 * is found. Interrupts, limits and scheduled callbacks are polled every
 * TICK_INTERVAL backward jumps or calls.
 */

import { chargeMemory, limitExceeded } from "./limits.ts";
import type { PyValue } from "../objects/base.ts";
import { Frame } from "./frame.ts";
import { activeVM } from "./state.ts";
import { PyFloat } from "../objects/float.ts";
import { normBig } from "../objects/int.ts";
import {
  binaryOp,
  contains,
  delItem,
  getItem,
  getIter,
  isTruthy,
  iterNext,
  repr,
  richCompare,
  setItem,
  str,
  toArray,
  unaryOp,
  UnaryOpKind,
} from "../objects/ops.ts";
import { delAttr, getAttr, getAttrOrUndefined, lookupMethod, setAttr } from "../objects/attr.ts";
import {
  InternalError,
  PyAssertionError,
  PyBaseException,
  PyBaseExceptionType,
  PyGeneratorExit,
  PyKeyboardInterrupt,
  PyMemoryError,
  PyNameError,
  PyRuntimeError,
  PyStopAsyncIteration,
  PyTypeError,
  PyValueError,
  raise,
} from "../objects/exception.ts";
import { PyList, PyListIterator } from "../objects/list.ts";
import { makeTuple, PyTuple } from "../objects/tuple.ts";
import { PyDict } from "../objects/dict.ts";
import { PySet } from "../objects/set.ts";
import { PySlice } from "../objects/slice.ts";
import { PyBoundMethod, PyCell, PyFunction } from "../objects/function.ts";
import { callValue, GENERATOR_LIKE, makeFrame } from "./call.ts";
import { PyType } from "../objects/type.ts";
import { typeName, typeOf } from "../objects/typeof.ts";
import { CodeObject } from "../compiler/bytecode.ts";
import { prepareCode } from "./code_info.ts";
import {
  closeGenerator,
  makeGenerator,
  PyGenerator,
  resumeGenerator,
} from "../objects/generator.ts";
import { PyRangeIterator } from "../objects/range.ts";
import { formatValue } from "../objects/format.ts";
import { cannotLoadHere, importFrom, importOrLoad, importStar } from "./import.ts";
import { builtinImport } from "../builtins/functions.ts";
import { buildClassFunction } from "../objects/class.ts";
import { exceptionMatches, makeException } from "./raise.ts";
import { asyncIterNext, awaitableIterator, beforeAsyncWith, getAsyncIter } from "./async.ts";
import { dueHostTurn, HOST_TURN } from "./host_turn.ts";
import { runScheduledNested, scheduledDue } from "./scheduler.ts";

/** Returned by `execute` when the running code awaits a JS Promise (see runAsync). */
export const SUSPENDED = Symbol("suspended");
export { HOST_TURN };

const TICK_INTERVAL = 1000;
let ticker = TICK_INTERVAL;
/**
 * Scheduled callbacks due while the code that polls cannot suspend (a nested run: a generator
 * driven by a builtin, an asyncio task's step) are put off for up to PUT_OFF_POLLS intervals,
 * looking every QUICK_TICKS ticks for a site that can suspend (the asyncio loop's own code
 * between two steps), where they run driven and so may wait; after that they run nested.
 * `quickTicksOwed` is what is left of the interval meanwhile (0: polls are full ones). Ten
 * intervals are well under a millisecond of computing, and far less than a board link's delay.
 */
const QUICK_TICKS = 20;
const PUT_OFF_POLLS = 10;
let quickTicksOwed = 0;

/**
 * Starts the count to the next poll afresh. The counter is shared by every VM in the process, so
 * without this a run's polls (and a virtual clock's time, which moves a slice per poll) would
 * depend on what ran before it.
 */
export function restartPollCount(): void {
  ticker = TICK_INTERVAL;
  quickTicksOwed = 0;
}

/** Runs `frame` as an entry frame from TypeScript and returns its result. */
export function runFrame(frame: Frame): PyValue {
  frame.isEntry = true;
  const result = execute(frame, false);
  return result;
}

function unboundLocal(): never {
  raise(PyNameError, "local variable referenced before assignment");
}

function nameError(name: string): never {
  raise(PyNameError, `name '${name}' isn't defined`);
}

/** Converts anything thrown by JS code into the Python exception it stands for. */
export function toPyException(e: unknown): PyBaseException {
  if (e instanceof PyBaseException) return e;
  if (e instanceof Error) {
    // Keep this path allocation-light: it runs with the JS stack nearly exhausted.
    const message = e.message;
    if (message.indexOf("call stack") >= 0) {
      return new PyBaseException(PyRuntimeError, [RECURSION_MESSAGE]);
    }
    // A string, array or BigInt past the engine's size limits: memory ran out.
    if (
      e instanceof RangeError &&
      (message.indexOf("length") >= 0 || message.indexOf("allocation") >= 0 ||
        message.indexOf("maximum size") >= 0 || message.indexOf("BigInt") >= 0)
    ) {
      return new PyBaseException(PyMemoryError, ["memory allocation failed"]);
    }
  }
  throw e;
}

const RECURSION_MESSAGE = "maximum recursion depth exceeded";

/**
 * Polls interrupts, limits and scheduled callbacks; called every TICK_INTERVAL ticks.
 * Returns true when the running code must park so the driver can do something first: run
 * the scheduled callbacks as frames of their own (vm.pendingPromise null), or give the host
 * a turn of its event loop (VMState.yieldInterval; vm.pendingPromise is that turn), which lets
 * an edge server's other requests, a REPL's Ctrl-C, a board link's news come in while
 * `while True: pass` runs. Only a site that can suspend (`canSuspend`) is asked to park:
 * elsewhere callbacks are put off (PUT_OFF_POLLS) and then run nested, and a due turn waits
 * for the next site that can.
 */
function poll(canSuspend: boolean): boolean {
  const vm = activeVM();
  if (quickTicksOwed > 0) {
    if (canSuspend && scheduledDue(vm)) {
      ticker = quickTicksOwed;
      quickTicksOwed = 0;
      vm.pendingPromise = null;
      return true;
    }
    quickTicksOwed -= QUICK_TICKS;
    if (quickTicksOwed > 0) {
      ticker = QUICK_TICKS;
      return false;
    }
    quickTicksOwed = 0;
  }
  ticker = TICK_INTERVAL;
  vm.ticksUsed++;
  if (vm.pendingAbort !== null) throw vm.pendingAbort;
  if (vm.interruptRequested) {
    vm.interruptRequested = false;
    raise(PyKeyboardInterrupt);
  }
  if (vm.ticksUsed * TICK_INTERVAL > vm.limits.instructionBudget) {
    limitExceeded(vm, "instructions");
  }
  if (vm.limits.deadline !== Infinity && Date.now() > vm.limits.deadline) {
    limitExceeded(vm, "time");
  }
  if (vm.onPoll !== null) vm.onPoll();
  if (vm.scheduled.length > 0 && !vm.inScheduled) {
    if (canSuspend) {
      vm.pendingPromise = null;
      return true;
    }
    if (vm.scheduledPutOff >= PUT_OFF_POLLS) runScheduledNested(vm);
    else {
      vm.scheduledPutOff++;
      quickTicksOwed = TICK_INTERVAL;
      ticker = QUICK_TICKS;
    }
  }
  if (canSuspend) {
    const turn = dueHostTurn(vm);
    if (turn !== null) {
      vm.pendingPromise = turn;
      return true;
    }
  }
  return false;
}

/**
 * Runs from `start` (an entry frame, or the innermost frame of a suspended
 * chain) until the entry frame returns or yields. With `canSuspend`, a native
 * returning a Promise parks it in vm.pendingPromise and SUSPENDED is returned.
 */
export function execute(start: Frame, canSuspend: boolean): PyValue {
  const vm = activeVM();
  let frame = start;
  let code = frame.code.code;
  let stack = frame.stack;
  let locals = frame.locals;
  let consts = frame.consts;
  let names = frame.code.names;
  let pc = frame.pc;
  let sp = frame.sp;
  let reraising = false;

  for (;;) {
    try {
      if (frame.throwOnResume !== null) {
        const thrown = frame.throwOnResume;
        frame.throwOnResume = null;
        if (code[pc] === 74) { // suspended in YIELD_FROM: the sub-iterator gets it first
          pc += 2;
          if (isGeneratorExit(thrown)) {
            // close() closes the sub-iterator, then GeneratorExit is raised here (PEP 380).
            closeSubIterator(stack[sp - 1]);
            throw makeException(thrown);
          }
          const r = delegate(stack[sp - 1], null, thrown);
          if (delegateYielded) {
            frame.pc = pc - 2;
            frame.sp = sp;
            frame.yielded = true;
            return r;
          }
          stack[sp - 1] = r;
        } else {
          throw makeException(thrown);
        }
      }
      for (;;) {
        const op = code[pc];
        const arg = code[pc + 1];
        pc += 2;
        switch (op) {
          case 0: // NOP
            continue;
          case 1: // POP_TOP
            stack[--sp] = undefined;
            continue;
          case 2: { // ROT_TWO
            const top = stack[sp - 1];
            stack[sp - 1] = stack[sp - 2];
            stack[sp - 2] = top;
            continue;
          }
          case 3: { // ROT_THREE
            const top = stack[sp - 1];
            stack[sp - 1] = stack[sp - 2];
            stack[sp - 2] = stack[sp - 3];
            stack[sp - 3] = top;
            continue;
          }
          case 4: { // ROT_FOUR
            const top = stack[sp - 1];
            stack[sp - 1] = stack[sp - 2];
            stack[sp - 2] = stack[sp - 3];
            stack[sp - 3] = stack[sp - 4];
            stack[sp - 4] = top;
            continue;
          }
          case 5: // DUP_TOP
            stack[sp] = stack[sp - 1];
            sp++;
            continue;
          case 6: // DUP_TOP_TWO
            stack[sp] = stack[sp - 2];
            stack[sp + 1] = stack[sp - 1];
            sp += 2;
            continue;
          case 7: // COPY
            stack[sp] = stack[sp - arg];
            sp++;
            continue;
          case 8: { // SWAP
            const top = stack[sp - 1];
            stack[sp - 1] = stack[sp - arg];
            stack[sp - arg] = top;
            continue;
          }
          case 9: // LOAD_CONST
            stack[sp++] = consts[arg];
            continue;
          case 10: { // LOAD_FAST
            const v = locals[arg];
            if (v === undefined) unboundLocal();
            stack[sp++] = v;
            continue;
          }
          case 11: // STORE_FAST
            locals[arg] = stack[--sp];
            continue;
          case 12: // DELETE_FAST
            if (locals[arg] === undefined) unboundLocal();
            locals[arg] = undefined;
            continue;
          case 13: { // LOAD_DEREF
            const v = frame.cells[arg].value;
            if (v === undefined) unboundLocal();
            stack[sp++] = v;
            continue;
          }
          case 14: // STORE_DEREF
            frame.cells[arg].value = stack[--sp];
            continue;
          case 15: // DELETE_DEREF
            if (frame.cells[arg].value === undefined) unboundLocal();
            frame.cells[arg].value = undefined;
            continue;
          case 16: // LOAD_CLOSURE
            stack[sp++] = frame.cells[arg];
            continue;
          case 17: { // LOAD_CLASSDEREF
            const name = frame.code.freeVars[arg - frame.code.cellVars.length] ??
              frame.code.cellVars[arg];
            let v = frame.localsDict === null ? undefined : frame.localsDict.getStr(name);
            if (v === undefined) v = frame.cells[arg].value;
            if (v === undefined) unboundLocal();
            stack[sp++] = v;
            continue;
          }
          case 18: { // LOAD_GLOBAL
            const name = names[arg];
            let v = frame.globals.map.get(name);
            if (v === undefined) {
              v = vm.builtins.map.get(name);
              if (v === undefined) nameError(name);
            }
            stack[sp++] = v;
            continue;
          }
          case 19: // STORE_GLOBAL
            frame.globals.map.set(names[arg], stack[--sp]);
            continue;
          case 20: // DELETE_GLOBAL
            if (!frame.globals.map.delete(names[arg])) nameError(names[arg]);
            continue;
          case 21: { // LOAD_NAME
            const name = names[arg];
            let v = frame.localsDict!.map.get(name);
            if (v === undefined) {
              v = frame.globals.map.get(name);
              if (v === undefined) {
                v = vm.builtins.map.get(name);
                if (v === undefined) nameError(name);
              }
            }
            stack[sp++] = v;
            continue;
          }
          case 22: // STORE_NAME
            frame.localsDict!.map.set(names[arg], stack[--sp]);
            continue;
          case 23: // DELETE_NAME
            if (!frame.localsDict!.map.delete(names[arg])) nameError(names[arg]);
            continue;
          case 24: // LOAD_ATTR
            stack[sp - 1] = getAttr(stack[sp - 1], names[arg]);
            continue;
          case 25: { // STORE_ATTR
            const obj = stack[--sp];
            setAttr(obj, names[arg], stack[--sp]);
            continue;
          }
          case 26: // DELETE_ATTR
            delAttr(stack[--sp], names[arg]);
            continue;
          case 27: { // LOAD_METHOD
            const obj = stack[sp - 1];
            const method = lookupMethod(obj, names[arg]);
            if (method !== undefined) {
              stack[sp - 1] = method;
              stack[sp++] = obj;
            } else {
              stack[sp - 1] = getAttr(obj, names[arg]);
              stack[sp++] = undefined;
            }
            continue;
          }
          case 28: // LOAD_BUILD_CLASS
            // builtins.__build_class__ may be overridden, as in MicroPython.
            stack[sp++] = vm.builtins.map.get("__build_class__") ?? buildClassFunction;
            continue;
          case 29: // LOAD_ASSERTION_ERROR
            stack[sp++] = PyAssertionError;
            continue;
          case 30: { // BINARY_OP
            const b = stack[--sp];
            const a = stack[sp - 1];
            if (typeof a === "number" && typeof b === "number") {
              switch (arg) {
                case 0: // ADD
                case 16: {
                  const r = a + b;
                  stack[sp - 1] = Number.isSafeInteger(r) ? r : normBig(BigInt(a) + BigInt(b));
                  continue;
                }
                case 1: // SUB
                case 17: {
                  const r = a - b;
                  stack[sp - 1] = Number.isSafeInteger(r) ? r : normBig(BigInt(a) - BigInt(b));
                  continue;
                }
                case 2: // MUL
                case 18: {
                  const r = a * b;
                  stack[sp - 1] = Number.isSafeInteger(r)
                    ? (r === 0 ? 0 : r)
                    : normBig(BigInt(a) * BigInt(b));
                  continue;
                }
              }
            } else if (a instanceof PyFloat && b instanceof PyFloat) {
              switch (arg) {
                case 0:
                case 16:
                  stack[sp - 1] = new PyFloat(a.value + b.value);
                  continue;
                case 1:
                case 17:
                  stack[sp - 1] = new PyFloat(a.value - b.value);
                  continue;
                case 2:
                case 18:
                  stack[sp - 1] = new PyFloat(a.value * b.value);
                  continue;
              }
            } else if (
              typeof a === "string" && typeof b === "string" && (arg === 0 || arg === 16)
            ) {
              // Growing a long string charges what it adds (s += s doubles; s += "x" adds one).
              if (a.length + b.length > 4096) chargeMemory(Math.min(a.length, b.length) * 2);
              stack[sp - 1] = a + b;
              continue;
            }
            stack[sp - 1] = binaryOp(a, b, arg);
            continue;
          }
          case 31: { // UNARY_NEGATIVE
            const a = stack[sp - 1];
            stack[sp - 1] = typeof a === "number"
              ? (a === 0 ? 0 : -a)
              : unaryOp(a, UnaryOpKind.NEG);
            continue;
          }
          case 32: // UNARY_POSITIVE
            stack[sp - 1] = unaryOp(stack[sp - 1], UnaryOpKind.POS);
            continue;
          case 33: { // UNARY_NOT
            const a = stack[sp - 1];
            stack[sp - 1] = a === false ? true : a === true ? false : !isTruthy(a);
            continue;
          }
          case 34: // UNARY_INVERT
            stack[sp - 1] = unaryOp(stack[sp - 1], UnaryOpKind.INVERT);
            continue;
          case 35: { // COMPARE_OP
            const b = stack[--sp];
            const a = stack[sp - 1];
            if (typeof a === "number" && typeof b === "number") {
              switch (arg) {
                case 0:
                  stack[sp - 1] = a < b;
                  continue;
                case 1:
                  stack[sp - 1] = a <= b;
                  continue;
                case 2:
                  stack[sp - 1] = a === b;
                  continue;
                case 3:
                  stack[sp - 1] = a !== b;
                  continue;
                case 4:
                  stack[sp - 1] = a > b;
                  continue;
                case 5:
                  stack[sp - 1] = a >= b;
                  continue;
              }
            }
            stack[sp - 1] = richCompare(a, b, arg);
            continue;
          }
          case 36: { // IS_OP
            const b = stack[--sp];
            const r = stack[sp - 1] === b;
            stack[sp - 1] = arg === 0 ? r : !r;
            continue;
          }
          case 37: { // CONTAINS_OP
            const container = stack[--sp];
            const r = contains(container, stack[sp - 1]);
            stack[sp - 1] = arg === 0 ? r : !r;
            continue;
          }
          case 38: { // BINARY_SUBSCR
            const key = stack[--sp];
            const container = stack[sp - 1];
            if (typeof key === "number" && container instanceof PyList) {
              const items = container.items;
              const i = key < 0 ? key + items.length : key;
              if (i >= 0 && i < items.length) {
                stack[sp - 1] = items[i];
                continue;
              }
            }
            stack[sp - 1] = getItem(container, key);
            continue;
          }
          case 39: { // STORE_SUBSCR
            const key = stack[--sp];
            const container = stack[--sp];
            const value = stack[--sp];
            if (
              typeof key === "number" && container instanceof PyList &&
              container.type === listTypeRef()
            ) {
              const items = container.items;
              const i = key < 0 ? key + items.length : key;
              if (i >= 0 && i < items.length) {
                items[i] = value;
                continue;
              }
            }
            setItem(container, key, value);
            continue;
          }
          case 40: { // DELETE_SUBSCR
            const key = stack[--sp];
            delItem(stack[--sp], key);
            continue;
          }
          case 41: // JUMP
            if (arg < pc && --ticker <= 0 && poll(canSuspend)) {
              frame.pc = arg;
              frame.sp = sp;
              return SUSPENDED_RESULT(frame);
            }
            pc = arg;
            continue;
          case 42: { // POP_JUMP_IF_FALSE
            const v = stack[--sp];
            if (v === false || (v !== true && !isTruthy(v))) {
              if (arg < pc && --ticker <= 0 && poll(canSuspend)) {
                frame.pc = arg;
                frame.sp = sp;
                return SUSPENDED_RESULT(frame);
              }
              pc = arg;
            }
            continue;
          }
          case 43: { // POP_JUMP_IF_TRUE
            const v = stack[--sp];
            if (v === true || (v !== false && isTruthy(v))) {
              if (arg < pc && --ticker <= 0 && poll(canSuspend)) {
                frame.pc = arg;
                frame.sp = sp;
                return SUSPENDED_RESULT(frame);
              }
              pc = arg;
            }
            continue;
          }
          case 44: { // JUMP_IF_FALSE_OR_POP
            const v = stack[sp - 1];
            if (v === false || (v !== true && !isTruthy(v))) pc = arg;
            else sp--;
            continue;
          }
          case 45: { // JUMP_IF_TRUE_OR_POP
            const v = stack[sp - 1];
            if (v === true || (v !== false && isTruthy(v))) pc = arg;
            else sp--;
            continue;
          }
          case 46: // GET_ITER
            stack[sp - 1] = getIter(stack[sp - 1]);
            continue;
          case 47: { // FOR_ITER
            const it = stack[sp - 1];
            let v: PyValue;
            if (it instanceof PyRangeIterator) {
              const cur = it.current;
              if (it.step > 0 ? cur < it.stop : cur > it.stop) {
                it.current = cur + it.step;
                stack[sp++] = cur;
                continue;
              }
              v = undefined;
            } else if (it instanceof PyListIterator) {
              v = it.index < it.items.length ? it.items[it.index++] : undefined;
            } else if (it instanceof PyGenerator) {
              frame.pc = pc;
              frame.sp = sp;
              v = resumeGenerator(it, null, null);
              if (it.finished) v = undefined;
            } else {
              v = iterNext(it);
            }
            if (v === undefined) {
              stack[--sp] = undefined;
              pc = arg;
            } else {
              stack[sp++] = v;
            }
            continue;
          }
          case 48: { // RETURN_VALUE
            const value = stack[--sp];
            if (frame.isEntry) {
              frame.pc = pc;
              frame.sp = sp;
              frame.yielded = false;
              return value;
            }
            vm.depth--;
            frame = frame.back!;
            code = frame.code.code;
            stack = frame.stack;
            locals = frame.locals;
            consts = frame.consts;
            names = frame.code.names;
            pc = frame.pc;
            sp = frame.sp;
            stack[sp++] = value;
            continue;
          }
          case 49: { // BUILD_TUPLE
            const items = new Array(arg);
            for (let i = arg - 1; i >= 0; i--) items[i] = stack[--sp];
            stack[sp++] = makeTuple(items);
            continue;
          }
          case 50: { // BUILD_LIST
            const items = new Array(arg);
            for (let i = arg - 1; i >= 0; i--) items[i] = stack[--sp];
            stack[sp++] = new PyList(items);
            continue;
          }
          case 51: { // BUILD_SET
            const set = new PySet();
            set.initialAlloc = arg; // MicroPython sizes a literal's table to its items
            sp -= arg;
            for (let i = 0; i < arg; i++) set.add(stack[sp + i]);
            stack[sp++] = set;
            continue;
          }
          case 52: { // BUILD_MAP
            const dict = new PyDict();
            dict.initialAlloc = arg; // MicroPython sizes a literal's table to its items
            sp -= 2 * arg;
            for (let i = 0; i < arg; i++) dict.set(stack[sp + 2 * i + 1], stack[sp + 2 * i]);
            stack[sp++] = dict;
            continue;
          }
          case 53: { // BUILD_SLICE
            const step = arg === 3 ? stack[--sp] : null;
            const stop = stack[--sp];
            stack[sp - 1] = new PySlice(stack[sp - 1], stop, step);
            continue;
          }
          case 54: { // BUILD_STRING
            let s = "";
            sp -= arg;
            for (let i = 0; i < arg; i++) s += stack[sp + i];
            stack[sp++] = s;
            continue;
          }
          case 55: { // LIST_APPEND
            const v = stack[--sp];
            if (((stack[sp - arg] as PyList).items.push(v) & 4095) === 0) chargeMemory(4096 * 16);
            continue;
          }
          case 56: { // SET_ADD
            const v = stack[--sp];
            (stack[sp - arg] as PySet).add(v);
            continue;
          }
          case 57: { // MAP_ADD
            const v = stack[--sp];
            const k = stack[--sp];
            (stack[sp - arg] as PyDict).set(k, v);
            continue;
          }
          case 58: { // LIST_EXTEND
            const iterable = stack[--sp];
            const target = (stack[sp - arg] as PyList).items;
            const items = toArray(iterable);
            for (let i = 0; i < items.length; i++) target.push(items[i]);
            continue;
          }
          case 59: { // SET_UPDATE
            const iterable = stack[--sp];
            const target = stack[sp - arg] as PySet;
            for (const item of toArray(iterable)) target.add(item);
            continue;
          }
          case 60: // DICT_UPDATE
          case 61: { // DICT_MERGE
            const source = stack[--sp];
            const target = stack[sp - arg] as PyDict;
            mergeMapping(target, source, op === 61);
            continue;
          }
          case 62: // LIST_TO_TUPLE
            stack[sp - 1] = makeTuple((stack[sp - 1] as PyList).items);
            continue;
          case 63: { // UNPACK_SEQUENCE
            const seq = stack[--sp];
            const items = seq instanceof PyTuple || seq instanceof PyList
              ? seq.items
              : toArray(seq);
            if (items.length !== arg) unpackError(items.length, arg);
            for (let i = arg - 1; i >= 0; i--) stack[sp++] = items[i];
            continue;
          }
          case 64: { // UNPACK_EX
            const before = arg & 0xff;
            const after = arg >> 8;
            const items = toArray(stack[--sp]);
            if (items.length < before + after) unpackError(items.length, before + after);
            const restEnd = items.length - after;
            for (let i = items.length - 1; i >= restEnd; i--) stack[sp++] = items[i];
            stack[sp++] = new PyList(items.slice(before, restEnd));
            for (let i = before - 1; i >= 0; i--) stack[sp++] = items[i];
            continue;
          }
          case 65: { // FORMAT_VALUE
            const spec = (arg & 4) !== 0 ? stack[--sp] : "";
            let value = stack[sp - 1];
            switch (arg & 3) {
              case 1:
                value = str(value);
                break;
              case 2:
                value = repr(value);
                break;
              case 3:
                value = asciiRepr(value);
                break;
            }
            stack[sp - 1] = typeof value === "string" && spec === ""
              ? value
              : formatValue(value, spec);
            continue;
          }
          case 66: // CALL
          case 67: // CALL_KW
          case 68: // CALL_METHOD
          case 69: { // CALL_METHOD_KW
            if (--ticker <= 0) {
              // Parked before the call, resuming runs this instruction afresh: code that only
              // calls (recursion) gives turns and runs callbacks as loops do.
              frame.pc = pc - 2;
              frame.sp = sp;
              if (poll(canSuspend)) return SUSPENDED_RESULT(frame);
            }
            let kwnames: string[] | null = null;
            if (op === 67 || op === 69) kwnames = (stack[--sp] as PyTuple).items as string[];
            let argc = arg;
            let base = sp - argc;
            let f: PyValue;
            if (op >= 68) {
              const self = stack[base - 1];
              f = stack[base - 2];
              if (self !== undefined) {
                base--;
                argc++;
              }
              sp = base - (self !== undefined ? 1 : 2);
            } else {
              f = stack[base - 1];
              sp = base - 1;
            }
            if (f instanceof PyBoundMethod && f.func instanceof PyFunction) {
              // Insert self in front of the arguments: they sit in the stack above sp.
              stack.copyWithin(base + 1, base, base + argc);
              stack[base] = f.self;
              argc++;
              f = f.func;
            }
            if (f instanceof PyFunction && (f.code.flags & GENERATOR_LIKE) === 0) {
              const callee = makeFrame(f, stack, base, argc, kwnames);
              for (let i = base + argc - 1; i >= sp; i--) stack[i] = undefined;
              frame.pc = pc;
              frame.sp = sp;
              if (++vm.depth > vm.limits.recursionLimit) {
                vm.depth--;
                raise(PyRuntimeError, "maximum recursion depth exceeded");
              }
              callee.back = frame;
              frame = callee;
              code = frame.code.code;
              stack = frame.stack;
              locals = frame.locals;
              consts = frame.consts;
              names = frame.code.names;
              pc = 0;
              sp = 0;
              continue;
            }
            const args = stack.slice(base, base + argc);
            for (let i = base + argc - 1; i >= sp; i--) stack[i] = undefined;
            frame.pc = pc;
            frame.sp = sp;
            vm.frame = frame;
            vm.canSuspend = canSuspend;
            let result = callValue(f, args, kwnames);
            if (typeof result === "object" && result !== null && result instanceof Promise) {
              if (canSuspend) {
                vm.pendingPromise = result;
                return SUSPENDED_RESULT(frame);
              }
              raise(PyRuntimeError, "can't wait for an async operation here");
            }
            if (result === undefined) result = null;
            stack[sp++] = result;
            continue;
          }
          case 70: { // CALL_FUNCTION_EX
            const kwargs = (arg & 1) !== 0 ? stack[--sp] : null;
            const posArgs = stack[--sp];
            const f = stack[--sp];
            const args = posArgs instanceof PyTuple || posArgs instanceof PyList
              ? posArgs.items.slice()
              : toArray(posArgs);
            let kwnames: string[] | null = null;
            if (kwargs !== null) {
              kwnames = [];
              // The emitter merges every keyword into one fresh dict: its insertion order is
              // the order MicroPython passes them in.
              const d = kwargs instanceof PyDict ? kwargs : dictFromMapping(kwargs);
              for (const [key, value] of d.insertionEntries()) {
                if (typeof key !== "string") {
                  raise(PyTypeError, `can't convert '${typeName(key)}' object to str implicitly`);
                }
                kwnames.push(key);
                args.push(value);
              }
              if (kwnames.length === 0) kwnames = null;
            }
            frame.pc = pc;
            frame.sp = sp;
            vm.frame = frame;
            vm.canSuspend = canSuspend;
            let result = callValue(f, args, kwnames);
            if (typeof result === "object" && result !== null && result instanceof Promise) {
              if (canSuspend) {
                vm.pendingPromise = result;
                return SUSPENDED_RESULT(frame);
              }
              raise(PyRuntimeError, "can't wait for an async operation here");
            }
            if (result === undefined) result = null;
            stack[sp++] = result;
            continue;
          }
          case 71: { // MAKE_FUNCTION
            const fcode = stack[--sp] as CodeObject;
            const closure = (arg & 8) !== 0 ? (stack[--sp] as PyTuple).items as PyCell[] : null;
            const kwDefaults = (arg & 2) !== 0 ? stack[--sp] as PyDict : null;
            const defaults = (arg & 1) !== 0 ? (stack[--sp] as PyTuple).items : null;
            prepareCode(fcode);
            stack[sp++] = new PyFunction(fcode, frame.globals, defaults, kwDefaults, closure);
            continue;
          }
          case 72: { // YIELD_VALUE
            const value = stack[--sp];
            frame.pc = pc;
            frame.sp = sp;
            frame.yielded = true;
            return value;
          }
          case 73: { // GET_YIELD_FROM_ITER
            const v = stack[sp - 1];
            if (!(v instanceof PyGenerator)) stack[sp - 1] = getIter(v);
            continue;
          }
          case 74: { // YIELD_FROM
            const sent = stack[--sp];
            const sub = stack[sp - 1];
            frame.pc = pc;
            frame.sp = sp;
            const r = delegate(sub, sent, null);
            if (delegateYielded) {
              frame.pc = pc - 2;
              frame.sp = sp;
              frame.yielded = true;
              return r;
            }
            stack[sp - 1] = r;
            continue;
          }
          case 75: // GET_AWAITABLE
            stack[sp - 1] = awaitableIterator(stack[sp - 1]);
            continue;
          case 76: // GET_AITER
            stack[sp - 1] = getAsyncIter(stack[sp - 1]);
            continue;
          case 77: // GET_ANEXT
            stack[sp] = asyncIterNext(stack[sp - 1]);
            sp++;
            continue;
          case 78: { // END_ASYNC_FOR
            const exc = stack[--sp];
            if (exc instanceof PyBaseException && exc.type.isSubclassOf(PyStopAsyncIteration)) {
              stack[--sp] = undefined;
              continue;
            }
            reraising = true;
            throw exc;
          }
          case 79: { // BEFORE_ASYNC_WITH
            const mgr = stack[sp - 1];
            const [exit, awaitable] = beforeAsyncWith(mgr);
            stack[sp - 1] = exit;
            stack[sp++] = awaitable;
            continue;
          }
          case 80: { // RAISE_VARARGS
            if (arg === 0) {
              const handled = vm.handled;
              if (handled === null || handled === undefined) {
                raise(PyRuntimeError, "no active exception to reraise");
              }
              reraising = true;
              throw handled;
            }
            const cause = arg === 2 ? stack[--sp] : undefined;
            const exc = makeException(stack[--sp]);
            if (cause !== undefined && cause !== null) {
              // MicroPython accepts `raise X from Y` but does not chain exceptions.
              vm.stderr.write("Warning: exception chaining not supported\n");
            }
            throw exc;
          }
          case 81: { // RERAISE
            const exc = stack[--sp];
            reraising = true;
            throw exc;
          }
          case 82: { // PUSH_EXC_INFO
            const exc = stack[sp - 1];
            stack[sp - 1] = vm.handled;
            stack[sp++] = exc;
            vm.handled = exc;
            continue;
          }
          case 83: // POP_EXCEPT
            vm.handled = stack[--sp];
            continue;
          case 84: { // CHECK_EXC_MATCH
            const type = stack[sp - 1];
            stack[sp - 1] = exceptionMatches(stack[sp - 2], type);
            continue;
          }
          case 85: { // BEFORE_WITH
            const mgr = stack[sp - 1];
            const enter = getAttrOrUndefined(mgr, "__enter__");
            if (enter === undefined) {
              raise(PyAttributeError(), `'${typeName(mgr)}' object has no attribute '__enter__'`);
            }
            const exit = getAttrOrUndefined(mgr, "__exit__");
            if (exit === undefined) {
              raise(PyAttributeError(), `'${typeName(mgr)}' object has no attribute '__exit__'`);
            }
            stack[sp - 1] = exit;
            frame.pc = pc;
            frame.sp = sp;
            stack[sp++] = callValue(enter, [], null);
            continue;
          }
          case 86: { // WITH_EXCEPT_START
            const exc = stack[sp - 1];
            const exit = stack[sp - 3];
            frame.pc = pc;
            frame.sp = sp;
            stack[sp++] = callValue(exit, [typeOf(exc), exc, null], null);
            continue;
          }
          case 87: { // IMPORT_NAME
            const fromlist = stack[--sp];
            const level = stack[sp - 1];
            frame.pc = pc;
            frame.sp = sp;
            const importer = vm.builtins.map.get("__import__");
            if (importer !== builtinImport && importer !== undefined) {
              stack[sp - 1] = callValue(
                importer,
                [names[arg], frame.globals, null, fromlist, level],
                null,
              );
              continue;
            }
            const module = importOrLoad(names[arg], fromlist, level, frame.globals);
            if (module instanceof Promise) {
              // A built-in's code is still loading: run this instruction again once it has.
              if (!canSuspend) cannotLoadHere(names[arg]);
              frame.pc = pc - 2;
              frame.sp = sp + 1;
              vm.pendingPromise = module.then(() => HOST_TURN as unknown as PyValue);
              return SUSPENDED_RESULT(frame);
            }
            stack[sp - 1] = module;
            continue;
          }
          case 88: // IMPORT_FROM
            stack[sp] = importFrom(stack[sp - 1], names[arg]);
            sp++;
            continue;
          case 89: // IMPORT_STAR
            importStar(stack[--sp], frame.localsDict ?? frame.globals);
            continue;
          case 90: { // PRINT_EXPR
            const value = stack[--sp];
            if (value !== null) {
              vm.stdout.write(repr(value) + "\n");
              vm.builtins.setStr("_", value);
            }
            continue;
          }
          default:
            throw new InternalError(`bad opcode ${op} at ${pc - 2} in ${frame.code.name}`);
        }
      }
    } catch (thrown) {
      const exc = toPyException(thrown);
      if (exc.uncatchable) {
        // Only where the limit hit is worth showing: no handler runs on the way out.
        if (exc.traceback.length === 0) {
          exc.traceback.push({
            filename: frame.code.filename,
            line: frame.code.lineAt(pc - 2),
            name: frame.code.name,
          });
        }
        unwindAll(frame, start);
        throw exc;
      }
      // Find a handler, popping frames that have none.
      for (;;) {
        if (!reraising) {
          exc.traceback.push({
            filename: frame.code.filename,
            line: frame.code.lineAt(pc - 2),
            name: frame.code.name,
          });
        }
        reraising = false;
        const handler = findHandler(frame.code.exceptionTable, pc - 2);
        if (handler >= 0) {
          const table = frame.code.exceptionTable;
          const depth = table[handler + 3];
          for (let i = sp - 1; i >= depth; i--) stack[i] = undefined;
          sp = depth;
          stack[sp++] = exc;
          pc = table[handler + 2];
          break;
        }
        if (frame.isEntry) {
          frame.pc = pc;
          frame.sp = 0;
          frame.yielded = false;
          throw exc;
        }
        vm.depth--;
        frame = frame.back!;
        code = frame.code.code;
        stack = frame.stack;
        locals = frame.locals;
        consts = frame.consts;
        names = frame.code.names;
        pc = frame.pc;
        sp = frame.sp;
      }
    }
  }
}

/** Drops every frame between the current one and the entry when an abort unwinds. */
function unwindAll(frame: Frame, start: Frame): void {
  const vm = activeVM();
  let f: Frame | null = frame;
  while (f !== null && !f.isEntry) {
    vm.depth--;
    f = f.back;
  }
  void start;
}

function findHandler(table: Int32Array, pc: number): number {
  for (let i = 0; i < table.length; i += 4) {
    if (pc >= table[i] && pc < table[i + 1]) return i;
  }
  return -1;
}

function SUSPENDED_RESULT(frame: Frame): PyValue {
  activeVM().host.suspendedFrame = frame;
  return SUSPENDED;
}

function unpackError(got: number, expected: number): never {
  if (got > expected) raise(PyValueError, `too many values to unpack (expected ${expected})`);
  raise(PyValueError, `need more than ${got} values to unpack`);
}

function mergeMapping(target: PyDict, source: PyValue, rejectDuplicates: boolean): void {
  const d = source instanceof PyDict ? source : dictFromMapping(source);
  for (const [key, value] of d.entries()) {
    if (rejectDuplicates && target.has(key)) {
      raise(PyTypeError, `function got multiple values for argument '${str(key)}'`);
    }
    target.set(key, value);
  }
}

function dictFromMapping(source: PyValue): PyDict {
  const d = new PyDict();
  const keys = getAttrOrUndefined(source, "keys");
  if (keys === undefined) raise(PyTypeError, "argument after ** must be a mapping");
  const it = getIter(callValue(keys, [], null));
  for (;;) {
    const key = iterNext(it);
    if (key === undefined) return d;
    d.set(key, getItem(source, key));
  }
}

function asciiRepr(value: PyValue): string {
  const text = repr(value);
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out += ch;
    else if (c < 0x100) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c < 0x10000) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += "\\U" + c.toString(16).padStart(8, "0");
  }
  return out;
}

// ---- delegation (yield from / await) ----

/** Whether the last `delegate` call ended with the sub-iterator yielding. */
let delegateYielded = false;

/**
 * Sends `value` (or throws `exc`) into the sub-iterator of a yield from. Returns
 * what it yielded (delegateYielded = true) or its return value.
 */
/** `exc`, when not null, is what was thrown in: an exception or a raw `throw(x)` value. */
export function delegate(sub: PyValue, value: PyValue, exc: PyValue): PyValue {
  if (sub instanceof PyGenerator) {
    const r = resumeGenerator(sub, value, exc);
    delegateYielded = !sub.finished;
    return r;
  }
  if (exc !== null) {
    const thrower = getAttrOrUndefined(sub, "throw");
    if (thrower === undefined) throw makeException(exc);
    return sendViaMethod(thrower, exc);
  }
  if (value === null) {
    const type = typeOf(sub);
    if (type.isHeapType) {
      // A Python-level __next__ may finish with StopIteration(value): keep the value.
      const next = type.lookup("__next__");
      if (next !== undefined) return sendViaMethod(new PyBoundMethod(next, sub), undefined);
    }
    const v = iterNext(sub);
    if (v === undefined) {
      delegateYielded = false;
      return stopValueOf(sub);
    }
    delegateYielded = true;
    return v;
  }
  const sender = getAttrOrUndefined(sub, "send");
  if (sender === undefined) raise(PyTypeError, `'${typeName(sub)}' object has no attribute 'send'`);
  return sendViaMethod(sender, value);
}

export function wasDelegateYield(): boolean {
  return delegateYielded;
}

function isGeneratorExit(thrown: PyValue): boolean {
  if (thrown instanceof PyBaseException) return thrown.type.isSubclassOf(PyGeneratorExit);
  return thrown instanceof PyType && thrown.isSubclassOf(PyGeneratorExit);
}

function closeSubIterator(sub: PyValue): void {
  if (sub instanceof PyGenerator) {
    closeGenerator(sub);
    return;
  }
  const close = getAttrOrUndefined(sub, "close");
  if (close !== undefined) callValue(close, [], null);
}

function sendViaMethod(method: PyValue, value: PyValue | undefined): PyValue {
  try {
    const r = callValue(method, value === undefined ? [] : [value], null);
    delegateYielded = true;
    return r;
  } catch (e) {
    if (e instanceof PyBaseException && e.type.isSubclassOf(stopIterationType())) {
      delegateYielded = false;
      return e.args.length > 0 ? e.args[0] : null;
    }
    throw e;
  }
}

/** Iterators other than generators finish without a value. */
function stopValueOf(_sub: PyValue): PyValue {
  return null;
}

import { PyAttributeError as PyAttributeErrorType, PyStopIteration } from "../objects/exception.ts";
import { listType } from "../objects/list.ts";
function stopIterationType(): PyType {
  return PyStopIteration;
}
function PyAttributeError(): PyType {
  return PyAttributeErrorType;
}
function listTypeRef(): PyType {
  return listType;
}
export { makeGenerator, PyBaseExceptionType };
