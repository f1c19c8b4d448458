/**
 * machine.Pin, machine.Signal and the irq object Pin.irq() returns.
 *
 * A Pin is a singleton per GPIO and per VM (Pin(25) is Pin(25), as on the rp2 port where pins
 * are static objects); it holds only its number, the state lives on the board. Pins are
 * named by number, by the board's names ("LED", "GP4") or passed through as Pin objects.
 */

import type { PyValue } from "../../objects/base.ts";
import { PyObject } from "../../objects/base.ts";
import { PyType } from "../../objects/type.ts";
import { native } from "../../objects/function.ts";
import { PyTypeError, PyValueError, raise } from "../../objects/exception.ts";
import { isTruthy } from "../../objects/ops.ts";
import { PinEdge, PinMode, PinPull } from "../../../hal/hal.ts";
import { Func } from "../../../hal/mock/rp2040.ts";
import { bindArgs, intOf, intOr, type Param } from "./args.ts";
import { andThen, hal, type MachineState, machineState } from "./board.ts";

export const pinType = new PyType("Pin", []);
export const signalType = new PyType("Signal", []);
export const irqType = new PyType("irq", []);

export class PyPin extends PyObject {
  constructor(readonly machine: MachineState, readonly gpio: number) {
    super(pinType);
  }
}

export class PyPinIrq extends PyObject {
  handler: PyValue = null;
  trigger = 0;
  flags = 0;
  constructor(readonly pin: PyPin) {
    super(irqType);
  }
}

export class PySignal extends PyObject {
  constructor(readonly pin: PyPin, readonly invert: boolean) {
    super(signalType);
  }
}

const irqs = new WeakMap<PyPin, PyPinIrq>();

/** The GPIO number a pin argument names (an int, a board name, or a Pin). */
export function gpioOf(v: PyValue): number {
  if (v instanceof PyPin) return v.gpio;
  const state = machineState();
  if (typeof v === "string") {
    const gpio = state.hal.info.pinNames[v];
    if (gpio === undefined) raise(PyValueError, `unknown named pin "${v}"`);
    return gpio;
  }
  if (typeof v === "number" || typeof v === "boolean") {
    const n = Number(v);
    if (n >= 0 && n < state.hal.info.pinCount) return n;
    raise(PyValueError, "invalid pin");
  }
  raise(PyValueError, "invalid pin");
}

export function pinObject(gpio: number): PyPin {
  const state = machineState();
  let pin = state.pins.get(gpio) as PyPin | undefined;
  if (pin === undefined) {
    pin = new PyPin(state, gpio);
    state.pins.set(gpio, pin);
  }
  return pin;
}

const INIT_PARAMS: Param[] = [
  { name: "mode" },
  { name: "pull" },
  { name: "value", kwOnly: true },
  { name: "drive", kwOnly: true },
  { name: "alt", kwOnly: true },
];

function initPin(pin: PyPin, args: PyValue[], kwnames: string[] | null, skip: number): PyValue {
  const [mode, pull, value, drive, alt] = bindArgs(args, kwnames, INIT_PARAMS, skip);
  const config = {
    drive: drive === undefined || drive === null ? undefined : intOf(drive),
    mode: mode === undefined || mode === null ? undefined : intOf(mode),
    pull: intOr(pull, 0),
    value: value === undefined || value === null ? undefined : isTruthy(value) ? 1 : 0,
    alt: intOr(alt, Func.SIO),
  };
  return hal(() => pin.machine.hal.pinInit(pin.gpio, config), () => null);
}

function pinArg(v: PyValue): PyPin {
  if (!(v instanceof PyPin)) raise(PyTypeError, "expecting a Pin");
  return v;
}

function readPin(pin: PyPin): PyValue {
  return hal(() => pin.machine.hal.pinRead(pin.gpio), (level) => level);
}

function writePin(pin: PyPin, value: PyValue): PyValue {
  pin.machine.hal.pinWrite(pin.gpio, isTruthy(value) ? 1 : 0);
  return null;
}

pinType.newSlot = (_cls, args, kwnames) => {
  const nkw = kwnames === null ? 0 : kwnames.length;
  if (args.length - nkw < 1) raise(PyTypeError, "function missing 1 required positional arguments");
  const pin = pinObject(gpioOf(args[0]));
  if (args.length > 1) {
    const r = initPin(pin, args, kwnames, 1);
    if (r instanceof Promise) return andThen(r, () => pin);
  }
  return pin;
};

pinType.reprSlot = (self: PyPin) => {
  const state = self.machine.hal.pinState(self.gpio);
  if (state instanceof Promise) return `Pin(GPIO${self.gpio})`;
  const modeNames = ["IN", "OUT", "OPEN_DRAIN", "ALT"];
  let text = `Pin(GPIO${self.gpio}, mode=${modeNames[state.mode] ?? "ALT"}`;
  const pulls: string[] = [];
  if (state.pull & PinPull.UP) pulls.push("PULL_UP");
  if (state.pull & PinPull.DOWN) pulls.push("PULL_DOWN");
  if (pulls.length > 0) text += `, pull=${pulls.join("|")}`;
  if (state.alt !== null) text += `, alt=${state.alt}`;
  return text + ")";
};

pinType.callSlot = (self: PyPin, args, kwnames) => {
  if (kwnames !== null && kwnames.length > 0) {
    raise(PyTypeError, "function doesn't take keyword arguments");
  }
  if (args.length > 1) {
    raise(PyTypeError, `function takes 1 positional arguments but ${args.length} were given`);
  }
  return args.length === 0 ? readPin(self) : writePin(self, args[0]);
};

