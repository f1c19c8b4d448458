/**
 * `machine`: MicroPython's hardware module, written only against the HAL (hal/hal.ts) so the
 * same Python runs on the mock Pico (the default board of a VM) and, through the board link,
 * on a real one. This file registers the module: its classes (one file each beside this one)
 * and the board-wide functions (freq, unique_id, resets, sleeps, IRQ masking, pulse timing).
 */

import type { PyValue } from "../../objects/base.ts";
import { registerBuiltinModule } from "../registry.ts";
import type { PyModule } from "../../objects/module.ts";
import { native } from "../../objects/function.ts";
import {
  PyBaseException,
  PySystemExit,
  PyTypeError,
  PyValueError,
  raise,
} from "../../objects/exception.ts";
import { PyBytes } from "../../objects/bytes.ts";
import { isTruthy, toArray } from "../../objects/ops.ts";
import { intOf, intOr } from "./args.ts";
import { andThen, hal, type MachineState, machineState } from "./board.ts";
import { gpioOf, irqType, pinType, signalType } from "./pin.ts";
import { adcType, pwmType } from "./pwm.ts";
import { i2cType, softI2cType } from "./i2c.ts";
import { softSpiType, spiType } from "./spi.ts";
import { uartType } from "./uart.ts";
import { timerType } from "./timer.ts";
import { rtcType, wdtType } from "./rtc.ts";
import { readBuffer } from "./buffers.ts";

/** Ends the program the way a reboot ends it on the board (nothing can catch it). */
function rebooted(): never {
  const exc = new PyBaseException(PySystemExit, []);
  exc.uncatchable = true;
  throw exc;
}

/** Sleeps `ms` of board time, or (ms absent) until a callback is queued. */
function sleepFor(a: PyValue[]): PyValue {
  const machine = machineState();
  if (a.length > 0 && a[0] !== null) return machine.sleepMs(intOf(a[0]));
  return machine.waitForCallback(Infinity);
}

/**
 * The pin's level now (pulse timing needs an answer at once, so a board that replies later
 * cannot do it). Takes the machine state rather than looking it up: the wait's stop condition
 * runs from the clock's timer too, when no VM is active.
 */
function levelNow(machine: MachineState, gpio: number): number {
  const level = machine.hal.pinRead(gpio);
  if (typeof level !== "number") raise(PyValueError, "time_pulse_us needs a local pin");
  return level;
}

function timePulseUs(a: PyValue[]): PyValue {
  const machine = machineState();
  const gpio = gpioOf(a[0]);
  const level = isTruthy(a[1]) ? 1 : 0;
  const timeoutUs = intOr(a[2], 1000000);
  // A board on the link times the pulse itself: this process cannot see microsecond edges.
  const onBoard = machine.hal.timePulseUs;
  if (onBoard !== undefined) {
    return hal(() => onBoard.call(machine.hal, gpio, level, timeoutUs), (us) => us);
  }
  const clock = machine.clock;
  const measure = (): PyValue => {
    const start = clock.nowUs();
    const ended = machine.waitUntil(start + timeoutUs, () => levelNow(machine, gpio) !== level);
    const finish = () => levelNow(machine, gpio) !== level ? Math.floor(clock.nowUs() - start) : -1;
    return andThen(ended, finish);
  };
  if (levelNow(machine, gpio) === level) return measure();
  const began = machine.waitUntil(
    clock.nowUs() + timeoutUs,
    () => levelNow(machine, gpio) === level,
  );
  const next = () => levelNow(machine, gpio) === level ? measure() : -2;
  return andThen(began, next);
}

registerBuiltinModule("machine", (m: PyModule) => {
  const d = m.dict;
  machineState();
  const classes = {
    Pin: pinType,
    Signal: signalType,
    PWM: pwmType,
    ADC: adcType,
    I2C: i2cType,
    SoftI2C: softI2cType,
    SPI: spiType,
    SoftSPI: softSpiType,
    UART: uartType,
    Timer: timerType,
    RTC: rtcType,
    WDT: wdtType,
  };
  for (const [name, type] of Object.entries(classes)) d.setStr(name, type);
  void irqType;
  d.setStr("PWRON_RESET", 1);
  d.setStr("WDT_RESET", 3);

  d.setStr(
    "freq",
    native("freq", 0, 2, (a) => {
      const board = machineState().hal;
      if (a.length === 0) return hal(() => board.cpuFreq(), (hz) => hz);
      const hz = intOf(a[0]);
      return hal(() => board.cpuFreq(hz), () => null);
    }),
  );
  d.setStr(
    "unique_id",
    native(
      "unique_id",
      0,
      0,
      () => hal(() => machineState().hal.uniqueId(), (id) => new PyBytes(id)),
    ),
  );
  d.setStr(
    "reset",
    native("reset", 0, 0, () => hal(() => machineState().hal.reset("hard"), rebooted)),
  );
  d.setStr(
    "soft_reset",
    native("soft_reset", 0, 0, () =>
      hal(() => machineState().hal.reset("soft"), () => {
        throw new PyBaseException(PySystemExit, []);
      })),
  );
  d.setStr(
    "reset_cause",
    native("reset_cause", 0, 0, () => hal(() => machineState().hal.resetCause(), (c) => c)),
  );
  d.setStr(
    "bootloader",
    native("bootloader", 0, 1, () => hal(() => machineState().hal.reset("hard"), rebooted)),
  );
  d.setStr("lightsleep", native("lightsleep", 0, 1, sleepFor));
  d.setStr(
    "deepsleep",
    native("deepsleep", 0, 1, (a) => {
      // Deep sleep ends in a reset: the program does not continue after it.
      const slept = sleepFor(a);
      const wake = () => hal(() => machineState().hal.reset("hard"), rebooted);
      return andThen(slept, wake);
    }),
  );
  d.setStr(
    "idle",
    native("idle", 0, 0, () => {
      const machine = machineState();
      return machine.waitForCallback(machine.clock.nowUs() + 1000);
    }),
  );
  d.setStr(
    "disable_irq",
    native("disable_irq", 0, 0, () => {
      const machine = machineState();
      const wasEnabled = machine.irqDisabled === 0;
      machine.irqDisabled = 1;
      return wasEnabled;
    }),
  );
  d.setStr(
    "enable_irq",
    native("enable_irq", 0, 1, (a) => {
      const machine = machineState();
      if (a.length === 0 || isTruthy(a[0])) {
        machine.irqDisabled = 0;
        machine.releaseDeferred();
      }
      return null;
    }),
  );
  d.setStr("time_pulse_us", native("time_pulse_us", 2, 3, timePulseUs));
  d.setStr(
    "bitstream",
    native("bitstream", 4, 4, (a) => {
      const gpio = gpioOf(a[0]);
      if (intOf(a[1]) !== 0) raise(PyValueError, "invalid encoding");
      const timing = toArray(a[2]).map(intOf);
      if (timing.length !== 4) raise(PyTypeError, "timing must be a 4-tuple");
      const data = readBuffer(a[3]).slice();
      return hal(() => machineState().hal.bitstream(gpio, timing, data), () => null);
    }),
  );
});
