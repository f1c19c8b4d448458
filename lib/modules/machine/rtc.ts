/**
 * machine.RTC (the board's calendar clock) and machine.WDT (the watchdog: once started it
 * cannot be stopped; without feed() within the timeout the board resets, which ends the
 * program with SystemExit after a note on stderr, and reset_cause() reports WDT_RESET).
 */

import type { PyValue } from "../../objects/base.ts";
import { PyObject } from "../../objects/base.ts";
import { PyType } from "../../objects/type.ts";
import { native } from "../../objects/function.ts";
import {
  PyBaseException,
  PySystemExit,
  PyTypeError,
  PyValueError,
  raise,
} from "../../objects/exception.ts";
import { makeTuple } from "../../objects/tuple.ts";
import { toArray } from "../../objects/ops.ts";
import type { DateTime } from "../../../hal/hal.ts";
import { bindArgs, intOf, intOr } from "./args.ts";
import { hal, type MachineState, machineState } from "./board.ts";

export const rtcType = new PyType("RTC", []);
export const wdtType = new PyType("WDT", []);

/** The rp2040's 24-bit watchdog counter ticks twice per microsecond. */
const WDT_TIMEOUT_MAX = 8388;

class PyRTC extends PyObject {
  constructor(readonly machine: MachineState) {
    super(rtcType);
  }
}

class PyWDT extends PyObject {
  constructor(readonly machine: MachineState) {
    super(wdtType);
  }
}

rtcType.newSlot = () => new PyRTC(machineState());
rtcType.define(
  "datetime",
  native("datetime", 1, 2, (a) => {
    const rtc = a[0] as PyRTC;
    if (a.length === 1) {
      return hal(() => rtc.machine.hal.rtcGet(), (dt) => makeTuple([...dt]));
    }
    const items = toArray(a[1]).map(intOf);
    if (items.length < 7) {
      raise(PyTypeError, "requested length 8 but object has length " + items.length);
    }
    const dt = [...items.slice(0, 8), 0].slice(0, 8) as DateTime;
    return hal(() => rtc.machine.hal.rtcSet(dt), () => null);
  }),
);

wdtType.newSlot = (_cls, args, kwnames) => {
  const [id, timeout] = bindArgs(args, kwnames, [{ name: "id" }, { name: "timeout" }]);
  const wdtId = intOr(id, 0);
  if (wdtId !== 0) raise(PyValueError, `WDT(${wdtId}) doesn't exist`);
  const ms = intOr(timeout, 5000);
  if (ms < 0 || ms > WDT_TIMEOUT_MAX) raise(PyValueError, `timeout exceeds ${WDT_TIMEOUT_MAX}`);
  const machine = machineState();
  const vm = machine.vm;
  const expire = () => {
    vm.stderr.write("machine: watchdog timeout, board reset\n");
    const exc = new PyBaseException(PySystemExit, []);
    exc.uncatchable = true;
    vm.pendingAbort = exc;
    machine.clock.wake();
  };
  return hal(() => machine.hal.wdtStart(ms, expire), () => new PyWDT(machine));
};

wdtType.define(
  "feed",
  native("feed", 1, 1, (a: PyValue[]) => {
    (a[0] as PyWDT).machine.hal.wdtFeed();
    return null;
  }),
);
