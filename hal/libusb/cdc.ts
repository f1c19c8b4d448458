/**
 * MicroPython's USB serial port spoken directly over libusb: the CDC-ACM data interface's two
 * bulk endpoints, with no kernel tty in between. Useful where the kernel's cdc_acm driver is
 * absent (containers, some BSDs) or where a program wants the board by VID:PID, not by tty name.
 *
 * MicroPython's rp2 port enumerates as 2E8A:0005 (and some boards as the generic 2E8A:000A); its
 * TinyUSB stack only sends REPL output once the host raises DTR, so opening sets the line coding
 * and raises DTR and RTS like a terminal program would.
 *
 * It is a board-link `Transport` (hal/transport.ts), so `connect()` can be handed one directly,
 * and it fails with the transport errors: `PortNotFoundError` when no board is plugged in,
 * `PortBusyError`, `PortAccessError`, and `PortVanishedError` when the board is unplugged.
 *
 * ```ts
 * import { openLibUsb } from "./libusb.ts";
 * import { openCdcTransport } from "./cdc.ts";
 * const usb = openLibUsb();
 * const link = await openCdcTransport(usb);        // first MicroPython board found
 * await link.writable.getWriter().write(new TextEncoder().encode("\x03"));
 * await link.close();
 * await usb.close();
 * ```
 */

import {
  PortAccessError,
  PortBusyError,
  PortNotFoundError,
  PortVanishedError,
  type Transport,
  TransportClosedError,
  TransportError,
} from "../transport.ts";
import {
  UsbAccessError,
  UsbBusyError,
  UsbDeviceGoneError,
  UsbError,
  UsbTimeoutError,
} from "./errors.ts";
import { openLibUsb } from "./libusb.ts";
import {
  bulkEndpoints,
  describeDevice,
  formatVidPid,
  matchesFilters,
  USB_CLASS_CDC_DATA,
  USB_CLASS_COMM,
  USB_RECIP_INTERFACE,
  USB_TYPE_CLASS,
  type UsbBackend,
  type UsbDeviceHandle,
  type UsbDeviceInfo,
  type UsbFilter,
} from "./usb.ts";

/** MicroPython's rp2 USB serial device IDs. */
export const MICROPYTHON_USB_IDS: readonly UsbFilter[] = [
  { vendorId: 0x2e8a, productId: 0x0005 },
  { vendorId: 0x2e8a, productId: 0x000a },
];

const CDC_SET_LINE_CODING = 0x20;
const CDC_SET_CONTROL_LINE_STATE = 0x22;
const DTR = 0x01;
const RTS = 0x02;
/** Short reads so `close()` never waits long for the read loop to notice. */
const READ_TIMEOUT_MS = 100;
const WRITE_TIMEOUT_MS = 2000;

export interface CdcOptions {
  /** Which device (default: the first one matching `MICROPYTHON_USB_IDS`). */
  device?: UsbDeviceInfo;
  filters?: readonly UsbFilter[];
  /** Nominal baud rate sent with SET_LINE_CODING (USB CDC ignores it for speed; default 115200). */
  baudRate?: number;
}

/** An open CDC-ACM link. */
export interface CdcTransport extends Transport {
  readonly description: string;
}

/** Finds a MicroPython board's USB serial interface, claims it, and returns a byte stream to it. */
export async function openCdcTransport(
  backend: UsbBackend,
  options: CdcOptions = {},
): Promise<CdcTransport> {
  const filters = options.filters ?? MICROPYTHON_USB_IDS;
  const device = options.device ?? (await backend.list()).find((d) => matchesFilters(d, filters));
  if (!device) {
    throw new PortNotFoundError(
      "usb",
      `no MicroPython board on USB (${filters.map(formatVidPid).join(", ")})`,
    );
  }
  const port = `usb:${formatVidPid(device)}`;
  const handle = await backend.open(device).catch((error) => {
    throw asTransportError(error, port);
  });
  try {
    const config = await handle.configuration();
    const data = config.interfaces.find((i) =>
      i.interfaceClass === USB_CLASS_CDC_DATA && bulkEndpoints(i)
    );
    if (!data) throw new UsbError(`${describeDevice(device)} has no CDC data interface`);
    const comm = config.interfaces.find((i) => i.interfaceClass === USB_CLASS_COMM);
    const controlInterface = comm?.interfaceNumber ?? data.interfaceNumber;
    if (comm) await handle.claimInterface(comm.interfaceNumber);
    await handle.claimInterface(data.interfaceNumber);
    const classRequest = (request: number, value: number, payload: Uint8Array) =>
      handle.controlTransferOut(
        {
          requestType: USB_TYPE_CLASS | USB_RECIP_INTERFACE,
          request,
          value,
          index: controlInterface,
        },
        payload,
        1000,
      );
    const coding = new Uint8Array(7);
    new DataView(coding.buffer).setUint32(0, options.baudRate ?? 115200, true);
    coding[6] = 8; // 8 data bits, 1 stop bit, no parity
    await classRequest(CDC_SET_LINE_CODING, 0, coding);
    await classRequest(CDC_SET_CONTROL_LINE_STATE, DTR | RTS, new Uint8Array(0));
    const endpoints = bulkEndpoints(data)!;
    return new CdcLink(
      handle,
      endpoints.in.address,
      endpoints.out.address,
      endpoints.in.maxPacketSize,
    );
  } catch (error) {
    await handle.close();
    throw asTransportError(error, port);
  }
}

