/**
 * Facts of the RP2040 the mock needs: which function each GPIO's mux offers (datasheet
 * §2.19.2), the Pico's pin names, and the PWM slice arithmetic (clock divider in 1/16ths and
 * a wrap value), so frequencies and duty cycles read back rounded as on the chip.
 */

import { HalError } from "../hal.ts";

export const GPIO_COUNT = 30;
export const LED_PIN = 25;
export const DEFAULT_CPU_HZ = 125_000_000;

/** GPIO function select numbers (F1..F9), as Pin.ALT_* constants. */
export const Func = {
  SPI: 1,
  UART: 2,
  I2C: 3,
  PWM: 4,
  SIO: 5,
  PIO0: 6,
  PIO1: 7,
  GPCK: 8,
  USB: 9,
  NULL: 31,
} as const;

export const FUNC_NAMES: Record<number, string> = {
  1: "SPI",
  2: "UART",
  3: "I2C",
  4: "PWM",
  5: "SIO",
  6: "PIO0",
  7: "PIO1",
  8: "GPCK",
  9: "USB",
};

/** Whether `gpio` offers function `fn` at all (clock pins are GP20..25 only). */
export function hasFunction(gpio: number, fn: number): boolean {
  if (fn === Func.GPCK) return gpio >= 20 && gpio <= 25;
  return fn >= 1 && fn <= 9;
}

/** The Pico's names: GP0..GP28 and LED; the CPU's GPIO0..GPIO29 are accepted too. */
export function picoPinNames(): Record<string, number> {
  const names: Record<string, number> = { LED: LED_PIN };
  for (let i = 0; i <= 28; i++) names[`GP${i}`] = i;
  for (let i = 0; i < GPIO_COUNT; i++) names[`GPIO${i}`] = i;
  return names;
}

/** SPI0 sits on GP0..7 and GP16..23, SPI1 on GP8..15 and GP24..29; the role cycles in fours. */
function spiBlock(gpio: number): number {
  return (gpio >> 3) & 1;
}
export const spiPin = {
  sck: (id: number, gpio: number) => (gpio & 3) === 2 && spiBlock(gpio) === id,
  mosi: (id: number, gpio: number) => (gpio & 3) === 3 && spiBlock(gpio) === id,
  miso: (id: number, gpio: number) => (gpio & 3) === 0 && spiBlock(gpio) === id,
};

/** UART0 on GP0..3, 12..19, 28..29; UART1 on GP4..11, 20..27; TX, RX, CTS, RTS in fours. */
function uartBlock(gpio: number): number {
  return ((gpio + 4) >> 3) & 1;
}
export const uartPin = {
  tx: (id: number, gpio: number) => (gpio & 3) === 0 && uartBlock(gpio) === id,
  rx: (id: number, gpio: number) => (gpio & 3) === 1 && uartBlock(gpio) === id,
};

/** I2C0 and I2C1 alternate in pairs of pins; SDA on even pins, SCL on odd. */
export const i2cPin = {
  sda: (id: number, gpio: number) => (gpio & 1) === 0 && ((gpio >> 1) & 1) === id,
  scl: (id: number, gpio: number) => (gpio & 1) === 1 && ((gpio >> 1) & 1) === id,
};

/** Default pins of the MicroPython Pico build. */
export const I2C_DEFAULTS = [{ sda: 4, scl: 5 }, { sda: 6, scl: 7 }];
export const SPI_DEFAULTS = [{ sck: 18, mosi: 19, miso: 16 }, { sck: 10, mosi: 11, miso: 8 }];
export const UART_DEFAULTS = [{ tx: 0, rx: 1 }, { tx: 4, rx: 5 }];

export function pwmSliceOf(gpio: number): { slice: number; channel: number } {
  return { slice: (gpio >> 1) & 7, channel: gpio & 1 };
}

/** One PWM slice: the divider (16ths of a cycle) and wrap value both channels share. */
export class PwmSlice {
  div16 = 16;
  top = 0xffff;
  freqSet = false;
  enabled = false;
  readonly level = [0, 0];
  readonly invert = [false, false];
  /** What the program last asked for per channel, re-applied when the frequency changes. */
  readonly duty: ({ u16: number } | { ns: number } | null)[] = [null, null];

  /** Picks divider and wrap for `freq`: the largest wrap (best resolution) that fits. */
  setFreq(freq: number, sourceHz: number): void {
    const TOP_MAX = 65534;
    if (!(freq > 0)) throw new HalError("value", "freq too small");
    let div16: number;
    let top: number;
    if (Math.floor((sourceHz + freq / 2) / freq) < TOP_MAX) {
      div16 = 16;
      top = Math.floor((sourceHz + freq / 2) / freq) - 1;
    } else {
      div16 = Math.ceil((16 * sourceHz) / (TOP_MAX * freq));
      top = Math.round((16 * sourceHz) / (div16 * freq)) - 1;
    }
    if (div16 < 16 || top < 0) throw new HalError("value", "freq too large");
    if (div16 >= 256 * 16) throw new HalError("value", "freq too small");
    this.div16 = div16;
    this.top = top;
    this.freqSet = true;
    for (let ch = 0; ch < 2; ch++) {
      const d = this.duty[ch];
      if (d !== null) this.applyDuty(ch, d, sourceHz);
    }
  }

  freq(sourceHz: number): number {
    return Math.round((16 * sourceHz) / (this.div16 * (this.top + 1)));
  }

  /** The counter's rate after the divider, in Hz. */
  sliceHz(sourceHz: number): number {
    return Math.round((16 * sourceHz) / this.div16);
  }

  applyDuty(channel: number, duty: { u16: number } | { ns: number }, sourceHz: number): void {
    let level: number;
    if ("u16" in duty) {
      if (duty.u16 < 0 || duty.u16 > 65535) {
        throw new HalError("value", "duty_u16 must be from 0 to 65535");
      }
      level = Math.floor((duty.u16 * (this.top + 1) + 32767) / 65535);
    } else {
      if (duty.ns < 0) throw new HalError("value", "duty larger than period");
      level = Math.floor((duty.ns * this.sliceHz(sourceHz) + 5e8) / 1e9);
      if (level > 65535) throw new HalError("value", "duty larger than period");
    }
    this.level[channel] = level;
    this.duty[channel] = duty;
  }

  dutyU16(channel: number): number {
    const level = Math.min(this.level[channel], this.top + 1);
    return Math.floor((level * 65535 + Math.floor((this.top + 1) / 2)) / (this.top + 1));
  }

  dutyNs(channel: number, sourceHz: number): number {
    const hz = this.sliceHz(sourceHz);
    return Math.floor((this.level[channel] * 1e9 + hz / 2) / hz);
  }
}
