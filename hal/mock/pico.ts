/**
 * A simulated Raspberry Pi Pico (RP2040) behind the HAL interface, plus the handles a test or
 * an embedder uses from JS: drive input pins, attach I2C/SPI devices, loop or connect a UART,
 * set ADC voltages, schedule stimuli in board time, and read the trace.
 *
 * Every operation answers synchronously (it is all in this process); errors are HalErrors
 * with the rp2 port's wording. Pin levels follow the pad model: an output drives its value,
 * otherwise whatever JS drives from outside, otherwise the pull resistor (floating reads 0).
 */

import {
  type BoardInfo,
  type Clock,
  type DateTime,
  type Hal,
  HalError,
  type I2cConfig,
  type I2cSegment,
  type PinConfig,
  PinEdge,
  PinMode,
  PinPull,
  type PinState,
  type PwmSettings,
  type PwmState,
  type SpiConfig,
  type UartConfig,
} from "../hal.ts";
import { RealClock, VirtualClock } from "./clock.ts";
import { MockUart } from "./uart.ts";
import { Trace } from "./trace.ts";
import { toVcd } from "./vcd.ts";
import { timeline } from "./timeline.ts";
import type { I2cTarget, SpiTarget } from "./devices.ts";
import {
  DEFAULT_CPU_HZ,
  Func,
  FUNC_NAMES,
  GPIO_COUNT,
  hasFunction,
  I2C_DEFAULTS,
  i2cPin,
  picoPinNames,
  PwmSlice,
  pwmSliceOf,
  SPI_DEFAULTS,
  spiPin,
  UART_DEFAULTS,
  uartPin,
} from "./rp2040.ts";

/** How a MockPico keeps time and how much of its trace it keeps. */
export interface MockPicoOptions {
  /** "virtual" (default): deterministic board time; "real": the host's clock; or a Clock. */
  clock?: "virtual" | "real" | Clock;
  /** Trace events kept (older ones dropped). Default 1,000,000. */
  traceLimit?: number;
}

export { MockUart };

/** reset_cause() values of the rp2 port. */
export const RESET_CAUSE = { PWRON_RESET: 1, WDT_RESET: 3 } as const;

class PinModel {
  funcsel: number = Func.NULL;
  outEnable = false;
  outValue = 0;
  openDrain = false;
  pull: number = PinPull.DOWN;
  /** Drive strength code 0..3 (2, 4, 8, 12 mA); 1 after reset. */
  drive = 1;
  /** What the outside world drives (JS), or null when nothing does. */
  external: number | null = null;
  level = 0;
  irqEdges = 0;
  irqListener: ((flags: number) => void) | null = null;
}

interface I2cWire {
  address: number;
  target: I2cTarget;
  sda: number;
  scl: number;
}

interface SpiWire {
  target: SpiTarget;
  sck: number;
  cs: number | null;
}

interface I2cBus {
  name: string;
  config: I2cConfig;
}

interface SpiBus {
  name: string;
  config: SpiConfig;
}

/**
 * The SSP's rate: the peripheral clock over an even prescaler (2..254, the smallest that
 * keeps the rate reachable) times a divider (1..256, the largest rate not above the request).
 */
function spiBaudrate(clockHz: number, requested: number): number {
  let prescale = 2;
  while (prescale < 254 && clockHz >= (prescale + 2) * 256 * requested) prescale += 2;
  let divider = 256;
  while (divider > 1 && Math.floor(clockHz / (prescale * (divider - 1))) <= requested) divider--;
  return Math.floor(clockHz / (prescale * divider));
}

/**
 * A simulated Raspberry Pi Pico for `machine`: pass it as a VM's board, drive it from JS.
 *
 * ```ts
 * import { MockPico, VM } from "./mod.ts";
 * const pico = new MockPico(); // virtual clock: sleeps take no real time
 * pico.waveform(14, [[100, 0], [150, null]]); // a button press on GP14
 * const vm = new VM({ board: pico, stdout: (t) => console.log(t.trimEnd()) });
 * await vm.runSource("from machine import Pin\nimport time\n" +
 *   "Pin(14, Pin.IN, Pin.PULL_UP).irq(lambda p: print('pressed'))\ntime.sleep(1)");
 * console.log(pico.timeline());
 * ```
 */
