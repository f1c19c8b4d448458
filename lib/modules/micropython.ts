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
import { callValue } from "../vm/call.ts";
import { PyRuntimeError, raise } from "../objects/exception.ts";
import { asInt } from "../objects/int.ts";
import { ringIOType } from "./ringio.ts";

const MAX_SCHEDULED = 8;

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
      vm.scheduled.push(() => callValue(fn, [arg], null));
      return null;
    }),
  );
  d.setStr("stack_use", native("stack_use", 0, 0, () => activeVM().depth * 64));
  d.setStr("pystack_use", native("pystack_use", 0, 0, () => activeVM().depth * 64));
  d.setStr(
    "alloc_emergency_exception_buf",
    native("alloc_emergency_exception_buf", 1, 1, () => null),
  );
  d.setStr(
    "mem_info",
    native("mem_info", 0, 1, () => {
      const used = Deno?.memoryUsage?.().heapUsed ?? 0;
      activeVM().stdout.write(
        `stack: ${activeVM().depth * 64} out of 80000\nGC: total: 2072832, used: ${
          used % 2072832
        }, free: ${2072832 - (used % 2072832)}\n`,
      );
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
