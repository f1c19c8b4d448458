/**
 * Remote `machine`: the HAL (hal/hal.ts) implemented over the board link, so a script run by
 * upy on this computer (`deno run -A mod.ts --board /dev/ttyACM0 blink.py`) drives the real
 * board's pins and buses.
 *
 * Speed comes from three things (the sending is machine_link.ts):
 * - a few helper functions are defined on the board once per connection (`_upy_m…`), so each
 *   operation sends a call of a dozen bytes instead of import-and-construct code;
 * - operations that need no answer (pin writes, UART writes) are queued and sent together in one
 *   program, when a batch has gathered, when an operation needs an answer (so the board sees
 *   everything in program order), or at the next turn of the event loop;
 * - an operation that needs an answer carries the queued writes in front of it: one round trip;
 *   and what only this side changes (an output's level, a PWM's rounded setting) is answered
 *   here without asking.
 *
 * The helpers use `machine.Pin` where the firmware has it (a Pico, an ESP32...) and fall back to
 * the micro:bit's `microbit.pinN` for pins (the QEMU board the tests run against), so the same
 * script runs on both. A board-side exception becomes a `HalError` of the matching kind, which
 * machine raises as the same Python exception here: class, message and OSError errno.
 *
 * What the board decided comes back with the operation: the rounded PWM frequency and duty,
 * the bus setup its repr shows (the I2C clock it reached, the default pins it took), and how the
 * pins a bus took are set up now; so printing a bus or a Pin shows what the board does.
 *
 * Pin interrupts run their handler here: the board records each edge (machine_helpers.ts),
 * and the events come back appended to the answer of every round trip, and from a poll every
 * IRQ_POLL_MS while the local program waits (PollingClock). So a handler runs within about one
 * poll interval plus one round trip of the edge, whether the program sleeps, talks to the board
 * or computes (the VM then gives the event loop a turn every IRQ_POLL_MS: turnIntervalMs).
 * UART receive interrupts travel the same way. The watchdog runs on the board, and a host
 * alarm stands in for its expiry (a reset cannot call back); machine.Timer runs on this
 * computer (host timers).
 *
 * UART bytes are fetched into a local buffer, so readline() can find the line end without
 * taking more than the line.
 */

import {
  type BoardInfo,
  type DateTime,
  type Hal,
  type I2cConfig,
  type I2cSegment,
  type PinConfig,
  PinMode,
  type PinState,
  type PwmSettings,
  type PwmState,
  type SpiConfig,
  type UartConfig,
} from "../hal.ts";
import { PollingClock } from "./polling_clock.ts";
import { EVENT_FIELDS } from "./machine_helpers.ts";
import { MachineLink } from "./machine_link.ts";
import { numbersFromRepr, pinStateFromRepr } from "./board_repr.ts";
import { type Board, connect } from "../board.ts";
import { pythonBytes, toPython } from "./literal.ts";

/** How often the board is asked for pin events while the local program waits. */
export const IRQ_POLL_MS = 10;

/** How long a pin level an irq event reported answers Pin.value() without asking the board. */
const LEVEL_FRESH_MS = 50;

/** Bytes fetched from a board's UART per round trip at most. */
const UART_FETCH = 4096;

/** A Raspberry Pi Pico's facts; the board's own answers refine what needs asking. */
const PICO_INFO: BoardInfo = {
  machine: "Raspberry Pi Pico with RP2040 (over the board link)",
  pinCount: 30,
  pinNames: { LED: 25, ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`GP${i}`, i])) },
  cpuHz: 125_000_000,
};

export interface RemoteHalOptions {
  /** Facts about the board (pin count, names); a Pico's by default. */
  info?: BoardInfo;
  /** Milliseconds between event polls while the program waits (IRQ_POLL_MS by default). */
  pollMs?: number;
}