export class MockPico implements Hal {
  /** What the board is (name, pin count, default frequency). */
  readonly info: BoardInfo;
  /** The board's time ("virtual" by default: moves only when the program waits). */
  readonly clock: Clock;
  /** Every pin change and bus transfer, with its time. */
  readonly trace: Trace;
  /** UART0 and UART1 as seen from outside the chip. */
  readonly uarts: MockUart[];
  /** Resets the program asked for (machine.reset / soft_reset / watchdog). */
  readonly resets: string[] = [];
  private pins: PinModel[] = [];
  private i2cWires: I2cWire[] = [];
  private spiWires: SpiWire[] = [];
  private i2cBuses = new Map<number, I2cBus>();
  private spiBuses = new Map<number, SpiBus>();
  private nextSoftBus = 100;
  private slices: PwmSlice[] = [];
  private adcVolts = [0, 0, 0, 0];
  private temperatureC = 27;
  private cpuHz = DEFAULT_CPU_HZ;
  private rtcBase: DateTime = [2021, 1, 1, 4, 0, 0, 0, 0];
  private rtcBaseUs = 0;
  private wdt: { timeoutMs: number; alarm: number; onExpire: () => void } | null = null;
  private lastResetCause: number = RESET_CAUSE.PWRON_RESET;
  /** Called when the program configures a pin (a scripted stimulus can wait for that). */
  onPinInit: ((pin: number) => void) | null = null;

  /** A Pico with the RP2040's pins and peripherals, nothing attached to them yet. */
  constructor(options: MockPicoOptions = {}) {
    const clock = options.clock ?? "virtual";
    this.clock = clock === "virtual"
      ? new VirtualClock()
      : clock === "real"
      ? new RealClock()
      : clock;
    this.trace = new Trace(() => this.clock.nowUs(), options.traceLimit);
    this.info = {
      machine: "Raspberry Pi Pico with RP2040",
      pinCount: GPIO_COUNT,
      pinNames: picoPinNames(),
      cpuHz: DEFAULT_CPU_HZ,
    };
    for (let i = 0; i < GPIO_COUNT; i++) this.pins.push(new PinModel());
    for (let i = 0; i < 8; i++) this.slices.push(new PwmSlice());
    this.uarts = [new MockUart(this, 0), new MockUart(this, 1)];
  }

  // ---- The JS side: stimuli and observation -------------------------------------------

  /** Drives `pin` from outside (1, 0) or lets go of it (null: the pull decides). */
  drive(pin: number, value: number | null): void {
    this.pinModel(pin).external = value === null ? null : value ? 1 : 0;
    this.update(pin);
    // A program waiting on this pin (time_pulse_us) looks again.
    this.clock.wake();
  }

  /** The level on `pin` now. */
  level(pin: number): number {
    return this.pinModel(pin).level;
  }

  /** Runs `fn` at board time `ms` (after the start), e.g. a button press in a test. */
  at(ms: number, fn: () => void): void {
    this.clock.at(ms * 1000, fn);
  }

  /** Drives `pin` through `steps` ([time ms, level or null]) in board time. */
  waveform(pin: number, steps: [number, number | null][]): void {
    for (const [ms, value] of steps) this.at(ms, () => this.drive(pin, value));
  }

  /** Voltage on ADC channel 0..3 (GP26..29), 0..3.3 V. */
  setAdcVoltage(channel: number, volts: number): void {
    this.adcVolts[channel] = volts;
  }

  /** The die temperature the sensor on ADC channel 4 reports. */
  setTemperature(celsius: number): void {
    this.temperatureC = celsius;
  }

  /** Puts an I2C device on the wires of bus `bus` (default pins) or on explicit sda/scl pins. */
  attachI2c(
    address: number,
    target: I2cTarget,
    where: { bus?: number; sda?: number; scl?: number } = {},
  ): void {
    const defaults = I2C_DEFAULTS[where.bus ?? 0];
    target.attach?.(this.clock);
    this.i2cWires.push({
      address,
      target,
      sda: where.sda ?? defaults.sda,
      scl: where.scl ?? defaults.scl,
    });
  }

  /** Puts a SPI device on bus `bus` (its default SCK) or explicit sck, selected by `cs`. */
  attachSpi(target: SpiTarget, where: { bus?: number; sck?: number; cs?: number } = {}): void {
    const sck = where.sck ?? SPI_DEFAULTS[where.bus ?? 0].sck;
    this.spiWires.push({ target, sck, cs: where.cs ?? null });
  }

