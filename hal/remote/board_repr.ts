/**
 * What a remote board's reprs say about its peripherals.
 *
 * MicroPython's machine objects have no getters for most of their configuration, but their
 * reprs spell it out: `I2C(0, freq=399361, scl=5, sda=4, timeout=50000)`,
 * `Pin(GPIO4, mode=ALT, pull=PULL_UP, alt=I2C)`. The remote HAL reads them back after an init
 * so that what the local program prints (the rounded I2C clock, the default pins a bus took)
 * is what the board did. A repr that does not parse (another port's wording) leaves the
 * values the host asked for.
 */

import { PinMode, PinPull, type PinState } from "../hal.ts";

/** The `key=value` fields of `Name(positional, key=value, ...)`, values as written. */
export function reprFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return fields;
  for (const part of text.slice(open + 1, close).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return fields;
}

/**
 * Overwrites the numeric fields of `into` with those the repr shows (`names` maps the
 * config's field to the repr's key where they differ: timeoutChar is `timeout_char`).
 */
export function numbersFromRepr<T extends object>(
  text: string,
  into: T,
  names: Partial<Record<keyof T, string>> = {},
): T {
  const fields = reprFields(text);
  const out = { ...into } as Record<string, unknown>;
  for (const key of Object.keys(into)) {
    const written = fields.get((names as Record<string, string>)[key] ?? key);
    if (written === undefined) continue;
    if (written === "None") out[key] = null;
    else if (/^-?\d+$/.test(written)) out[key] = Number(written);
  }
  return out as T;
}

const MODES: Record<string, number> = {
  IN: PinMode.IN,
  OUT: PinMode.OUT,
  OPEN_DRAIN: PinMode.OPEN_DRAIN,
  ALT: PinMode.ALT,
  ANALOG: PinMode.ANALOG,
};

/** A Pin's repr as a PinState, or null when the board words it otherwise (a micro:bit). */
export function pinStateFromRepr(text: string): PinState | null {
  if (!text.startsWith("Pin(")) return null;
  const fields = reprFields(text);
  const mode = MODES[fields.get("mode") ?? ""];
  if (mode === undefined) return null;
  let pull = 0;
  for (const name of (fields.get("pull") ?? "").split("|")) {
    if (name === "PULL_UP") pull |= PinPull.UP;
    if (name === "PULL_DOWN") pull |= PinPull.DOWN;
  }
  return { mode, pull, alt: fields.get("alt") ?? null };
}
