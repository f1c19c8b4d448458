/**
 * Remote `machine`: the HAL (hal/hal.ts) implemented over the board link, so a script run by
 * upy on this computer (`deno run -A mod.ts --board /dev/ttyACM0 blink.py`) drives the real
 * board's pins and buses.
 *
 * Speed comes from three things:
 * - a few helper functions are defined on the board once per connection (`_upy_m…`), so each
 *   operation sends a call of a dozen bytes instead of import-and-construct code;
 * - operations that need no answer (pin writes, UART writes) are queued and sent together in one
 *   program, when 64 have gathered, when an operation needs an answer (so the board sees
 *   everything in program order), or at the next turn of the event loop;
 * - an operation that needs an answer carries the queued writes in front of it: one round trip.
 *
 * The helpers use `machine.Pin` where the firmware has it (a Pico, an ESP32...) and fall back to
 * the micro:bit's `microbit.pinN` for pins (the QEMU board the tests run against), so the same
 * script runs on both. A board-side exception becomes a `HalError` of the matching kind, which
 * machine raises as the Python exception MicroPython would (ValueError, OSError EIO...).
 *
 * Pin interrupts, UART receive interrupts and the watchdog's expiry callback would need the
 * board to call back into this process; they raise HalError "unsupported" instead.
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
  type PinState,
  type PwmSettings,
  type PwmState,
  type SpiConfig,
  type UartConfig,
} from "../hal.ts";
import { RealClock } from "../mock/clock.ts";
import { type Board, connect } from "../board.ts";
import { BoardExceptionError } from "./errors.ts";
import { parsePythonRepr, pythonBytes, pythonString, toPython } from "./literal.ts";

/** Queued writes that trigger a send without waiting for the event loop. */
const BATCH_LIMIT = 256;

/** Pins below this travel as one character per write: chr(48 + 2 * pin + value). */
const PACKED_PINS = 40;

const HELPERS = `try:
 import machine as _upy_M
except ImportError:
 _upy_M=None
if hasattr(_upy_M,'Pin'):
 _upy_mP={}
 def _upy_mp(n):
  p=_upy_mP.get(n)
  if p is None:p=_upy_mP[n]=_upy_M.Pin(n)
  return p
 def _upy_mi(n,m,u,v):
  p=_upy_mp(n)
  if v is None:p.init(m,u or None)
  else:p.init(m,u or None,value=v)
 def _upy_mw(n,v):_upy_mp(n).value(v)
 def _upy_mr(n):return _upy_mp(n).value()
else:
 import microbit as _upy_mu
 def _upy_mp(n):
  try:return getattr(_upy_mu,'pin%d'%n)
  except AttributeError:raise ValueError('invalid pin')
 def _upy_mi(n,m,u,v):
  p=_upy_mp(n)
  if v is not None:p.write_digital(v)
 def _upy_mw(n,v):_upy_mp(n).write_digital(v)
 def _upy_mr(n):return _upy_mp(n).read_digital()
def _upy_mW(s):
 for c in s:
  c=ord(c)-48;_upy_mw(c>>1,c&1)
_upy_mB={}
`;

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
}

export class RemoteHal implements Hal {
  readonly info: BoardInfo;
  readonly clock: Clock = new RealClock();
  /** Round trips made (an operation with an answer, or a flush of queued writes). */
  roundTrips = 0;
  readonly #board: Promise<Board>;
  #helpersReady = false;
  /** Queued pin writes, one character each (see PACKED_PINS), and other queued statements. */
  #pinWrites = "";
  #statements: string[] = [];
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  /** A failure of queued writes, reported by the next operation. */
  #deferredError: unknown = null;
  #chain: Promise<unknown> = Promise.resolve();
  readonly #pins = new Map<number, PinState>();

  constructor(board: Board | Promise<Board>, options: RemoteHalOptions = {}) {
    this.#board = Promise.resolve(board);
    this.#board.catch(() => {}); // reported by the first operation
    this.info = options.info ?? PICO_INFO;
  }

  // --- plumbing ---------------------------------------------------------------------------------