export class RemoteHal implements Hal {
  readonly info: BoardInfo;
  readonly clock: PollingClock;
  /** The VM lets the event loop run this often, so board events arrive during computation. */
  readonly turnIntervalMs: number;
  /** Pin events the board had to drop (its list was full between two collections). */
  lostEvents = 0;
  readonly #link: MachineLink;
  readonly #pins = new Map<number, PinState>();
  /** Local handlers of the board's interrupts, by GPIO (or uartEventKey for a UART). */
  readonly #irqs = new Map<number, (flags: number) => void>();
  /** Bytes already fetched from each board UART, waiting to be read locally. */
  readonly #rx = new Map<number, number[]>();
  /** Each UART's last txdone() answer and when it came (performance.now()). */
  readonly #txDone = new Map<number, { done: boolean; at: number }>();
  /** When each UART's bytes were last fetched (performance.now()). */
  readonly #rxFetchedAt = new Map<number, number>();
  readonly #rxFetch = new Map<number, Promise<void>>();
  /**
   * Output pins (the board confirmed mode OUT) and the level each drives: only this side
   * changes it. A board whose reprs do not say (the micro:bit) is always asked.
   */
  readonly #driven = new Map<number, number>();
  /** Pin levels irq events reported, and when they arrived (performance.now()). */
  readonly #levels = new Map<number, { level: number; at: number }>();
  /** Each PWM output as the board last reported it. */
  readonly #pwm = new Map<number, PwmState>();
  #nextSoftBus = 100;
  /** The watchdog's host alarm, once started. */
  #watchdog: { timeoutMs: number; onExpire: () => void; alarm: number } | null = null;

