/**
 * USB from Deno: libusb-1.0 through FFI, the device model the upy USB clients use, waiting for a
 * device to appear, and MicroPython's USB serial port as a board-link transport.
 *
 * ```ts
 * import { openLibUsb, waitForDevice } from "./hal/libusb/mod.ts";
 * const usb = openLibUsb();
 * const rom = await waitForDevice(usb, [{ vendorId: 0x2e8a, productId: 0x0003 }], { timeoutMs: 5000 });
 * await usb.close();
 * ```
 */

export * from "./errors.ts";
export * from "./usb.ts";
export { type LibUsb, type LibUsbVersion, openLibUsb } from "./libusb.ts";
export * from "./wait.ts";
export * from "./cdc.ts";