  /** UART `id` as seen from outside the chip: send it bytes, read what the program transmits. */
  uart(id: number): MockUart {
    return this.uarts[id];
  }

  /** The trace as a VCD file, for a waveform viewer. */
  vcd(): string {
    return toVcd(this.trace.events);
  }

  /** The trace as text, one event a line: at most `max` lines, then a count of the rest. */
  timeline(max?: number): string {
    return timeline(this.trace.events, max);
  }

  // ---- GPIO -----------------------------------------------------------------------------

  /** The electrical state kept for `pin`, made on first use. */
  private pinModel(pin: number): PinModel {
    const model = this.pins[pin];
    if (model === undefined) throw new HalError("value", "invalid pin");
    return model;
  }

  /** Recomputes the level on `pin` from what drives it and records a change. */
  private update(pin: number): void {
    const p = this.pins[pin];
    let level: number;
    if (p.funcsel === Func.SIO && p.outEnable) level = p.outValue;
    else if (p.external !== null) level = p.external;
    else if (p.funcsel === Func.I2C || p.funcsel === Func.UART) level = 1; // idle bus lines
    else level = (p.pull & PinPull.UP) !== 0 ? 1 : 0;
    if (level === p.level) return;
    p.level = level;
    this.trace.record({ kind: "pin", pin, value: level });
    for (const wire of this.spiWires) if (wire.cs === pin) wire.target.select?.(level === 0);
    const edge = level === 1 ? PinEdge.RISING : PinEdge.FALLING;
    if ((p.irqEdges & edge) !== 0 && p.irqListener !== null) p.irqListener(edge);
  }

  /** Routes `pin` to a peripheral (or back to GPIO), as the RP2040's FUNCSEL does. */
  private setFunction(pin: number, fn: number): void {
    const p = this.pinModel(pin);
    p.funcsel = fn;
    if (fn !== Func.SIO) p.openDrain = false;
    this.update(pin);
  }

  pinInit(pin: number, config: PinConfig): void {
    const p = this.pinModel(pin);
    if (config.drive !== undefined) {
      if (config.drive < 0 || config.drive > 3) throw new HalError("value", "invalid drive");
      p.drive = config.drive;
    }
    switch (config.mode) {
      case undefined:
        break;
      case PinMode.IN:
        p.funcsel = Func.SIO;
        p.outEnable = false;
        p.openDrain = false;
        break;
      case PinMode.OUT:
        if (config.value !== undefined) p.outValue = config.value ? 1 : 0;
        p.funcsel = Func.SIO;
        p.outEnable = true;
        p.openDrain = false;
        break;
      case PinMode.OPEN_DRAIN: {
        const value = config.value ?? 1;
        p.funcsel = Func.SIO;
        p.openDrain = true;
        p.outValue = 0;
        p.outEnable = !value;
        break;
      }
      case PinMode.ALT: {
        const alt = config.alt ?? Func.SIO;
        if (!hasFunction(pin, alt)) throw new HalError("value", `invalid pin af: ${alt}`);
        p.funcsel = alt;
        p.openDrain = false;
        break;
      }
      default:
        throw new HalError("value", "invalid pin mode");
    }
    p.pull = config.pull ?? 0;
    this.update(pin);
    this.onPinInit?.(pin);
  }

  pinWrite(pin: number, value: number): void {
    const p = this.pinModel(pin);
    if (p.openDrain) {
      p.outEnable = !value;
    } else {
      p.outValue = value ? 1 : 0;
    }
    this.update(pin);
  }

  pinRead(pin: number): number {
    return this.pinModel(pin).level;
  }

  pinState(pin: number): PinState {
    const p = this.pinModel(pin);
    let mode: number;
    if (p.funcsel !== Func.SIO) mode = PinMode.ALT;
    else if (p.openDrain) mode = PinMode.OPEN_DRAIN;
    else mode = p.outEnable ? PinMode.OUT : PinMode.IN;
    return {
      mode,
      pull: p.pull,
      alt: p.funcsel === Func.SIO ? null : FUNC_NAMES[p.funcsel] ?? String(p.funcsel),
    };
  }

  pinIrq(pin: number, edges: number, listener: ((flags: number) => void) | null): void {
    const p = this.pinModel(pin);
    p.irqEdges = listener === null ? 0 : edges;
    p.irqListener = listener;
  }

  // ---- PWM ------------------------------------------------------------------------------

