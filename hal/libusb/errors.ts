/**
 * USB failures as classes a caller can act on. libusb reports a negative code; `usbErrorFor`
 * turns each code a user can do something about into its own class (device gone, access denied,
 * busy, timed out, endpoint stalled) and keeps libusb's name (`LIBUSB_ERROR_PIPE`) in the message
 * so a bug report still says exactly what the library said.
 */

/** libusb's error codes (libusb.h, `enum libusb_error`). */
export const LIBUSB_SUCCESS = 0;
export const LIBUSB_ERROR_IO = -1;
export const LIBUSB_ERROR_INVALID_PARAM = -2;
export const LIBUSB_ERROR_ACCESS = -3;
export const LIBUSB_ERROR_NO_DEVICE = -4;
export const LIBUSB_ERROR_NOT_FOUND = -5;
export const LIBUSB_ERROR_BUSY = -6;
export const LIBUSB_ERROR_TIMEOUT = -7;
export const LIBUSB_ERROR_OVERFLOW = -8;
export const LIBUSB_ERROR_PIPE = -9;
export const LIBUSB_ERROR_INTERRUPTED = -10;
export const LIBUSB_ERROR_NO_MEM = -11;
export const LIBUSB_ERROR_NOT_SUPPORTED = -12;
export const LIBUSB_ERROR_OTHER = -99;

const codeNames: Record<number, string> = {
  [LIBUSB_ERROR_IO]: "LIBUSB_ERROR_IO",
  [LIBUSB_ERROR_INVALID_PARAM]: "LIBUSB_ERROR_INVALID_PARAM",
  [LIBUSB_ERROR_ACCESS]: "LIBUSB_ERROR_ACCESS",
  [LIBUSB_ERROR_NO_DEVICE]: "LIBUSB_ERROR_NO_DEVICE",
  [LIBUSB_ERROR_NOT_FOUND]: "LIBUSB_ERROR_NOT_FOUND",
  [LIBUSB_ERROR_BUSY]: "LIBUSB_ERROR_BUSY",
  [LIBUSB_ERROR_TIMEOUT]: "LIBUSB_ERROR_TIMEOUT",
  [LIBUSB_ERROR_OVERFLOW]: "LIBUSB_ERROR_OVERFLOW",
  [LIBUSB_ERROR_PIPE]: "LIBUSB_ERROR_PIPE",
  [LIBUSB_ERROR_INTERRUPTED]: "LIBUSB_ERROR_INTERRUPTED",
  [LIBUSB_ERROR_NO_MEM]: "LIBUSB_ERROR_NO_MEM",
  [LIBUSB_ERROR_NOT_SUPPORTED]: "LIBUSB_ERROR_NOT_SUPPORTED",
  [LIBUSB_ERROR_OTHER]: "LIBUSB_ERROR_OTHER",
};

/** libusb's symbolic name for a code, e.g. `LIBUSB_ERROR_PIPE`. */
export function libusbErrorName(code: number): string {
  return codeNames[code] ?? `libusb error ${code}`;
}

/** Base class of every USB failure. `code` is libusb's (0 when the failure is ours). */
export class UsbError extends Error {
  readonly code: number;
  constructor(message: string, code = 0, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsbError";
    this.code = code;
  }
}

/** libusb-1.0 is not installed (or cannot be loaded) on this machine. */
export class LibUsbUnavailableError extends UsbError {
  constructor(detail: string, options?: ErrorOptions) {
    super(
      `libusb-1.0 cannot be loaded (${detail}); install it: apt-get install libusb-1.0-0 ` +
        `(Debian/Ubuntu), dnf install libusb1 (Fedora), brew install libusb (macOS)`,
      0,
      options,
    );
    this.name = "LibUsbUnavailableError";
  }
}

/** No device matches what was asked for (none plugged in, or it never appeared in time). */
export class UsbDeviceNotFoundError extends UsbError {
  /** `message` says what was looked for, e.g. "no board in BOOTSEL mode (2e8a:0003 ...)". */
  constructor(message: string) {
    super(message, LIBUSB_ERROR_NOT_FOUND);
    this.name = "UsbDeviceNotFoundError";
  }
}

/** The device went away (unplugged, rebooted) while it was being used. */
export class UsbDeviceGoneError extends UsbError {
  constructor(what: string, code = LIBUSB_ERROR_NO_DEVICE) {
    super(`${what}: the USB device disconnected`, code);
    this.name = "UsbDeviceGoneError";
  }
}

/** The OS refused access: on Linux install a udev rule or run as root. */
export class UsbAccessError extends UsbError {
  constructor(what: string) {
    super(
      `${what}: permission denied (LIBUSB_ERROR_ACCESS); on Linux add a udev rule giving your ` +
        `user access to VID 2e8a, or run as root`,
      LIBUSB_ERROR_ACCESS,
    );
    this.name = "UsbAccessError";
  }
}

/** Another program (or a kernel driver that cannot be detached) holds the interface. */
export class UsbBusyError extends UsbError {
  constructor(what: string) {
    super(
      `${what}: the interface is in use by another program (LIBUSB_ERROR_BUSY)`,
      LIBUSB_ERROR_BUSY,
    );
    this.name = "UsbBusyError";
  }
}

/** A transfer did not complete within its timeout. */
export class UsbTimeoutError extends UsbError {
  constructor(what: string) {
    super(`${what}: timed out (LIBUSB_ERROR_TIMEOUT)`, LIBUSB_ERROR_TIMEOUT);
    this.name = "UsbTimeoutError";
  }
}

/** The device stalled the endpoint: it refused the request (PICOBOOT does this on a bad command). */
export class UsbStallError extends UsbError {
  constructor(what: string) {
    super(`${what}: the device stalled the endpoint (LIBUSB_ERROR_PIPE)`, LIBUSB_ERROR_PIPE);
    this.name = "UsbStallError";
  }
}

/** The error object for a failed libusb call; `what` says which call on which device. */
export function usbErrorFor(code: number, what: string): UsbError {
  switch (code) {
    case LIBUSB_ERROR_NO_DEVICE:
      return new UsbDeviceGoneError(what);
    case LIBUSB_ERROR_ACCESS:
      return new UsbAccessError(what);
    case LIBUSB_ERROR_BUSY:
      return new UsbBusyError(what);
    case LIBUSB_ERROR_TIMEOUT:
      return new UsbTimeoutError(what);
    case LIBUSB_ERROR_PIPE:
      return new UsbStallError(what);
    case LIBUSB_ERROR_NOT_FOUND:
      return new UsbError(`${what}: not found (LIBUSB_ERROR_NOT_FOUND)`, code);
    default:
      return new UsbError(`${what}: ${libusbErrorName(code)}`, code);
  }
}
