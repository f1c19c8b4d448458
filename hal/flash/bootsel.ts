/**
 * Rebooting a running MicroPython board into BOOTSEL mode: `machine.bootloader()` over the board
 * link's raw REPL, then waiting for the boot ROM to show up, as a USB device (2E8A:0003 RP2040,
 * 2E8A:000F RP2350) when libusb is there, or as its mounted drive.
 */

import { type Board, connect, type ConnectOptions } from "../board.ts";
import { matchesFilters, type UsbBackend, type UsbDeviceInfo } from "../libusb/usb.ts";
import { BOOTROM_IDS } from "../picoboot/connection.ts";
import { type BootDrive, findBootDrives } from "./drive.ts";

export interface BootselOptions {
  /** Where to look for the boot ROM's USB device (omit to look only for a drive). */
  usb?: UsbBackend;
  /** How long to wait for the boot ROM (default 15 s). */
  timeoutMs?: number;
  pollMs?: number;
  /** How to find drives (tests replace it). */
  findDrives?: () => Promise<BootDrive[]>;
  connectOptions?: ConnectOptions;
}

/** Where the board reappeared. */
export type BootselResult =
  | { readonly via: "usb"; readonly device: UsbDeviceInfo }
  | { readonly via: "drive"; readonly drive: BootDrive };

/** The board did not support or did not reach BOOTSEL. */
export class BootselError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "BootselError";
  }
}

/**
 * Sends `machine.bootloader()` to the board at `target` (a port name, "auto", or an open Board)
 * and waits for the boot ROM.
 *
 * ```ts
 * const usb = openLibUsb();
 * const where = await rebootToBootsel("/dev/ttyACM0", { usb });
 * ```
 */
export async function rebootToBootsel(
  target: string | Board = "auto",
  options: BootselOptions = {},
): Promise<BootselResult> {
  const board = typeof target === "string" ? await connect(target, options.connectOptions) : target;
  try {
    // One short statement: `machine` may be missing (old or non-rp2 ports), and so may bootloader.
    const has = (await board.exec("print('bootloader' in dir(__import__('machine')))")).trim();
    if (has !== "True") {
      throw new BootselError(
        `${board.description}: this MicroPython has no machine.bootloader(); hold BOOTSEL and replug the board instead`,
      );
    }
    await board.protocol.fireAndForget("import machine\nmachine.bootloader()");
  } finally {
    await board.close().catch(() => {});
  }
  return await waitForBootrom(options);
}

/** Waits for a boot ROM to appear as a USB device or a mounted drive. */
export async function waitForBootrom(options: BootselOptions = {}): Promise<BootselResult> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const pollMs = options.pollMs ?? 250;
  const findDrives = options.findDrives ?? findBootDrives;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (options.usb) {
      const device = (await options.usb.list()).find((d) => matchesFilters(d, BOOTROM_IDS));
      if (device) return { via: "usb", device };
    }
    const [drive] = await findDrives();
    if (drive) return { via: "drive", drive };
    if (Date.now() >= deadline) {
      throw new BootselError(
        `no board in BOOTSEL appeared within ${timeoutMs / 1000} s (looked for ` +
          `${
            options.usb ? "USB device 2e8a:0003 or 2e8a:000f and " : ""
          }a mounted RPI-RP2 or RP2350 drive)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
