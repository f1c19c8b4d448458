/**
 * `micropython`: MicroPython's internals module. `const` is an identity function
 * at run time (the compiler folds `X = const(...)`), the heap and stack queries
 * report upy's own accounting, `schedule` queues a callback to run between
 * bytecodes, `kbd_intr` sets the interrupt character.
 */

import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";
import { activeVM } from "../vm/state.ts";
import { ScheduledCall } from "../vm/scheduler.ts";
import { PyRuntimeError, raise } from "../objects/exception.ts";
import { asInt } from "../objects/int.ts";
import { ringIOType } from "./ringio.ts";
import { wakeAsyncioLoop } from "./asyncio_native.ts";
import { accountMemory, BLOCK } from "./memory_account.ts";

const MAX_SCHEDULED = 8;
// Nominal C stack figures for mem_info and stack_use: bytes per Python call.
const STACK_PER_CALL = 64;
const STACK_LIMIT = 80000;

registerBuiltinModule("micropython", (m: PyModule) => {
  const d = m.dict;
  let heapLocks = 0;
  d.setStr("const", native("const", 1, 1, (a) => a[0]));
  d.setStr(
    "opt_level",
    native("opt_level", 0, 1, (a) => {
      if (a.length === 0) return activeVM().optLevel;
      activeVM().optLevel = Number(asInt(a[0]) ?? 0);
      return null;
    }),
  );
  d.setStr("RingIO", ringIOType);
  // Code-emitter decorators: upy has one emitter, so these leave the function as it is.
  for (const name of ["bytecode", "native", "viper"]) {
    d.setStr(
      name,
      native(name, 1, 1, (a) => a[0]),
    );
  }
  d.setStr(
    "heap_lock",
    native("heap_lock", 0, 0, () => {
      heapLocks++;
      return null;
    }),
  );
  d.setStr(
    "heap_unlock",
    native("heap_unlock", 0, 0, () => {
      if (heapLocks > 0) heapLocks--;
      return heapLocks;
    }),
  );
  d.setStr("heap_locked", native("heap_locked", 0, 0, () => heapLocks));
  d.setStr(
    "kbd_intr",
    native("kbd_intr", 1, 1, (a) => {
      activeVM().host.interruptChar = a[0];
      return null;
    }),
  );
  d.setStr(
    "schedule",
    native("schedule", 2, 2, (a) => {
      const vm = activeVM();
      if (vm.scheduled.length >= MAX_SCHEDULED) raise(PyRuntimeError, "schedule queue full");
      const [fn, arg] = a;
      vm.scheduled.push(new ScheduledCall(fn, arg));
      wakeAsyncioLoop();
      return null;
    }),
  );
  d.setStr("stack_use", native("stack_use", 0, 0, () => activeVM().depth * STACK_PER_CALL));
  d.setStr("pystack_use", native("pystack_use", 0, 0, () => activeVM().depth * STACK_PER_CALL));
  d.setStr(
    "alloc_emergency_exception_buf",
    native("alloc_emergency_exception_buf", 1, 1, () => null),
  );
  d.setStr(
    "mem_info",
    native("mem_info", 0, 1, (a) => {
      // MicroPython's layout; the figures are this VM's (memory_account.ts).
      const vm = activeVM();
      const m = accountMemory(vm);
      const free = m.total - m.used;
      let text = `stack: ${vm.depth * STACK_PER_CALL} out of ${STACK_LIMIT}\n` +
        `GC: total: ${m.total}, used: ${m.used}, free: ${free}\n` +
        ` No. of 1-blocks: ${m.oneBlocks}, 2-blocks: ${m.twoBlocks}, max blk sz: ${m.maxBlocks}, ` +
        `max free sz: ${Math.floor(free / BLOCK)}\n`;
      if (a.length > 0 && a[0] !== null && a[0] !== false) {
        text += `GC memory layout; from ${m.total.toString(16)}:\n` +
          `(${Math.floor(m.used / BLOCK)} blocks used, ${Math.floor(free / BLOCK)} free)\n`;
      }
      vm.stdout.write(text);
      return null;
    }),
  );
  d.setStr(
    "qstr_info",
    native("qstr_info", 0, 1, () => {
      activeVM().stdout.write(
        "qstr pool: n_pool=1, n_qstr=0, n_str_data_bytes=0, n_total_bytes=0\n",
      );
      return null;
    }),
  );
});
