/**
 * The hardware abstraction layer: the one interface `machine` is written against.
 *
 * An adapter implements it for one kind of board: hal/mock/ simulates a Raspberry Pi Pico in
 * this process; the board link (hal/remote/machine_adapter.ts) forwards the same calls over a
 * serial line to a real board. So every operation may answer with a value or a Promise (`MaybePromise`):
 * machine's natives hand a Promise back to the VM, which parks the program until it settles.
 * Operations that need no answer (a pin write, a UART write) return nothing, so a remote
 * adapter can batch them without a round trip each.
 *
 * Sleeping is not a HAL call: machine waits on the adapter's Clock (a real board's adapter
 * keeps host time; the mock can keep virtual time), so IRQ and Timer callbacks run meanwhile.
 *
 * Adapters validate what only the board knows (which pins exist, which pin may be I2C0 SDA,
 * the PWM clock limits) and throw `HalError`; machine turns it into the Python exception
 * MicroPython raises (ValueError with the port's message, OSError EIO or ETIMEDOUT).
 */

export type MaybePromise<T> = T | Promise<T>;

/** Why a HAL call failed, in the terms machine maps to Python exceptions. */
export type HalErrorKind = "value" | "invalid" | "io" | "timeout" | "unsupported" | "board";

/** What a remote board said about its exception, so the local one can be the same. */
export interface HalErrorDetail {
  /** The OSError errno the board raised (ENODEV where the HAL's default would say EIO). */
  errno?: number;
  /** Kind "board": the Python exception class the board raised ("TypeError", "KeyError"...). */
  pythonType?: string;
}

/**
 * A board-level failure: bad argument for this board ("value": ValueError), a value the
 * device refuses ("invalid": OSError EINVAL), bus NACK ("io": EIO), "timeout" (ETIMEDOUT),
 * or ("board") some other exception a remote board raised, named by `pythonType`.
 */
export class HalError extends Error {
  /** Which Python exception `machine` raises for it (see HalErrorKind). */
  readonly kind: HalErrorKind;
  /** The errno of the OSError, when it is not the kind's usual one. */
  readonly errno: number | undefined;
  /** Kind "board": the class of the exception the board raised. */
  readonly pythonType: string | undefined;
  /** `message` becomes the Python exception's message. */
  constructor(kind: HalErrorKind, message: string, detail: HalErrorDetail = {}) {
    super(message);
    this.name = "HalError";
    this.kind = kind;
    this.errno = detail.errno;
    this.pythonType = detail.pythonType;
  }
}

/** GPIO modes, numbered as MicroPython's rp2 port numbers Pin.IN, Pin.OUT... */
export const PinMode = { IN: 0, OUT: 1, OPEN_DRAIN: 2, ALT: 3, ANALOG: 4 } as const;
/** Pull bits (can be or'd, as on the rp2 port). */
export const PinPull = { UP: 1, DOWN: 2 } as const;
/** Edge bits for pin interrupts. */
export const PinEdge = { FALLING: 4, RISING: 8 } as const;

/** What Pin() / Pin.init() asks of a pin; fields left out keep their current setting. */
export interface PinConfig {
  /** Drive strength code (rp2: 0..3 = 2, 4, 8, 12 mA); undefined keeps it. */
  drive?: number;
  /** One of PinMode, or undefined to keep the current mode. */
  mode?: number;
  /** PinPull bits; 0 for none. */
  pull?: number;
  /** Output value to set before the pin starts driving (OUT, OPEN_DRAIN). */
  value?: number;
  /** Alternate function number (mode ALT). */
  alt?: number;
}

/** What a pin is doing now (for repr and for tests). */
export interface PinState {
  /** One of PinMode. */
  mode: number;
  /** PinPull bits; 0 for none. */
  pull: number;
  /** The function name when the pin belongs to a peripheral ("I2C", "PWM", "UART"...). */
  alt: string | null;
}

/** A board's fixed facts, known without asking it. */
export interface BoardInfo {
  /** sys.implementation._machine style name. */
  machine: string;
  /** Number of GPIOs (pins 0..count-1). */
  pinCount: number;
  /** Board names for pins: "LED", "GP0".. */
  pinNames: Readonly<Record<string, number>>;
  /** Default CPU frequency in Hz. */
  cpuHz: number;
}

/** What PWM() / PWM.init() asks for; fields left out keep their current setting. */
export interface PwmSettings {
  /** Frequency in Hz. */
  freq?: number;
  /** Duty cycle as a fraction of 65535. */
  dutyU16?: number;
  /** Pulse width in nanoseconds (wins over dutyU16 when both are given). */
  dutyNs?: number;
  /** Output inverted. */
  invert?: boolean;
}