  /** The PWM slice and channel wired to `pin`. */
  private pwmOf(pin: number): { slice: PwmSlice; channel: number } {
    this.pinModel(pin);
    const { slice, channel } = pwmSliceOf(pin);
    return { slice: this.slices[slice], channel };
  }

  pwmInit(pin: number, settings: PwmSettings): PwmState {
    const { slice, channel } = this.pwmOf(pin);
    if (this.pins[pin].funcsel !== Func.PWM) {
      slice.duty[channel] = null;
      slice.invert[channel] = false;
      this.setFunction(pin, Func.PWM);
    }
    if (settings.freq !== undefined) slice.setFreq(settings.freq, this.cpuHz);
    if (settings.dutyU16 !== undefined) {
      slice.applyDuty(channel, { u16: settings.dutyU16 }, this.cpuHz);
    }
    if (settings.dutyNs !== undefined) {
      slice.applyDuty(channel, { ns: settings.dutyNs }, this.cpuHz);
    }
    if (settings.invert !== undefined) slice.invert[channel] = settings.invert;
    if (slice.freqSet && slice.duty[channel] !== null) slice.enabled = true;
    const state = this.pwmState(pin);
    this.trace.record({
      kind: "pwm",
      pin,
      freq: state.freq,
      dutyU16: state.invert ? 65535 - state.dutyU16 : state.dutyU16,
      running: state.running,
    });
    return state;
  }

  pwmState(pin: number): PwmState {
    const { slice, channel } = this.pwmOf(pin);
    return {
      freq: slice.freq(this.cpuHz),
      dutyU16: slice.dutyU16(channel),
      dutyNs: slice.dutyNs(channel, this.cpuHz),
      invert: slice.invert[channel],
      running: slice.enabled,
    };
  }

  pwmDeinit(pin: number): void {
    const { slice } = this.pwmOf(pin);
    slice.enabled = false;
    this.trace.record({ kind: "pwm", pin, freq: 0, dutyU16: 0, running: false });
  }

  // ---- ADC ------------------------------------------------------------------------------

  adcOpen(source: { channel: number } | { pin: number }): number {
    let channel: number;
    if ("channel" in source) {
      channel = source.channel;
      if (!((channel >= 0 && channel <= 4) || (channel >= 26 && channel <= 29))) {
        throw new HalError("value", "invalid channel");
      }
      if (channel >= 26) channel -= 26;
    } else {
      if (source.pin < 26 || source.pin > 29) {
        throw new HalError("value", "Pin doesn't have ADC capabilities");
      }
      channel = source.pin - 26;
    }
    if (channel < 4) {
      const p = this.pins[26 + channel];
      p.funcsel = Func.NULL;
      p.pull = 0;
      p.outEnable = false;
    }
    return channel;
  }

  adcRead(channel: number): number {
    const volts = channel === 4
      ? 0.706 - (this.temperatureC - 27) * 0.001721
      : this.adcVolts[channel] ?? 0;
    const raw = Math.max(0, Math.min(4095, Math.round((volts / 3.3) * 4095)));
    // 12-bit result scaled to 16 bits the way the rp2 port does (top bits repeated).
    const value = (raw << 4) | (raw >> 8);
    this.trace.record({ kind: "adc", channel, value });
    return value;
  }

  // ---- I2C ------------------------------------------------------------------------------