  /** Runs `code` after the queued writes, in one program; returns its printed text. */
  #run(code: string): Promise<string> {
    const pending = this.#takeQueued();
    const program = pending === "" ? code : `${pending}\n${code}`;
    const step = this.#chain.then(() => this.#send(program));
    this.#chain = step.catch(() => {});
    return step;
  }

  async #send(program: string): Promise<string> {
    if (this.#deferredError !== null) {
      const error = this.#deferredError;
      this.#deferredError = null;
      throw error;
    }
    const board = await this.#board;
    this.roundTrips++;
    for (let attempt = 0;; attempt++) {
      try {
        if (!this.#helpersReady) {
          await board.exec(HELPERS);
          this.#helpersReady = true;
        }
        return await board.exec(program);
      } catch (error) {
        const missing = error instanceof BoardExceptionError &&
          error.exceptionType === "NameError" &&
          error.exceptionMessage.includes("_upy_m");
        if (missing && attempt === 0) {
          this.#helpersReady = false; // a soft reset wiped them
          continue;
        }
        throw toHalError(error);
      }
    }
  }

  /** Evaluates a Python expression on the board (after the queued writes). */
  async #eval(expression: string): Promise<unknown> {
    const text = await this.#run(`print(repr(${expression}))`);
    return parsePythonRepr(text.trimEnd());
  }

  #takeQueued(): string {
    if (this.#flushTimer !== null) {
      clearTimeout(this.#flushTimer);
      this.#flushTimer = null;
    }
    this.#closePinRun();
    const program = this.#statements.join("\n");
    this.#statements = [];
    return program;
  }

  /** Ends the current run of packed pin writes, so that what is queued next runs after it. */
  #closePinRun(): void {
    if (this.#pinWrites.length === 0) return;
    this.#statements.push(`_upy_mW(${pythonString(this.#pinWrites)})`);
    this.#pinWrites = "";
  }

  #queueStatement(statement: string): void {
    this.#closePinRun();
    this.#statements.push(statement);
    this.#queue();
  }

  #queue(): void {
    if (this.#pinWrites.length + this.#statements.length >= BATCH_LIMIT) {
      void this.flush();
    } else if (this.#flushTimer === null) {
      this.#flushTimer = setTimeout(() => void this.flush(), 0);
    }
  }

  /** Sends the queued writes now; resolves once the board has run them. */
  async flush(): Promise<void> {
    const pending = this.#takeQueued();
    if (pending === "") {
      await this.#chain;
      return;
    }
    const step = this.#chain.then(() => this.#send(pending));
    this.#chain = step.catch((error) => {
      this.#deferredError ??= error;
    });
    await this.#chain;
  }

  /** Sends what is queued and closes the link. */
  async close(): Promise<void> {
    await this.flush();
    const failure = this.#deferredError;
    this.#deferredError = null;
    await (await this.#board).close();
    if (failure !== null) throw failure;
  }

  // --- GPIO -------------------------------------------------------------------------------------

  async pinInit(pin: number, config: PinConfig): Promise<void> {
    const mode = config.mode ?? this.#pins.get(pin)?.mode ?? 0;
    const pull = config.pull ?? 0;
    await this.#run(
      `_upy_mi(${pin},${mode},${pull},${config.value === undefined ? "None" : config.value})`,
    );
    this.#pins.set(pin, { mode, pull, alt: null });
  }

  pinWrite(pin: number, value: number): void {
    if (pin >= 0 && pin < PACKED_PINS) {
      this.#pinWrites += String.fromCharCode(48 + 2 * pin + (value ? 1 : 0));
      this.#queue();
    } else {
      this.#queueStatement(`_upy_mw(${pin},${value ? 1 : 0})`);
    }
  }

  async pinRead(pin: number): Promise<number> {
    return Number(await this.#eval(`_upy_mr(${pin})`));
  }

  pinState(pin: number): PinState {
    return this.#pins.get(pin) ?? { mode: 0, pull: 0, alt: null };
  }

  pinIrq(_pin: number, _edges: number, listener: ((flags: number) => void) | null): void {
    if (listener !== null) throw unsupported("Pin.irq");
  }

  // --- PWM --------------------------------------------------------------------------------------

  async pwmInit(pin: number, settings: PwmSettings): Promise<PwmState> {
    const args: string[] = [];
    if (settings.freq !== undefined) args.push(`freq=${settings.freq}`);
    if (settings.dutyU16 !== undefined) args.push(`duty_u16=${settings.dutyU16}`);
    if (settings.dutyNs !== undefined) args.push(`duty_ns=${settings.dutyNs}`);
    if (settings.invert !== undefined) args.push(`invert=${settings.invert ? "True" : "False"}`);
    await this.#run(`_upy_mB[${pin}]=_upy_M.PWM(_upy_mp(${pin}),${args.join(",")})`);
    return await this.pwmState(pin);
  }

  async pwmState(pin: number): Promise<PwmState> {
    const [freq, dutyU16, dutyNs] = await this.#eval(
      `(lambda p:(p.freq(),p.duty_u16(),p.duty_ns()))(_upy_mB[${pin}])`,
    ) as number[];
    return { freq, dutyU16, dutyNs, invert: false, running: true };
  }

  async pwmDeinit(pin: number): Promise<void> {
    await this.#run(`_upy_mB.pop(${pin}).deinit()`);
  }

  // --- ADC --------------------------------------------------------------------------------------

  async adcOpen(source: { channel: number } | { pin: number }): Promise<number> {
    const channel = "channel" in source ? source.channel : source.pin - 26;
    const argument = "channel" in source ? String(source.channel) : `_upy_mp(${source.pin})`;
    await this.#run(`_upy_mB['a${channel}']=_upy_M.ADC(${argument})`);
    return channel;
  }

  async adcRead(channel: number): Promise<number> {
    return Number(await this.#eval(`_upy_mB['a${channel}'].read_u16()`));
  }

  // --- I2C --------------------------------------------------------------------------------------

  async i2cInit(id: number, config: Partial<I2cConfig>): Promise<I2cConfig> {
    const args = [String(id)];
    if (config.scl !== undefined) args.push(`scl=_upy_mp(${config.scl})`);
    if (config.sda !== undefined) args.push(`sda=_upy_mp(${config.sda})`);
    if (config.freq !== undefined) args.push(`freq=${config.freq}`);
    if (config.timeout !== undefined) args.push(`timeout=${config.timeout}`);
    await this.#run(`_upy_mB['i${id}']=_upy_M.I2C(${args.join(",")})`);
    return { freq: 400_000, scl: -1, sda: -1, timeout: 50_000, ...config } as I2cConfig;
  }

  async i2cTransfer(
    id: number,
    addr: number,
    segments: I2cSegment[],
    stop: boolean,
  ): Promise<Uint8Array[]> {
    const steps = segments.map((segment, index) => {
      const last = index === segments.length - 1 ? (stop ? "True" : "False") : "False";
      return "write" in segment
        ? `b.writeto(${addr},${pythonBytes(segment.write)},${last})`
        : `b.readfrom(${addr},${segment.read},${last})`;
    });
    const results = await this.#eval(
      `(lambda b:[${steps.join(",")}])(_upy_mB['i${id}'])`,
    ) as unknown[];
    return results.filter((value): value is Uint8Array => value instanceof Uint8Array);
  }

  async i2cScan(id: number): Promise<number[]> {
    return await this.#eval(`_upy_mB['i${id}'].scan()`) as number[];
  }

  // --- SPI --------------------------------------------------------------------------------------

  async spiInit(id: number, config: Partial<SpiConfig>): Promise<SpiConfig> {
    const args = [String(id)];
    for (const key of ["baudrate", "polarity", "phase", "bits"] as const) {
      if (config[key] !== undefined) args.push(`${key}=${config[key]}`);
    }
    for (const key of ["sck", "mosi", "miso"] as const) {
      if (config[key] !== undefined) args.push(`${key}=_upy_mp(${config[key]})`);
    }
    await this.#run(`_upy_mB['s${id}']=_upy_M.SPI(${args.join(",")})`);
    return {
      baudrate: 1_000_000,
      polarity: 0,
      phase: 0,
      bits: 8,
      sck: -1,
      mosi: -1,
      miso: -1,
      ...config,
    };
  }

  async spiTransfer(id: number, data: Uint8Array): Promise<Uint8Array> {
    const result = await this.#eval(
      `(lambda s,w:(s.write_readinto(w,w),bytes(w))[1])(_upy_mB['s${id}'],bytearray(${
        pythonBytes(data)
      }))`,
    );
    return result as Uint8Array;
  }

  // --- UART -------------------------------------------------------------------------------------

  async uartInit(id: number, config: Partial<UartConfig>): Promise<UartConfig> {
    const args = [String(id)];
    for (const key of ["baudrate", "bits", "stop", "rxbuf", "txbuf", "timeout"] as const) {
      if (config[key] !== undefined) args.push(`${key}=${config[key]}`);
    }
    if (config.parity !== undefined) args.push(`parity=${toPython(config.parity)}`);
    if (config.tx !== undefined) args.push(`tx=_upy_mp(${config.tx})`);
    if (config.rx !== undefined) args.push(`rx=_upy_mp(${config.rx})`);
    await this.#run(`_upy_mB['u${id}']=_upy_M.UART(${args.join(",")})`);
    return {
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
  }

  uartWrite(id: number, data: Uint8Array): void {
    this.#queueStatement(`_upy_mB['u${id}'].write(${pythonBytes(data)})`);
  }

  async uartRead(id: number, max: number): Promise<Uint8Array> {
    const value = await this.#eval(`_upy_mB['u${id}'].read(${max}) or b''`);
    return value as Uint8Array;
  }

  async uartAny(id: number, until?: number): Promise<number> {
    if (until === undefined) return Number(await this.#eval(`_upy_mB['u${id}'].any()`));
    // Without reading, the board cannot look inside its buffer: report nothing until a line
    // can be read whole (readline then reads it).
    return Number(await this.#eval(`_upy_mB['u${id}'].any()`)) > 0 ? 1 : 0;
  }

  async uartTxDone(id: number): Promise<boolean> {
    return Boolean(await this.#eval(`_upy_mB['u${id}'].txdone()`));
  }

  uartIrq(_id: number, listener: (() => void) | null): void {
    if (listener !== null) throw unsupported("UART.irq");
  }

  async uartDeinit(id: number): Promise<void> {
    await this.#run(`_upy_mB.pop('u${id}').deinit()`);
  }

  // --- System -----------------------------------------------------------------------------------

  async rtcGet(): Promise<DateTime> {
    return await this.#eval("_upy_M.RTC().datetime()") as DateTime;
  }

  async rtcSet(datetime: DateTime): Promise<void> {
    await this.#run(`_upy_M.RTC().datetime(${toPython(datetime)})`);
  }

  wdtStart(_timeoutMs: number, _onExpire: () => void): void {
    throw unsupported("WDT");
  }

  wdtFeed(): void {
    throw unsupported("WDT");
  }

  async uniqueId(): Promise<Uint8Array> {
    return await this.#eval("_upy_M.unique_id()") as Uint8Array;
  }

  async cpuFreq(hz?: number): Promise<number> {
    if (hz !== undefined) await this.#run(`_upy_M.freq(${hz})`);
    return Number(await this.#eval("_upy_M.freq()"));
  }

  async resetCause(): Promise<number> {
    return Number(await this.#eval("_upy_M.reset_cause()"));
  }

  async reset(kind: "hard" | "soft"): Promise<void> {
    await this.flush();
    const board = await this.#board;
    this.#helpersReady = false;
    if (kind === "soft") await board.softReset();
    else await board.reset();
  }

  async bitstream(pin: number, timing: number[], data: Uint8Array): Promise<void> {
    await this.#run(`_upy_M.bitstream(_upy_mp(${pin}),0,${toPython(timing)},${pythonBytes(data)})`);
  }
}

function unsupported(what: string): HalError {
  return new HalError("unsupported", `${what} is not available over the board link`);
}

/** A board-side exception as the HAL error machine maps to the same Python exception. */
function toHalError(error: unknown): unknown {
  if (!(error instanceof BoardExceptionError)) return error;
  const message = error.exceptionMessage;
  switch (error.exceptionType) {
    case "ValueError":
      return new HalError("value", message);
    case "OSError": {
      const errno = error.errno;
      if (errno === 110 || /ETIMEDOUT/.test(message)) return new HalError("timeout", message);
      if (errno === 22 || /EINVAL/.test(message)) return new HalError("invalid", message);
      return new HalError("io", message);
    }
    case "AttributeError":
    case "ImportError":
    case "NotImplementedError":
      return new HalError("unsupported", `not available on this board (${error.message})`);
    default:
      return error;
  }
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