  constructor(board: Board | Promise<Board>, options: RemoteHalOptions = {}) {
    this.info = options.info ?? PICO_INFO;
    this.turnIntervalMs = options.pollMs ?? IRQ_POLL_MS;
    this.clock = new PollingClock(
      this.turnIntervalMs,
      () => this.#pollEvents(),
      () => this.#link.settle(),
    );
    const pinCount = this.info.pinCount;
    this.#link = new MachineLink(board, {
      pinCount,
      collecting: () => this.#irqs.size > 0,
      onEvents: (events, lost) => this.#dispatch(events, lost),
      onPinStates: (reprs) => this.#notePinStates([...Array(pinCount).keys()], reprs),
    });
  }

  /** Round trips made (an operation with an answer, or a flush of queued writes). */
  get roundTrips(): number {
    return this.#link.roundTrips;
  }

  /** Sends the queued writes now; resolves once the board has run them. */
  flush(): Promise<void> {
    return this.#link.flush();
  }

  /** Sends what is queued and closes the link. */
  close(): Promise<void> {
    return this.#link.close();
  }

  #run(code: string): Promise<string> {
    return this.#link.run(code);
  }

  #eval(expression: string): Promise<unknown> {
    return this.#link.eval(expression);
  }

  /** Runs the local handlers for the board's events (EVENT_FIELDS numbers each). */
  #dispatch(events: number[], lost: number): void {
    this.lostEvents += lost;
    const now = performance.now();
    for (let i = 0; i + EVENT_FIELDS - 1 < events.length; i += EVENT_FIELDS) {
      const [key, flags, level] = events.slice(i, i + EVENT_FIELDS);
      const listener = this.#irqs.get(key);
      if (listener === undefined) continue;
      if (key >= 0) {
        // The handler's own pin.value() is answered from this: the level at the edge, as the
        // board's handler would read it at once, with no round trip.
        this.#levels.set(key, { level, at: now });
        listener(flags);
      } else {
        // Likewise its uart.read(): the bytes are here before the handler is told.
        void this.#fetchUart(-1 - key).catch((error) => this.#link.defer(error))
          .then(() => listener(flags));
      }
    }
  }

  /** The clock's heartbeat: collect the board's events if no round trip will soon. */
  #pollEvents(): void {
    if (this.#irqs.size === 0 || this.#link.busy) return;
    this.#run("").catch((error) => this.#link.defer(error));
  }

  /** Reads back how the board set up `pins` (after a bus took them), for Pin's repr. */
  async #refreshPins(pins: number[]): Promise<void> {
    const wanted = pins.filter((pin) => pin >= 0);
    if (wanted.length === 0) return;
    this.#notePinStates(wanted, await this.#eval(`_upy_mS(${toPython(wanted)})`));
  }

  #notePinStates(pins: number[], reprs: unknown): void {
    if (!Array.isArray(reprs)) return;
    pins.forEach((pin, i) => {
      const state = pinStateFromRepr(String(reprs[i] ?? ""));
      if (state !== null) this.#pins.set(pin, state);
      if (state?.mode !== PinMode.OUT) this.#driven.delete(pin);
    });
  }

  // --- GPIO -------------------------------------------------------------------------------------

  async pinInit(pin: number, config: PinConfig): Promise<void> {
    const args: Record<string, unknown> = {};
    if (config.mode !== undefined) args.mode = config.mode;
    args.pull = config.pull ? config.pull : null;
    if (config.value !== undefined) args.value = config.value;
    if (config.drive !== undefined) args.drive = config.drive;
    if (config.alt !== undefined) args.alt = config.alt;
    this.#levels.delete(pin);
    this.#driven.delete(pin);
    const [repr, level] = await this.#eval(`_upy_mi(${pin},${toPython(args)})`) as [
      string,
      number,
    ];
    const confirmed = pinStateFromRepr(repr);
    const mode = config.mode ?? this.#pins.get(pin)?.mode ?? 0;
    this.#pins.set(pin, confirmed ?? { mode, pull: config.pull ?? 0, alt: null });
    if (confirmed?.mode === PinMode.OUT) this.#driven.set(pin, level);
  }

  pinWrite(pin: number, value: number): void {
    this.#levels.delete(pin);
    if (this.#driven.has(pin)) this.#driven.set(pin, value ? 1 : 0);
    this.#link.queuePinWrite(pin, value);
  }

  /**
   * The board's answer, or at once: the level an output drives (toggle() and an irq handler's
   * `led.value(not led.value())` need no round trip), or the level an irq event just reported
   * (a handler reads its pin at once as on the board, so the round trip it could wait for
   * would only report a later level).
   */
  pinRead(pin: number): number | Promise<number> {
    const driven = this.#driven.get(pin);
    if (driven !== undefined) return driven;
    const known = this.#levels.get(pin);
    if (known !== undefined && performance.now() - known.at < LEVEL_FRESH_MS) return known.level;
    return this.#eval(`_upy_mr(${pin})`).then(Number);
  }

  /** What the board last said about the pin (answered at once, so Pin's repr is exact). */
  pinState(pin: number): PinState {
    return this.#pins.get(pin) ?? { mode: 0, pull: 0, alt: null };
  }

  /**
   * Registers the board-side recorder for `edges` on `pin`; the board's events then come back
   * with every round trip and with the clock's polls, and `listener` runs here for each.
   */
  async pinIrq(
    pin: number,
    edges: number,
    listener: ((flags: number) => void) | null,
  ): Promise<void> {
    await this.#registerIrq(pin, listener, `_upy_mI(${pin},${listener === null ? 0 : edges})`);
  }

  /** Sets up (or with null, stops) the board-side recorder `code` and the local handler. */
  async #registerIrq(
    key: number,
    listener: ((flags: number) => void) | null,
    code: string,
  ): Promise<void> {
    // Registered first: events that come back with this very round trip find it.
    if (listener !== null) this.#irqs.set(key, listener);
    try {
      await this.#run(code);
    } catch (error) {
      this.#irqs.delete(key);
      throw error;
    }
    if (listener === null) this.#irqs.delete(key);
  }

  // --- PWM --------------------------------------------------------------------------------------

  async pwmInit(pin: number, settings: PwmSettings): Promise<PwmState> {
    const args: Record<string, unknown> = {};
    if (settings.freq !== undefined) args.freq = settings.freq;
    if (settings.dutyU16 !== undefined) args.duty_u16 = settings.dutyU16;
    if (settings.dutyNs !== undefined) args.duty_ns = settings.dutyNs;
    if (settings.invert !== undefined) args.invert = settings.invert;
    const [[freq, dutyU16, dutyNs], [repr]] = await this.#eval(
      `(_upy_mM(${pin},${toPython(args)}),_upy_mS([${pin}]))`,
    ) as [number[], string[]];
    const state = pinStateFromRepr(repr);
    if (state !== null) this.#pins.set(pin, state);
    this.#driven.delete(pin);
    const invert = settings.invert ?? this.#pwm.get(pin)?.invert ?? false;
    // A new frequency applies to the whole slice, whose other channel may be another pin.
    if (settings.freq !== undefined) this.#pwm.clear();
    const pwm = { freq, dutyU16, dutyNs, invert, running: true };
    this.#pwm.set(pin, pwm);
    return pwm;
  }

  /**
   * The output as the board last reported it: only this adapter changes it (and a new CPU
   * frequency, after which it is asked again), so the answer is at once when known.
   */
  pwmState(pin: number): PwmState | Promise<PwmState> {
    const known = this.#pwm.get(pin);
    if (known !== undefined) return { ...known };
    return mayBeDropped(
      this.#eval(`_upy_mF(_upy_mB[${pin}])`).then((values) => {
        const [freq, dutyU16, dutyNs] = values as number[];
        return { freq, dutyU16, dutyNs, invert: false, running: true };
      }),
    );
  }

  async pwmDeinit(pin: number): Promise<void> {
    await this.#run(`(lambda p:p and p.deinit())(_upy_mB.pop(${pin},None))`);
    const known = this.#pwm.get(pin);
    if (known !== undefined) known.running = false;
  }

  // --- ADC --------------------------------------------------------------------------------------

  async adcOpen(source: { channel: number } | { pin: number }): Promise<number> {
    const channel = "channel" in source
      ? (source.channel >= 26 ? source.channel - 26 : source.channel)
      : source.pin - 26;
    const argument = "channel" in source ? String(source.channel) : `_upy_mp(${source.pin})`;
    await this.#run(`_upy_mB['a${channel}']=_upy_M.ADC(${argument})`);
    if (channel >= 0 && channel < 4) await this.#refreshPins([26 + channel]);
    return channel;
  }

  async adcRead(channel: number): Promise<number> {
    return Number(await this.#eval(`_upy_mB['a${channel}'].read_u16()`));
  }

  // --- I2C --------------------------------------------------------------------------------------

  async i2cInit(id: number, config: Partial<I2cConfig>): Promise<I2cConfig & { handle: number }> {
    const soft = id === -1;
    const handle = soft ? this.#nextSoftBus++ : id;
    const args = soft ? [] : [String(id)];
    if (config.scl !== undefined) args.push(`scl=_upy_mp(${config.scl})`);
    if (config.sda !== undefined) args.push(`sda=_upy_mp(${config.sda})`);
    if (config.freq !== undefined) args.push(`freq=${config.freq}`);
    if (config.timeout !== undefined) args.push(`timeout=${config.timeout}`);
    const make = soft ? "_upy_M.SoftI2C" : "_upy_M.I2C";
    const repr = await this.#eval(`_upy_mK('i${handle}',${make}(${args.join(",")}))`) as string;
    const asked = { freq: 400_000, scl: -1, sda: -1, timeout: 50_000, ...config };
    const got = numbersFromRepr(repr, asked);
    await this.#refreshPins([got.scl, got.sda]);
    return { ...got, handle };
  }

  async i2cTransfer(
    handle: number,
    addr: number,
    segments: I2cSegment[],
    stop: boolean,
  ): Promise<Uint8Array[]> {
    // One list: bytes to write, or a count to read; the stop goes after the last of them.
    const steps = segments.map((segment) =>
      "write" in segment ? pythonBytes(segment.write) : String(segment.read)
    );
    const stopAtEnd = stop ? "True" : "False";
    return await this.#eval(
      `_upy_mQ('i${handle}',${addr},[${steps.join(",")}],${stopAtEnd})`,
    ) as Uint8Array[];
  }

  async i2cScan(handle: number): Promise<number[]> {
    return await this.#eval(`_upy_mB['i${handle}'].scan()`) as number[];
  }

  // --- SPI --------------------------------------------------------------------------------------

  async spiInit(id: number, config: Partial<SpiConfig>): Promise<SpiConfig & { handle: number }> {
    const soft = id === -1;
    const handle = soft ? this.#nextSoftBus++ : id;
    const args = soft ? [] : [String(id)];
    for (const key of ["baudrate", "polarity", "phase", "bits"] as const) {
      if (config[key] !== undefined) args.push(`${key}=${config[key]}`);
    }
    for (const key of ["sck", "mosi", "miso"] as const) {
      if (config[key] !== undefined) args.push(`${key}=_upy_mp(${config[key]})`);
    }
    const make = soft ? "_upy_M.SoftSPI" : "_upy_M.SPI";
    const repr = await this.#eval(`_upy_mK('s${handle}',${make}(${args.join(",")}))`) as string;
    const asked: SpiConfig = {
      baudrate: 1_000_000,
      polarity: 0,
      phase: 0,
      bits: 8,
      sck: -1,
      mosi: -1,
      miso: -1,
      ...config,
    };
    const got = numbersFromRepr(repr, asked);
    await this.#refreshPins([got.sck, got.mosi, got.miso]);
    return { ...got, handle };
  }

  async spiTransfer(handle: number, data: Uint8Array): Promise<Uint8Array> {
    return await this.#eval(`_upy_mX('s${handle}',${pythonBytes(data)})`) as Uint8Array;
  }

  // --- UART -------------------------------------------------------------------------------------

  async uartInit(id: number, config: Partial<UartConfig>): Promise<UartConfig> {
    const args = [String(id)];
    for (const key of ["baudrate", "bits", "stop", "rxbuf", "txbuf", "timeout"] as const) {
      if (config[key] !== undefined) args.push(`${key}=${config[key]}`);
    }
    if (config.timeoutChar !== undefined) args.push(`timeout_char=${config.timeoutChar}`);
    if (config.parity !== undefined) args.push(`parity=${toPython(config.parity)}`);
    if (config.tx !== undefined) args.push(`tx=_upy_mp(${config.tx})`);
    if (config.rx !== undefined) args.push(`rx=_upy_mp(${config.rx})`);
    const repr = await this.#eval(`_upy_mK('u${id}',_upy_M.UART(${args.join(",")}))`) as string;
    const asked: UartConfig = {
      baudrate: 115200,
      bits: 8,
      parity: null,
      stop: 1,
      tx: -1,
      rx: -1,
      rxbuf: 256,
      txbuf: 256,
      timeout: 0,
      timeoutChar: 0,
      ...config,
    };
    const got = numbersFromRepr(repr, asked, { timeoutChar: "timeout_char" });
    await this.#refreshPins([got.tx, got.rx]);
    return got;
  }

  uartWrite(id: number, data: Uint8Array): void {
    this.#txDone.delete(id);
    this.#link.queueStatement(`_upy_mB['u${id}'].write(${pythonBytes(data)})`);
  }

  #rxOf(id: number): number[] {
    let buffer = this.#rx.get(id);
    if (buffer === undefined) this.#rx.set(id, buffer = []);
    return buffer;
  }

  /** Moves what the board's UART has received into the local buffer (one round trip). */
  #fetchUart(id: number): Promise<void> {
    const running = this.#rxFetch.get(id);
    if (running !== undefined) return running;
    const fetch = this.#eval(`_upy_mA('u${id}',${UART_FETCH})`).then((data) => {
      this.#rxOf(id).push(...(data as Uint8Array));
      this.#rxFetchedAt.set(id, performance.now());
      this.clock.recheck();
    }).finally(() => this.#rxFetch.delete(id));
    this.#rxFetch.set(id, fetch);
    return fetch;
  }

  /**
   * Bytes already here are read at once (fewer than `max` is a normal UART read, and an irq
   * handler finds what its event brought); with none, up to `max` are fetched from the board.
   */
  uartRead(id: number, max: number): Uint8Array | Promise<Uint8Array> {
    const buffer = this.#rxOf(id);
    if (buffer.length > 0) return new Uint8Array(buffer.splice(0, max));
    return this.#readFromBoard(id, max);
  }

  async #readFromBoard(id: number, max: number): Promise<Uint8Array> {
    // A fetch on its way (uartAny started it) may be bringing the bytes: they go first.
    await this.#rxFetch.get(id)?.catch(() => {});
    const buffer = this.#rxOf(id);
    if (buffer.length > 0) return new Uint8Array(buffer.splice(0, max));
    return await this.#eval(`_upy_mA('u${id}',${max})`) as Uint8Array;
  }

  /**
   * Received bytes (up to `until`). machine asks this without waiting while a read waits for
   * data, so it answers at once when it can: bytes (or the `until` byte) already here, or none
   * as of a fetch less than a poll interval ago. Otherwise the answer comes with a fetch, after
   * which a waiting read looks again (PollingClock.recheck). A fetch also starts in the
   * background when the answer was given from bytes already here, so that the next is fresh.
   */
  uartAny(id: number, until?: number): number | Promise<number> {
    const count = () => {
      const buffer = this.#rxOf(id);
      return until === undefined ? buffer.length : buffer.indexOf(until) + 1;
    };
    const now = count();
    const recent = performance.now() - (this.#rxFetchedAt.get(id) ?? -Infinity) < IRQ_POLL_MS;
    if (now > 0) {
      if (!recent) void this.#fetchUart(id).catch(() => {});
      return now;
    }
    if (recent) return 0;
    return mayBeDropped(this.#fetchUart(id).then(count));
  }

  /**
   * Whether the board's transmitter is idle. UART.flush() waits on this without waiting for an
   * answer, so an answer less than a poll interval old is given at once, and a new one makes
   * the waiting flush look again.
   */
  uartTxDone(id: number): boolean | Promise<boolean> {
    const known = this.#txDone.get(id);
    if (known !== undefined && performance.now() - known.at < IRQ_POLL_MS) return known.done;
    return mayBeDropped(
      this.#eval(`_upy_mB['u${id}'].txdone()`).then((answer) => {
        const done = Boolean(answer);
        this.#txDone.set(id, { done, at: performance.now() });
        this.clock.recheck();
        return done;
      }),
    );
  }

  /** Like pinIrq: the board records that bytes arrived, and `listener` runs here for each. */
  async uartIrq(id: number, listener: (() => void) | null): Promise<void> {
    await this.#registerIrq(
      uartEventKey(id),
      listener === null ? null : () => listener(),
      `_upy_mJ(${id},${listener === null ? 0 : 1})`,
    );
  }

  async uartDeinit(id: number): Promise<void> {
    this.#rx.delete(id);
    this.#rxFetchedAt.delete(id);
    await this.#run(`_upy_mB.pop('u${id}').deinit()`);
  }

  // --- System -----------------------------------------------------------------------------------

  async rtcGet(): Promise<DateTime> {
    return await this.#eval("_upy_M.RTC().datetime()") as DateTime;
  }

  async rtcSet(datetime: DateTime): Promise<void> {
    await this.#run(`_upy_M.RTC().datetime(${toPython(datetime)})`);
  }

  /**
   * Starts the board's watchdog, so the board resets if this program stops feeding it (or
   * dies); a host alarm with the same timeout ends the local program at the same moment, since
   * the reset itself cannot call back here.
   */
  async wdtStart(timeoutMs: number, onExpire: () => void): Promise<void> {
    await this.#run(`_upy_mB['w']=_upy_M.WDT(timeout=${timeoutMs})`);
    if (this.#watchdog !== null) this.clock.cancel(this.#watchdog.alarm);
    this.#watchdog = { timeoutMs, onExpire, alarm: 0 };
    this.#armWatchdog();
  }

  /** Queued like a pin write (one feed per batch is enough), and the host alarm re-armed. */
  wdtFeed(): void {
    if (this.#watchdog === null) return;
    this.clock.cancel(this.#watchdog.alarm);
    this.#armWatchdog();
    const feed = "_upy_mB['w'].feed()";
    if (this.#link.lastStatement !== feed) this.#link.queueStatement(feed);
  }

  #armWatchdog(): void {
    const watchdog = this.#watchdog!;
    watchdog.alarm = this.clock.at(this.clock.nowUs() + watchdog.timeoutMs * 1000, () => {
      this.#watchdog = null;
      watchdog.onExpire();
    });
  }

  async uniqueId(): Promise<Uint8Array> {
    return await this.#eval("_upy_M.unique_id()") as Uint8Array;
  }

  async cpuFreq(hz?: number): Promise<number> {
    if (hz !== undefined) {
      await this.#run(`_upy_M.freq(${hz})`);
      this.#pwm.clear(); // the PWM dividers now give other frequencies
    }
    return Number(await this.#eval("_upy_M.freq()"));
  }

  async resetCause(): Promise<number> {
    return Number(await this.#eval("_upy_M.reset_cause()"));
  }

  async reset(kind: "hard" | "soft"): Promise<void> {
    const board = await this.#link.board();
    this.#link.forgetHelpers();
    // The board forgets its irqs, buses and received bytes: so does this side.
    this.#irqs.clear();
    this.#rx.clear();
    this.#rxFetchedAt.clear();
    this.#levels.clear();
    this.#driven.clear();
    this.#pwm.clear();
    if (kind === "soft") await board.softReset();
    else await board.reset();
  }

  async timePulseUs(pin: number, level: number, timeoutUs: number): Promise<number> {
    return Number(
      await this.#eval(`_upy_M.time_pulse_us(_upy_mp(${pin}),${level ? 1 : 0},${timeoutUs})`),
    );
  }

  async bitstream(pin: number, timing: number[], data: Uint8Array): Promise<void> {
    await this.#run(`_upy_M.bitstream(_upy_mp(${pin}),0,${toPython(timing)},${pythonBytes(data)})`);
  }
}

/**
 * An answer machine may ask for without waiting for it (a UART wait's condition, a PWM's repr):
 * if nobody takes it, its failure is not an unhandled rejection. A caller that awaits it
 * still gets the failure.
 */
function mayBeDropped<T>(answer: Promise<T>): Promise<T> {
  answer.catch(() => {});
  return answer;
}

/** The board records a UART's receive events under a negative number, apart from GPIOs. */
function uartEventKey(id: number): number {
  return -1 - id;
}

export { isBoardLinkTarget } from "./link_target.ts";

/**
 * Connects (failing with the transport's clear error: no such port, busy, refused) and returns
 * the HAL over that board. The board is soft-reset first, so the script starts from a fresh
 * interpreter (and, on a 16 KB board, a free heap).
 */
export async function openRemoteHal(
  target: string,
  options: RemoteHalOptions = {},
): Promise<RemoteHal> {
  return new RemoteHal(await connect(target, { softReset: true }), options);
}
