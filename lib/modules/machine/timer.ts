/**
 * machine.Timer: a software timer (id -1, the only kind the rp2 port offers) on the board's
 * clock. Each expiry queues the callback like an IRQ; a periodic timer re-arms from its own
 * schedule (not from when the callback ran), so it does not drift.
 */

import type { PyValue } from "../../objects/base.ts";
import { PyObject } from "../../objects/base.ts";
import { PyType } from "../../objects/type.ts";
import { native } from "../../objects/function.ts";
import { PyTypeError, PyValueError, raise } from "../../objects/exception.ts";
import { bindArgs, floatOf, intOf, intOr } from "./args.ts";
import { type MachineState, machineState } from "./board.ts";

export const timerType = new PyType("Timer", []);
const ONE_SHOT = 0;
const PERIODIC = 1;

class PyTimer extends PyObject {
  mode = PERIODIC;
  periodUs = 0;
  callback: PyValue = null;
  alarm: number | null = null;
  nextAt = 0;
  constructor(readonly machine: MachineState) {
    super(timerType);
  }

  stop(): void {
    if (this.alarm !== null) this.machine.clock.cancel(this.alarm);
    this.alarm = null;
  }

  start(): void {
    this.nextAt = this.machine.clock.nowUs() + this.periodUs;
    this.arm();
  }

  private arm(): void {
    this.alarm = this.machine.clock.at(this.nextAt, () => {
      this.alarm = null;
      if (this.mode === PERIODIC) {
        this.nextAt += this.periodUs;
        this.arm();
      }
      if (this.callback !== null) this.machine.schedule(this.callback, this);
    });
  }
}

const TIMER_PARAMS = [
  { name: "mode", kwOnly: true },
  { name: "callback", kwOnly: true },
  { name: "period", kwOnly: true },
  { name: "tick_hz", kwOnly: true },
  { name: "freq", kwOnly: true },
];

function initTimer(timer: PyTimer, args: PyValue[], kwnames: string[] | null, skip: number) {
  const [mode, callback, period, tickHz, freq] = bindArgs(args, kwnames, TIMER_PARAMS, skip);
  timer.stop();
  timer.mode = intOr(mode, PERIODIC);
  if (timer.mode !== ONE_SHOT && timer.mode !== PERIODIC) raise(PyValueError, "invalid mode");
  if (freq !== undefined && freq !== null) {
    const hz = floatOf(freq);
    if (!(hz > 0)) raise(PyValueError, "freq must be positive");
    timer.periodUs = Math.floor(1e6 / hz);
  } else {
    const ticks = intOr(tickHz, 1000);
    if (ticks <= 0) raise(PyValueError, "tick_hz must be positive");
    const count = intOr(period, 0xffffffff);
    if (count < 0) raise(PyValueError, "period must be positive");
    timer.periodUs = Math.floor((count * 1e6) / ticks);
  }
  if (timer.periodUs < 1) timer.periodUs = 1;
  timer.callback = callback ?? null;
  timer.start();
  return null;
}

function timerArg(v: PyValue): PyTimer {
  if (!(v instanceof PyTimer)) raise(PyTypeError, "expecting a Timer");
  return v;
}

timerType.newSlot = (_cls, args, kwnames) => {
  const nkw = kwnames === null ? 0 : kwnames.length;
  const timer = new PyTimer(machineState());
  let skip = 0;
  if (args.length - nkw > 0) {
    if (intOf(args[0]) !== -1) raise(PyValueError, "Timer doesn't exist");
    skip = 1;
  }
  if (args.length > skip) initTimer(timer, args, kwnames, skip);
  return timer;
};

timerType.reprSlot = (self: PyTimer) =>
  `Timer(mode=${
    self.mode === ONE_SHOT ? "ONE_SHOT" : "PERIODIC"
  }, tick_hz=1000000, period=${self.periodUs})`;

timerType
  .define("init", native("init", 1, -1, (a, kw) => initTimer(timerArg(a[0]), a, kw, 1), true))
  .define(
    "deinit",
    native("deinit", 1, 1, (a) => {
      timerArg(a[0]).stop();
      return null;
    }),
  )
  .define("ONE_SHOT", ONE_SHOT)
  .define("PERIODIC", PERIODIC);