/** The PWM output as the hardware produces it (after its rounding). */
export interface PwmState {
  /** Frequency in Hz, as the divider achieves it. */
  freq: number;
  /** Duty cycle as a fraction of 65535. */
  dutyU16: number;
  /** Pulse width in nanoseconds. */
  dutyNs: number;
  /** Output inverted. */
  invert: boolean;
  /** False after deinit. */
  running: boolean;
}

/** An I2C bus's settings as I2C() gives them and the board puts them in force. */
export interface I2cConfig {
  /** Clock frequency in Hz. */
  freq: number;
  /** SCL pin. */
  scl: number;
  /** SDA pin. */
  sda: number;
  /** Per-transaction timeout in microseconds. */
  timeout: number;
}

/** One I2C message: bytes to write, or a count of bytes to read. */
export type I2cSegment = { write: Uint8Array } | { read: number };

/** An SPI bus's settings as SPI() gives them and the board puts them in force. */
export interface SpiConfig {
  /** Clock rate in Hz. */
  baudrate: number;
  /** Clock idle level, 0 or 1. */
  polarity: number;
  /** 0: sample on the first clock edge, 1: on the second. */
  phase: number;
  /** Bits per transfer unit. */
  bits: number;
  /** Clock pin. */
  sck: number;
  /** Controller-out pin. */
  mosi: number;
  /** Controller-in pin. */
  miso: number;
}

/** A UART's settings as UART() gives them and the board puts them in force. */
export interface UartConfig {
  /** Bits per second. */
  baudrate: number;
  /** Data bits per character. */
  bits: number;
  /** null, 0 (even) or 1 (odd). */
  parity: number | null;
  /** Stop bits. */
  stop: number;
  /** Transmit pin. */
  tx: number;
  /** Receive pin. */
  rx: number;
  /** Receive buffer size in bytes. */
  rxbuf: number;
  /** Transmit buffer size in bytes. */
  txbuf: number;
  /** Milliseconds a read waits for its first character. */
  timeout: number;
  /** Milliseconds a read waits between characters. */
  timeoutChar: number;
}

/** The RTC's datetime tuple as machine.RTC uses it (weekday 0 = Monday). */
export type DateTime = [
  year: number,
  month: number,
  day: number,
  weekday: number,
  hours: number,
  minutes: number,
  seconds: number,
  subseconds: number,
];

/**
 * Time as the board counts it. machine.Timer, time.sleep and ticks use it, so a virtual clock
 * (sleeps advance time at once, alarms fire in order) makes a program fully deterministic.
 */
export interface Clock {
  /** True when time only moves when the program sleeps or runs (tests). */
  readonly virtual: boolean;
  /** Microseconds since the board started (a float). */
  nowUs(): number;
  /** Calls `fn` once the clock reaches `atUs`; returns an id for cancel(). */
  at(atUs: number, fn: () => void): number;
  /** Drops an alarm set with at(); an id that has fired already is ignored. */
  cancel(id: number): void;
  /**
   * Lets time pass until `untilUs`, or until `stop()` turns true after an alarm fired (so the
   * program can run the callback it queued) or wake() is called.
   */
  waitUntil(untilUs: number, stop: () => boolean): MaybePromise<void>;
  /** Ends a waitUntil early: something outside (a pin edge from JS) needs the program. */
  wake(): void;
  /** The VM ran a slice of bytecode: a virtual clock advances a little, due alarms fire. */
  onRun(): void;
}

/**
 * The operations `machine` needs from a board. Bus and pin numbers are the board's own;
 * peripheral ids (I2C 0/1...) are checked by the adapter.
 */
export interface Hal {
  /** What the board is (name, pin count, machine.freq default...). */
  readonly info: BoardInfo;
  /** The board's time: time.ticks_*, sleeps and Timer callbacks run on it. */
  readonly clock: Clock;
  /**
   * When set, the program gives the event loop a turn this often (ms) even while it computes,
   * because the adapter's news arrives through it (a remote board's pin events).
   */
  readonly turnIntervalMs?: number;

  // GPIO
  /** Configures mode, pull and initial value: Pin() and Pin.init(). */
  pinInit(pin: number, config: PinConfig): MaybePromise<void>;
  /** Drives an output (or releases an open-drain pin for 1): no answer needed, batchable. */
  pinWrite(pin: number, value: number): void;
  /** Reads the level on the pin (what the outside world or the pin itself drives). */
  pinRead(pin: number): MaybePromise<number>;
  /** The mode/pull/function now in force, for Pin's repr. */
  pinState(pin: number): MaybePromise<PinState>;
  /** Calls `listener(flags)` on each edge in `edges` (PinEdge bits); null stops. */
  pinIrq(
    pin: number,
    edges: number,
    listener: ((flags: number) => void) | null,
  ): MaybePromise<void>;