/**
 * Opens libusb and the first MicroPython board on it; closing the link closes libusb too. What
 * `connect("usb")` would use.
 */
export async function openUsbTransport(options: CdcOptions = {}): Promise<CdcTransport> {
  let usb;
  try {
    usb = openLibUsb();
  } catch (error) {
    throw new PortNotFoundError("usb", (error as Error).message, { cause: error });
  }
  try {
    const link = await openCdcTransport(usb, options);
    return {
      readable: link.readable,
      writable: link.writable,
      description: link.description,
      close: async () => {
        await link.close();
        await usb.close();
      },
    };
  } catch (error) {
    await usb.close();
    throw error;
  }
}

/** The transport error for a USB failure, so the board link reports it like any other port. */
function asTransportError(error: unknown, port: string): Error {
  if (error instanceof TransportError) return error;
  if (error instanceof UsbDeviceGoneError) {
    return new PortVanishedError(port, undefined, { cause: error });
  }
  if (error instanceof UsbBusyError) return new PortBusyError(port, undefined, { cause: error });
  if (error instanceof UsbAccessError) {
    return new PortAccessError(port, error.message, { cause: error });
  }
  if (error instanceof UsbError) {
    return new TransportError(`${port}: ${error.message}`, port, { cause: error });
  }
  return error instanceof Error ? error : new TransportError(String(error), port);
}

class CdcLink implements CdcTransport {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly description: string;
  readonly #handle: UsbDeviceHandle;
  #closed = false;
  #reading: Promise<void> = Promise.resolve();

  constructor(
    handle: UsbDeviceHandle,
    inEndpoint: number,
    outEndpoint: number,
    packetSize: number,
  ) {
    this.#handle = handle;
    this.description = `usb:${describeDevice(handle.info)}`;
    const readSize = Math.max(64, packetSize) * 8;
    this.readable = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        const step = this.#readOnce(inEndpoint, readSize).then(
          (chunk) => {
            if (chunk === null) controller.close();
            else controller.enqueue(chunk);
          },
          (error) => controller.error(error),
        );
        this.#reading = step;
        return step;
      },
      cancel: () => this.close(),
    }, { highWaterMark: 0 });
    this.writable = new WritableStream<Uint8Array>({
      write: async (chunk) => {
        let sent = 0;
        while (sent < chunk.length) {
          if (this.#closed) throw new TransportClosedError(this.description);
          try {
            sent += await handle.bulkTransferOut(
              outEndpoint,
              chunk.subarray(sent),
              WRITE_TIMEOUT_MS,
            );
          } catch (error) {
            throw this.#linkError(error);
          }
        }
      },
      close: () => this.close(),
      abort: () => this.close(),
    });
  }

  /** One non-empty chunk, or null once closed; a read timeout just means "nothing yet". */
  async #readOnce(endpoint: number, size: number): Promise<Uint8Array | null> {
    while (!this.#closed) {
      try {
        const chunk = await this.#handle.bulkTransferIn(endpoint, size, READ_TIMEOUT_MS);
        if (chunk.length > 0) return chunk;
      } catch (error) {
        if (error instanceof UsbTimeoutError) continue;
        if (this.#closed) return null;
        throw this.#linkError(error);
      }
    }
    return null;
  }

  #linkError(error: unknown): Error {
    return asTransportError(error, this.description);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#reading.catch(() => {});
    await this.#handle.close();
  }
}