  i2cInit(id: number, config: Partial<I2cConfig>): I2cConfig & { handle: number } {
    if (id === -1) {
      if (config.scl === undefined || config.sda === undefined) {
        throw new HalError("value", "SoftI2C needs scl and sda");
      }
      this.pinModel(config.scl);
      this.pinModel(config.sda);
      const full = {
        freq: config.freq ?? 400000,
        scl: config.scl,
        sda: config.sda,
        timeout: config.timeout ?? 50000,
      };
      const handle = this.nextSoftBus++;
      this.i2cBuses.set(handle, { name: "SoftI2C", config: full });
      for (const pin of [full.scl, full.sda]) {
        this.pinInit(pin, { mode: PinMode.OPEN_DRAIN, pull: PinPull.UP, value: 1 });
      }
      return { ...full, handle };
    }
    if (id < 0 || id > 1) throw new HalError("value", `I2C(${id}) doesn't exist`);
    const previous = this.i2cBuses.get(id)?.config ?? { ...I2C_DEFAULTS[id], freq: 0, timeout: 0 };
    const scl = config.scl ?? previous.scl;
    const sda = config.sda ?? previous.sda;
    if (config.scl !== undefined && !i2cPin.scl(id, scl)) {
      throw new HalError("value", "bad SCL pin");
    }
    if (config.sda !== undefined && !i2cPin.sda(id, sda)) {
      throw new HalError("value", "bad SDA pin");
    }
    const freq = config.freq ?? 400000;
    if (freq <= 0) throw new HalError("value", "freq must be positive");
    // The block counts whole system clocks per SCL period, so the rate is rounded to that.
    const period = Math.floor((this.cpuHz + Math.floor(freq / 2)) / freq);
    const actual = period > 0 ? Math.floor(this.cpuHz / period) : this.cpuHz;
    const full = { freq: actual, scl, sda, timeout: config.timeout ?? 50000 };
    this.i2cBuses.set(id, { name: `I2C${id}`, config: full });
    for (const pin of [scl, sda]) {
      this.pins[pin].pull = PinPull.UP;
      this.setFunction(pin, Func.I2C);
    }
    return { ...full, handle: id };
  }

  /** The bus set up under `handle`; a closed or unknown one is an error. */
  private i2cBus(handle: number): I2cBus {
    const bus = this.i2cBuses.get(handle);
    if (bus === undefined) throw new HalError("value", "I2C bus not initialised");
    return bus;
  }

  /** Lines held low from outside (a stuck target) stall the bus until the timeout. */
  private i2cStuck(bus: I2cBus): boolean {
    return this.pins[bus.config.scl].external === 0 || this.pins[bus.config.sda].external === 0;
  }

  /** The device that answers `addr` on the bus's pins, if any. */
  private i2cTarget(bus: I2cBus, addr: number): I2cWire | undefined {
    return this.i2cWires.find((w) =>
      w.address === addr && w.sda === bus.config.sda && w.scl === bus.config.scl &&
      w.target.ack()
    );
  }

  i2cTransfer(handle: number, addr: number, segments: I2cSegment[], stop: boolean): Uint8Array[] {
    const bus = this.i2cBus(handle);
    const writes: number[] = [];
    const reads: number[] = [];
    const record = (ack: boolean) =>
      this.trace.record({
        kind: "i2c",
        bus: bus.name,
        addr,
        write: writes.length > 0 || reads.length === 0 ? new Uint8Array(writes) : null,
        read: reads.length > 0 ? new Uint8Array(reads) : null,
        ack,
      });
    if (this.i2cStuck(bus)) {
      record(false);
      throw new HalError("timeout", "I2C bus stuck");
    }
    const wire = this.i2cTarget(bus, addr);
    if (wire === undefined) {
      record(false);
      throw new HalError("io", "no ACK from address");
    }
    const out: Uint8Array[] = [];
    for (const segment of segments) {
      if ("write" in segment) {
        const acked = wire.target.write(segment.write);
        writes.push(...segment.write.subarray(0, acked + 1));
        if (acked < segment.write.length) {
          record(false);
          wire.target.stop?.();
          throw new HalError("io", "no ACK for data");
        }
      } else {
        const data = wire.target.read(segment.read);
        reads.push(...data);
        out.push(data);
      }
    }
    record(true);
    if (stop) wire.target.stop?.();
    return out;
  }

  i2cScan(handle: number): number[] {
    const bus = this.i2cBus(handle);
    if (this.i2cStuck(bus)) throw new HalError("timeout", "I2C bus stuck");
    const found: number[] = [];
    for (let addr = 0x08; addr < 0x78; addr++) if (this.i2cTarget(bus, addr)) found.push(addr);
    return found;
  }

  // ---- SPI ------------------------------------------------------------------------------

