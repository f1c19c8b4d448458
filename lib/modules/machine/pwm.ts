/**
 * machine.PWM and machine.ADC: a pin's PWM slice channel, and the ADC channels (0..3 on
 * GP26..29, 4 the temperature sensor). The board rounds frequencies and duty cycles to what
 * its counters can do, so getters return the hardware's values, as on a real Pico.
 */

import type { PyValue } from "../../objects/base.ts";
import { PyObject } from "../../objects/base.ts";
import { PyType } from "../../objects/type.ts";
import { native } from "../../objects/function.ts";
import { PyTypeError, raise } from "../../objects/exception.ts";
import { isTruthy } from "../../objects/ops.ts";
import type { PwmSettings } from "../../../hal/hal.ts";
import { pwmSliceOf } from "../../../hal/mock/rp2040.ts";
import { bindArgs, intOf } from "./args.ts";
import { hal, type MachineState, machineState } from "./board.ts";
import { gpioOf, PyPin } from "./pin.ts";

export const pwmType = new PyType("PWM", []);
export const adcType = new PyType("ADC", []);

class PyPWM extends PyObject {
  constructor(readonly machine: MachineState, readonly gpio: number) {
    super(pwmType);
  }
}

class PyADC extends PyObject {
  constructor(readonly machine: MachineState, readonly channel: number) {
    super(adcType);
  }
}

const PWM_PARAMS = [
  { name: "freq" },
  { name: "duty_u16", kwOnly: true },
  { name: "duty_ns", kwOnly: true },
  { name: "invert", kwOnly: true },
];

function settingsFrom(args: PyValue[], kwnames: string[] | null, skip: number): PwmSettings {
  const [freq, dutyU16, dutyNs, invert] = bindArgs(args, kwnames, PWM_PARAMS, skip);
  const settings: PwmSettings = {};
  if (freq !== undefined) settings.freq = intOf(freq);
  if (dutyU16 !== undefined) settings.dutyU16 = intOf(dutyU16);
  if (dutyNs !== undefined) settings.dutyNs = intOf(dutyNs);
  if (invert !== undefined) settings.invert = isTruthy(invert);
  return settings;
}

function pwmArg(v: PyValue): PyPWM {
  if (!(v instanceof PyPWM)) raise(PyTypeError, "expecting a PWM");
  return v;
}

pwmType.newSlot = (_cls, args, kwnames) => {
  const nkw = kwnames === null ? 0 : kwnames.length;
  if (args.length - nkw < 1) raise(PyTypeError, "function missing 1 required positional arguments");
  const machine = machineState();
  const pwm = new PyPWM(machine, gpioOf(args[0]));
  const settings = settingsFrom(args, kwnames, 1);
  return hal(() => machine.hal.pwmInit(pwm.gpio, settings), () => pwm);
};

pwmType.reprSlot = (self: PyPWM) => {
  const { slice, channel } = pwmSliceOf(self.gpio);
  const state = self.machine.hal.pwmState(self.gpio);
  const invert = state instanceof Promise ? 0 : Number(state.invert);
  return `<PWM slice=${slice} channel=${channel} invert=${invert}>`;
};

/** A getter/setter method: no argument reads `field` back, one argument sets `key`. */
function accessor(name: string, key: keyof PwmSettings, field: "freq" | "dutyU16" | "dutyNs") {
  return native(name, 1, 2, (a) => {
    const pwm = pwmArg(a[0]);
    if (a.length === 1) return hal(() => pwm.machine.hal.pwmState(pwm.gpio), (s) => s[field]);
    const settings: PwmSettings = { [key]: intOf(a[1]) };
    return hal(() => pwm.machine.hal.pwmInit(pwm.gpio, settings), () => null);
  });
}

pwmType
  .define(
    "init",
    native("init", 1, -1, (a, kw) => {
      const pwm = pwmArg(a[0]);
      const settings = settingsFrom(a, kw, 1);
      return hal(() => pwm.machine.hal.pwmInit(pwm.gpio, settings), () => null);
    }, true),
  )
  .define(
    "deinit",
    native("deinit", 1, 1, (a) => {
      const pwm = pwmArg(a[0]);
      return hal(() => pwm.machine.hal.pwmDeinit(pwm.gpio), () => null);
    }),
  )
  .define("freq", accessor("freq", "freq", "freq"))
  .define("duty_u16", accessor("duty_u16", "dutyU16", "dutyU16"))
  .define("duty_ns", accessor("duty_ns", "dutyNs", "dutyNs"));

adcType.newSlot = (_cls, args, kwnames) => {
  if (kwnames !== null && kwnames.length > 0) {
    raise(PyTypeError, "function doesn't take keyword arguments");
  }
  if (args.length !== 1) {
    raise(PyTypeError, `function takes 1 positional arguments but ${args.length} were given`);
  }
  const machine = machineState();
  const source = args[0];
  const which = source instanceof PyPin || typeof source === "string"
    ? { pin: gpioOf(source) }
    : { channel: intOf(source) };
  return hal(() => machine.hal.adcOpen(which), (channel) => new PyADC(machine, channel));
};

adcType.reprSlot = (self: PyADC) => `<ADC channel=${self.channel}>`;
adcType.define(
  "read_u16",
  native("read_u16", 1, 1, (a) => {
    const adc = a[0] as PyADC;
    return hal(() => adc.machine.hal.adcRead(adc.channel), (v) => v);
  }),
);
adcType.define("CORE_TEMP", 4);
