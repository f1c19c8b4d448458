/**
 * Waiting for a USB device to appear (a Pico rebooting into BOOTSEL, or back into MicroPython).
 *
 * libusb's hotplug callbacks need an event thread and are missing on some platforms (Windows),
 * so this polls the device list instead: enumeration is a cheap in-memory walk, and a Pico takes
 * a second or more to re-enumerate, so a 200 ms poll costs nothing that matters. Always bounded by
 * a timeout and an optional AbortSignal.
 */

import { UsbDeviceNotFoundError } from "./errors.ts";
import {
  formatVidPid,
  matchesFilters,
  type UsbBackend,
  type UsbDeviceInfo,
  type UsbFilter,
} from "./usb.ts";

export interface WaitForDeviceOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** How often to look (default 200 ms). */
  pollMs?: number;
  signal?: AbortSignal;
}

/** The first device matching `filters`, waiting for one to be plugged in or to re-enumerate. */
export async function waitForDevice(
  backend: UsbBackend,
  filters: readonly UsbFilter[],
  options: WaitForDeviceOptions = {},
): Promise<UsbDeviceInfo> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const found = (await backend.list()).find((device) => matchesFilters(device, filters));
    if (found) return found;
    if (Date.now() >= deadline) {
      throw new UsbDeviceNotFoundError(
        `no USB device ${filters.map(formatVidPid).join(" or ")} appeared within ${timeoutMs} ms`,
      );
    }
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), options.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