  /** Validates the pins and settings for SPI `id` and returns what is in force. */
  spiInit(id: number, config: Partial<SpiConfig>): SpiConfig & { handle: number } {
    const base = { baudrate: 1000000, polarity: 0, phase: 0, bits: 8 };
    if (id === -1) {
      if (config.sck === undefined || config.mosi === undefined || config.miso === undefined) {
        throw new HalError("value", "must specify all of sck/mosi/miso");
      }
      const full = { ...base, ...config } as SpiConfig;
      const handle = this.nextSoftBus++;
      this.spiBuses.set(handle, { name: "SoftSPI", config: full });
      this.pinInit(full.sck, { mode: PinMode.OUT, value: full.polarity });
      this.pinInit(full.mosi, { mode: PinMode.OUT, value: 0 });
      this.pinInit(full.miso, { mode: PinMode.IN });
      return { ...full, handle };
    }
    if (id < 0 || id > 1) throw new HalError("value", `SPI(${id}) doesn't exist`);
    const previous = this.spiBuses.get(id)?.config ?? { ...base, ...SPI_DEFAULTS[id] };
    const checks: [keyof typeof spiPin, string][] = [["sck", "SCK"], ["mosi", "MOSI"], [
      "miso",
      "MISO",
    ]];
    for (const [role, name] of checks) {
      const pin = config[role];
      if (pin !== undefined && !spiPin[role](id, pin)) {
        throw new HalError("value", `bad ${name} pin`);
      }
    }
    const full: SpiConfig = { ...previous, ...config };
    if (full.baudrate <= 0) throw new HalError("value", "baudrate must be positive");
    full.baudrate = spiBaudrate(this.cpuHz, full.baudrate);
    this.spiBuses.set(id, { name: `SPI${id}`, config: full });
    for (const pin of [full.sck, full.mosi, full.miso]) this.setFunction(pin, Func.SPI);
    return { ...full, handle: id };
  }

  spiTransfer(handle: number, data: Uint8Array): Uint8Array {
    const bus = this.spiBuses.get(handle);
    if (bus === undefined) throw new HalError("value", "SPI bus not initialised");
    const wire = this.spiWires.find((w) =>
      w.sck === bus.config.sck && (w.cs === null || this.pins[w.cs].level === 0)
    );
    const back = wire !== undefined
      ? wire.target.transfer(data)
      : new Uint8Array(data.length).fill(0xff);
    this.trace.record({ kind: "spi", bus: bus.name, out: data.slice(), in: back.slice() });
    return back;
  }

  // ---- UART -----------------------------------------------------------------------------

  /** Validates the pins and settings for UART `id` and returns what is in force. */
  uartInit(id: number, config: Partial<UartConfig>): UartConfig {
    if (id < 0 || id > 1) throw new HalError("value", `UART(${id}) doesn't exist`);
    const uart = this.uarts[id];
    if (config.tx !== undefined && !uartPin.tx(id, config.tx)) {
      throw new HalError("value", "bad TX pin");
    }
    if (config.rx !== undefined && !uartPin.rx(id, config.rx)) {
      throw new HalError("value", "bad RX pin");
    }
    const previous: UartConfig = uart.config ?? {
      baudrate: 115200,
      bits: 8,
      parity: null,
      stop: 1,
      ...UART_DEFAULTS[id],
      rxbuf: 256,
      txbuf: 256,
      timeout: 0,
      timeoutChar: 0,
    };
    const full: UartConfig = { ...previous, ...config };
    if (full.baudrate <= 0) throw new HalError("value", "baudrate must be positive");
    if (full.bits < 5 || full.bits > 8) throw new HalError("value", "invalid bits");
    if (full.stop !== 1 && full.stop !== 2) throw new HalError("value", "invalid stop bits");
    uart.config = full;
    this.setFunction(full.tx, Func.UART);
    this.setFunction(full.rx, Func.UART);
    return full;
  }

  /** UART `id`, which must have been set up. */
  private uartOf(id: number): MockUart & { config: UartConfig } {
    const uart = this.uarts[id];
    if (uart === undefined || uart.config === null) {
      throw new HalError("value", "UART not initialised");
    }
    return uart as MockUart & { config: UartConfig };
  }

  /** Bytes on a wire take (start + data + parity + stop) bit times each. */
  private charUs(config: UartConfig): number {
    return ((1 + config.bits + (config.parity === null ? 0 : 1) + config.stop) * 1e6) /
      config.baudrate;
  }

  uartWrite(id: number, data: Uint8Array): void {
    const uart = this.uartOf(id);
    const copy = data.slice();
    this.trace.record({ kind: "uart", bus: id, dir: "tx", data: copy });
    const now = this.clock.nowUs();
    const done = Math.max(now, uart.txBusyUntil) + copy.length * this.charUs(uart.config);
    uart.txBusyUntil = done;
    this.clock.at(done, () => uart.transmitted(copy));
  }