pinType
  .define(
    "init",
    native("init", 1, -1, (a, kw) => initPin(pinArg(a[0]), a, kw, 1), true),
  )
  .define(
    "value",
    native(
      "value",
      1,
      2,
      (a) => a.length === 1 ? readPin(pinArg(a[0])) : writePin(pinArg(a[0]), a[1]),
    ),
  )
  .define("on", native("on", 1, 1, (a) => writePin(pinArg(a[0]), 1)))
  .define("off", native("off", 1, 1, (a) => writePin(pinArg(a[0]), 0)))
  .define("high", native("high", 1, 1, (a) => writePin(pinArg(a[0]), 1)))
  .define("low", native("low", 1, 1, (a) => writePin(pinArg(a[0]), 0)))
  .define(
    "toggle",
    native("toggle", 1, 1, (a) => {
      const pin = pinArg(a[0]);
      return hal(() => pin.machine.hal.pinRead(pin.gpio), (level) => writePin(pin, level ? 0 : 1));
    }),
  )
  .define(
    "irq",
    native("irq", 1, -1, (a, kw) => {
      const pin = pinArg(a[0]);
      const [handler, trigger, _hard] = bindArgs(a, kw, [
        { name: "handler" },
        { name: "trigger" },
        { name: "hard" },
      ], 1);
      let irq = irqs.get(pin);
      if (irq === undefined) {
        irq = new PyPinIrq(pin);
        irqs.set(pin, irq);
      }
      if (a.length > 1 || (kw !== null && kw.length > 0)) {
        const obj = irq;
        obj.handler = handler ?? null;
        obj.trigger = intOr(trigger, PinEdge.FALLING | PinEdge.RISING);
        const machine = pin.machine;
        const listener = obj.handler === null ? null : (flags: number) => {
          obj.flags = flags;
          machine.schedule(obj.handler, pin);
        };
        return hal(() => machine.hal.pinIrq(pin.gpio, obj.trigger, listener), () => obj);
      }
      return irq;
    }, true),
  );

const PIN_CONSTANTS: Record<string, number> = {
  IN: PinMode.IN,
  OUT: PinMode.OUT,
  OPEN_DRAIN: PinMode.OPEN_DRAIN,
  ALT: PinMode.ALT,
  PULL_UP: PinPull.UP,
  PULL_DOWN: PinPull.DOWN,
  IRQ_LOW_LEVEL: 1,
  IRQ_HIGH_LEVEL: 2,
  IRQ_FALLING: PinEdge.FALLING,
  IRQ_RISING: PinEdge.RISING,
  ALT_SPI: Func.SPI,
  ALT_UART: Func.UART,
  ALT_I2C: Func.I2C,
  ALT_PWM: Func.PWM,
  ALT_SIO: Func.SIO,
  ALT_PIO0: Func.PIO0,
  ALT_PIO1: Func.PIO1,
  ALT_GPCK: Func.GPCK,
  ALT_USB: Func.USB,
  DRIVE_0: 0,
  DRIVE_1: 1,
  DRIVE_2: 2,
  DRIVE_3: 3,
};
for (const [name, value] of Object.entries(PIN_CONSTANTS)) pinType.define(name, value);

irqType.define(
  "flags",
  native("flags", 1, 1, (a) => (a[0] as PyPinIrq).flags),
).define(
  "trigger",
  native("trigger", 1, 2, (a) => {
    const irq = a[0] as PyPinIrq;
    const old = irq.trigger;
    if (a.length > 1) irq.trigger = intOf(a[1]);
    return old;
  }),
);
irqType.callSlot = (self: PyPinIrq) => {
  if (self.handler !== null) self.pin.machine.schedule(self.handler, self.pin);
  return null;
};

// ---- Signal: a pin with optional inversion, so code says on()/off() for "active" --------

signalType.newSlot = (_cls, args, kwnames) => {
  const nkw = kwnames === null ? 0 : kwnames.length;
  let invert = false;
  const rest: PyValue[] = [];
  const restNames: string[] = [];
  for (let k = 0; k < nkw; k++) {
    const value = args[args.length - nkw + k];
    if (kwnames![k] === "invert") invert = isTruthy(value);
    else {
      rest.push(value);
      restNames.push(kwnames![k]);
    }
  }
  const positional = args.slice(0, args.length - nkw);
  if (positional.length < 1) raise(PyTypeError, "function missing 1 required positional arguments");
  if (positional[0] instanceof PyPin && positional.length === 1 && rest.length === 0) {
    return new PySignal(positional[0], invert);
  }
  const made = pinType.newSlot!(
    pinType,
    [...positional, ...rest],
    restNames.length > 0 ? restNames : null,
  );
  if (made instanceof Promise) return andThen(made, (pin: PyPin) => new PySignal(pin, invert));
  return new PySignal(made as PyPin, invert);
};

function signalArg(v: PyValue): PySignal {
  if (!(v instanceof PySignal)) raise(PyTypeError, "expecting a Signal");
  return v;
}

function signalValue(s: PySignal, value?: PyValue): PyValue {
  if (value === undefined) {
    return hal(
      () => s.pin.machine.hal.pinRead(s.pin.gpio),
      (level) => s.invert ? level ^ 1 : level,
    );
  }
  return writePin(s.pin, isTruthy(value) !== s.invert ? 1 : 0);
}

signalType.callSlot = (self: PySignal, args) => signalValue(self, args[0]);
signalType
  .define("value", native("value", 1, 2, (a) => signalValue(signalArg(a[0]), a[1])))
  .define("on", native("on", 1, 1, (a) => signalValue(signalArg(a[0]), true)))
  .define("off", native("off", 1, 1, (a) => signalValue(signalArg(a[0]), false)));