  // PWM
  /** Connects the pin to its PWM slice and applies the given settings. */
  pwmInit(pin: number, settings: PwmSettings): MaybePromise<PwmState>;
  /** The slice's output as the hardware rounds it (freq(), duty_u16() readback). */
  pwmState(pin: number): MaybePromise<PwmState>;
  /** Stops the slice. */
  pwmDeinit(pin: number): MaybePromise<void>;

  // ADC
  /** Validates and opens a channel (0..3 = GP26..29, 4 = temperature); returns the channel. */
  adcOpen(source: { channel: number } | { pin: number }): MaybePromise<number>;
  /** A conversion, scaled to 0..65535. */
  adcRead(channel: number): MaybePromise<number>;

  // I2C
  /** Sets up bus `id` (pins and speed, validated); returns what is in force. */
  i2cInit(id: number, config: Partial<I2cConfig>): MaybePromise<I2cConfig>;
  /**
   * One transaction to `addr`: the segments in order with repeated starts, then a stop if
   * `stop`. Returns the bytes of each read segment. NACK: HalError "io"; stuck bus: "timeout".
   */
  i2cTransfer(
    id: number,
    addr: number,
    segments: I2cSegment[],
    stop: boolean,
  ): MaybePromise<Uint8Array[]>;
  /** Addresses that acknowledge. */
  i2cScan(id: number): MaybePromise<number[]>;

  // SPI
  /** Sets up bus `id` (baudrate, polarity, phase, bits, pins; validated); returns what is in force. */
  spiInit(id: number, config: Partial<SpiConfig>): MaybePromise<SpiConfig>;
  /** Clocks `data` out and returns the bytes clocked in at the same time. */
  spiTransfer(id: number, data: Uint8Array): MaybePromise<Uint8Array>;

  // UART
  /** Sets up UART `id` (baudrate, bits, parity, stop, pins, buffers); returns what is in force. */
  uartInit(id: number, config: Partial<UartConfig>): MaybePromise<UartConfig>;
  /** Queues bytes for transmission: no answer needed, batchable. */
  uartWrite(id: number, data: Uint8Array): void;
  /** Takes up to `max` received bytes (fewer, or none, if fewer have arrived). */
  uartRead(id: number, max: number): MaybePromise<Uint8Array>;
  /**
   * Received bytes waiting; with `until` (a byte value, e.g. 10 for readline), the count up
   * to and including the first such byte, or 0 if none has arrived yet.
   */
  uartAny(id: number, until?: number): MaybePromise<number>;
  /** True once everything written has left the transmitter. */
  uartTxDone(id: number): MaybePromise<boolean>;
  /** Calls `listener` when bytes arrive (UART.irq RX); null stops. */
  uartIrq(id: number, listener: (() => void) | null): MaybePromise<void>;
  /** Releases UART `id` and its pins. */
  uartDeinit(id: number): MaybePromise<void>;

  // System
  /** The real-time clock's date and time (machine.RTC().datetime()). */
  rtcGet(): MaybePromise<DateTime>;
  /** Sets the real-time clock. */
  rtcSet(datetime: DateTime): MaybePromise<void>;
  /** Starts the watchdog: after `timeoutMs` without feed(), onExpire runs (the board resets). */
  wdtStart(timeoutMs: number, onExpire: () => void): MaybePromise<void>;
  /** Restarts the watchdog's countdown: no answer needed. */
  wdtFeed(): void;
  /** machine.unique_id(): the board's serial number bytes. */
  uniqueId(): MaybePromise<Uint8Array>;
  /** CPU frequency in Hz: read, or set (validated by the board). */
  cpuFreq(hz?: number): MaybePromise<number>;
  /** machine.reset_cause() value. */
  resetCause(): MaybePromise<number>;
  /** Records a reset request (the embedder decides what a reset means for its program). */
  reset(kind: "hard" | "soft"): MaybePromise<void>;
  /**
   * machine.time_pulse_us measured by the board (µs, or -1/-2 on timeout), for adapters whose
   * pins this process cannot watch at microsecond resolution (a board on the link). Without it,
   * machine times the pulse with pinRead and the clock.
   */
  timePulseUs?(pin: number, level: number, timeoutUs: number): MaybePromise<number>;
  /** Drives a pin with the pulse train bitstream() describes (timings in ns, high/low). */
  bitstream(pin: number, timing: number[], data: Uint8Array): MaybePromise<void>;
}

/** How an embedder supplies a board per VM (the CLI's `--board`). */
export type HalFactory = () => Hal;