  /** Bytes arriving at the board on uart's RX line. */
  uartReceive(uart: MockUart, data: Uint8Array): void {
    if (uart.config === null) return; // not set up: the line is not listened to
    this.trace.record({ kind: "uart", bus: uart.id, dir: "rx", data: data.slice() });
    for (const byte of data) {
      if (uart.rx.length < uart.config.rxbuf) uart.rx.push(byte);
    }
    uart.listener?.();
    this.clock.wake(); // a read waiting for these bytes looks again
  }

  uartRead(id: number, max: number): Uint8Array {
    const uart = this.uartOf(id);
    return new Uint8Array(uart.rx.splice(0, Math.max(0, max)));
  }

  uartAny(id: number, until?: number): number {
    const rx = this.uartOf(id).rx;
    return until === undefined ? rx.length : rx.indexOf(until) + 1;
  }

  uartTxDone(id: number): boolean {
    return this.clock.nowUs() >= this.uartOf(id).txBusyUntil;
  }

  uartIrq(id: number, listener: (() => void) | null): void {
    this.uartOf(id).listener = listener;
  }

  /** Releases UART `id`. */
  uartDeinit(id: number): void {
    const uart: MockUart = this.uartOf(id);
    uart.listener = null;
    uart.config = null;
  }

  // ---- System ---------------------------------------------------------------------------

  /** The RTC, running on the board's clock from the last rtcSet. */
  rtcGet(): DateTime {
    const [y, mo, d, , h, mi, s] = this.rtcBase;
    const elapsedMs = Math.floor((this.clock.nowUs() - this.rtcBaseUs) / 1000);
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s) + elapsedMs);
    return [
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      (date.getUTCDay() + 6) % 7,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      0,
    ];
  }

  /** Sets the RTC. */
  rtcSet(datetime: DateTime): void {
    const [y, mo, d, , h, mi, s] = datetime;
    const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    if (
      check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59 ||
      h < 0 || mi < 0 || s < 0
    ) {
      throw new HalError("invalid", "invalid datetime");
    }
    this.rtcBase = datetime;
    this.rtcBaseUs = this.clock.nowUs();
  }

  wdtStart(timeoutMs: number, onExpire: () => void): void {
    if (this.wdt !== null) this.clock.cancel(this.wdt.alarm);
    this.wdt = { timeoutMs, onExpire, alarm: 0 };
    this.wdtFeed();
  }

  /** Restarts the watchdog's countdown. */
  wdtFeed(): void {
    const wdt = this.wdt;
    if (wdt === null) return;
    this.clock.cancel(wdt.alarm);
    wdt.alarm = this.clock.at(this.clock.nowUs() + wdt.timeoutMs * 1000, () => {
      this.wdt = null;
      this.lastResetCause = RESET_CAUSE.WDT_RESET;
      this.resets.push("watchdog");
      this.trace.record({ kind: "note", text: "watchdog reset" });
      wdt.onExpire();
    });
  }

  /** A fixed 8-byte id, like a Pico's flash serial number. */
  uniqueId(): Uint8Array {
    return new Uint8Array([0xe6, 0x61, 0x41, 0x04, 0x03, 0x2b, 0x2a, 0x2c]);
  }

  cpuFreq(hz?: number): number {
    if (hz !== undefined) {
      // The PLL reaches roughly 18..300 MHz in whole kHz on the RP2040.
      if (!(hz >= 18_000_000 && hz <= 300_000_000) || hz % 1000 !== 0) {
        throw new HalError("value", "cannot change frequency");
      }
      this.cpuHz = hz;
    }
    return this.cpuHz;
  }

  resetCause(): number {
    return this.lastResetCause;
  }

  reset(kind: "hard" | "soft"): void {
    this.resets.push(kind);
    this.trace.record({ kind: "note", text: `${kind} reset` });
  }

  bitstream(pin: number, timing: number[], data: Uint8Array): void {
    const p = this.pinModel(pin);
    const start = this.clock.nowUs();
    let t = 0;
    for (const byte of data) {
      for (let bit = 7; bit >= 0; bit--) {
        const one = (byte >> bit) & 1;
        const high = timing[one * 2];
        const low = timing[one * 2 + 1];
        this.trace.record({ kind: "pin", pin, value: 1 }, start + t / 1000);
        t += high;
        this.trace.record({ kind: "pin", pin, value: 0 }, start + t / 1000);
        t += low;
      }
    }
    p.outValue = 0;
    p.level = 0;
  }
}
