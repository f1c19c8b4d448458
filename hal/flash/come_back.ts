/**
 * After flashing: wait for the board to come back running MicroPython, seen as its USB serial
 * port (2E8A:0005, or the generic 2E8A:000A), so the user learns the port to connect to, or
 * learns that the new firmware did not start a USB REPL.
 */

import { MICROPYTHON_USB_IDS } from "../libusb/cdc.ts";
import { matchesFilters, type UsbBackend, type UsbDeviceInfo } from "../libusb/usb.ts";
import { listSerialPorts, type SerialPortInfo } from "../serial/list_ports.ts";

export interface ComeBackOptions {
  usb?: UsbBackend;
  /** Lists tty ports (default: the serial transport's sysfs listing). */
  listPorts?: () => Promise<SerialPortInfo[]>;
  /** Default 15 s: a Pico reboots, starts MicroPython and enumerates in 2-5 s. */
  timeoutMs?: number;
  pollMs?: number;
}

/** Where MicroPython showed up: its tty when the kernel made one, else the USB device. */
export interface MicroPythonPort {
  readonly path?: string;
  readonly device?: UsbDeviceInfo;
}

/** Polls for MicroPython's USB serial port; null when none appeared in time. */
export async function waitForMicroPython(
  options: ComeBackOptions = {},
): Promise<MicroPythonPort | null> {
  const listPorts = options.listPorts ?? (() => listSerialPorts());
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  const isMicroPython = (id: { vendorId?: number; productId?: number }) =>
    MICROPYTHON_USB_IDS.some((known) =>
      known.vendorId === id.vendorId && known.productId === id.productId
    );
  for (;;) {
    const port = (await listPorts().catch(() => [])).find(isMicroPython);
    if (port) return { path: port.path };
    const device = options.usb
      ? (await options.usb.list().catch(() => [])).find((d) =>
        matchesFilters(d, MICROPYTHON_USB_IDS)
      )
      : undefined;
    if (device) return { device };
    if (Date.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}
