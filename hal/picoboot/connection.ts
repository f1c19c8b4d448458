/**
 * A PICOBOOT session with a board in BOOTSEL: find the boot ROM's vendor interface, claim it, and
 * run commands one at a time (the ROM handles one command at a time).
 *
 * Every transfer has a timeout, so a board that stops answering is a `PicobootTimeoutError`, one
 * that is unplugged or resets a `PicobootDisconnectedError`, and a command the ROM refuses (it
 * stalls the endpoint) a `PicobootCommandError` carrying the ROM's status code, after which the
 * interface is reset so the next command starts clean.
 *
 * ```ts
 * import { openLibUsb } from "../libusb/libusb.ts";
 * import { PicobootConnection } from "./connection.ts";
 * const usb = openLibUsb();
 * const rom = await PicobootConnection.open(usb);
 * await rom.exclusiveAccess();
 * await rom.exitXip();
 * const firstPage = await rom.read(0x10000000, 256);
 * await rom.close();
 * await usb.close();
 * ```
 */

import {
  UsbDeviceGoneError,
  UsbDeviceNotFoundError,
  UsbError,
  UsbStallError,
  UsbTimeoutError,
} from "../libusb/errors.ts";
import {
  bulkEndpoints,
  describeDevice,
  formatVidPid,
  matchesFilters,
  USB_CLASS_VENDOR,
  type UsbBackend,
  type UsbDeviceHandle,
  type UsbDeviceInfo,
} from "../libusb/usb.ts";
import {
  BOOTROM_RP2040,
  BOOTROM_RP2350,
  commandName,
  decodeStatus,
  encodeCommand,
  EXCLUSIVE_AND_EJECT,
  PC_EXCLUSIVE_ACCESS,
  PC_EXIT_XIP,
  PC_FLASH_ERASE,
  PC_READ,
  PC_REBOOT,
  PC_REBOOT2,
  PC_WRITE,
  PICOBOOT_IF_CMD_STATUS,
  PICOBOOT_IF_RESET,
  type PicobootStatus,
  REQUEST_TYPE_IN,
  REQUEST_TYPE_OUT,
  STATUS_SIZE,
  statusName,
  wordArgs,
} from "./protocol.ts";

export type BootRomChip = "RP2040" | "RP2350";

/** Base class of PICOBOOT failures. */
export class PicobootError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PicobootError";
  }
}

/** The boot ROM refused a command; `status` is its status name (e.g. `INVALID_ADDRESS`). */
export class PicobootCommandError extends PicobootError {
  readonly command: string;
  readonly status: string;
  constructor(command: string, status: string, detail: string) {
    super(`${command} ${detail} failed: the boot ROM answered ${status}`);
    this.name = "PicobootCommandError";
    this.command = command;
    this.status = status;
  }
}

/** The board went away in the middle of a command. */
export class PicobootDisconnectedError extends PicobootError {
  constructor(detail: string, options?: ErrorOptions) {
    super(`the board disconnected during ${detail}`, options);
    this.name = "PicobootDisconnectedError";
  }
}

/** The board stopped answering. */
export class PicobootTimeoutError extends PicobootError {
  constructor(detail: string, options?: ErrorOptions) {
    super(`the board did not answer ${detail} in time`, options);
    this.name = "PicobootTimeoutError";
  }
}

export interface PicobootOpenOptions {
  /** Which board (default: the first RP2040 or RP2350 boot ROM found). */
  device?: UsbDeviceInfo;
  /** Timeout of each transfer (default 3000 ms; erases get more). */
  timeoutMs?: number;
}

/** Boot ROM device IDs, both chips. */
export const BOOTROM_IDS = [BOOTROM_RP2040, BOOTROM_RP2350] as const;

/** An open PICOBOOT interface. */
export class PicobootConnection {
  readonly device: UsbDeviceInfo;
  readonly chip: BootRomChip;
  readonly interfaceNumber: number;
  readonly inEndpoint: number;
  readonly outEndpoint: number;
  readonly #handle: UsbDeviceHandle;
  readonly #timeoutMs: number;
  #token = 1;
  #closed = false;

  private constructor(
    handle: UsbDeviceHandle,
    interfaceNumber: number,
    inEndpoint: number,
    outEndpoint: number,
    timeoutMs: number,
  ) {
    this.#handle = handle;
    this.device = handle.info;
    this.chip = handle.info.productId === BOOTROM_RP2350.productId ? "RP2350" : "RP2040";
    this.interfaceNumber = interfaceNumber;
    this.inEndpoint = inEndpoint;
    this.outEndpoint = outEndpoint;
    this.#timeoutMs = timeoutMs;
  }

  /** Finds a board in BOOTSEL, claims its PICOBOOT interface and resets it. */
  static async open(
    backend: UsbBackend,
    options: PicobootOpenOptions = {},
  ): Promise<PicobootConnection> {
    const device = options.device ??
      (await backend.list()).find((d) => matchesFilters(d, BOOTROM_IDS));
    if (!device) {
      throw new UsbDeviceNotFoundError(
        `no board in BOOTSEL mode (${
          BOOTROM_IDS.map(formatVidPid).join(" or ")
        }); hold BOOTSEL while ` +
          `plugging the board in, or run \`bootloader\` to reboot a running MicroPython into it`,
      );
    }
    const handle = await backend.open(device);
    try {
      const config = await handle.configuration();
      const iface = config.interfaces.find((i) =>
        i.interfaceClass === USB_CLASS_VENDOR && bulkEndpoints(i)
      );
      if (!iface) {
        throw new PicobootError(
          `${
            describeDevice(device)
          } has no PICOBOOT interface (it may be disabled in OTP, or this is not a boot ROM)`,
        );
      }
      await handle.claimInterface(iface.interfaceNumber);
      const endpoints = bulkEndpoints(iface)!;
      const connection = new PicobootConnection(
        handle,
        iface.interfaceNumber,
        endpoints.in.address,
        endpoints.out.address,
        options.timeoutMs ?? 3000,
      );
      await connection.resetInterface();
      return connection;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** USB strings of the boot ROM (manufacturer, product, serial: the board's flash unique ID). */
  async strings(): Promise<{ manufacturer: string; product: string; serialNumber: string }> {
    const indexes = this.#handle.stringIndexes;
    const read = (index: number) => this.#handle.stringDescriptor(index).catch(() => "");
    return {
      manufacturer: await read(indexes.manufacturer),
      product: await read(indexes.product),
      serialNumber: await read(indexes.serialNumber),
    };
  }

  /** Clears stalls and aborts any half-done command (the RESET control request). */
  async resetInterface(): Promise<void> {
    await this.#usb("resetting the PICOBOOT interface", () =>
      this.#handle.controlTransferOut(
        {
          requestType: REQUEST_TYPE_OUT,
          request: PICOBOOT_IF_RESET,
          value: 0,
          index: this.interfaceNumber,
        },
        new Uint8Array(0),
        this.#timeoutMs,
      ));
    await this.#handle.clearHalt(this.inEndpoint).catch(() => {});
    await this.#handle.clearHalt(this.outEndpoint).catch(() => {});
  }

  /** The status of the last command (GET_COMMAND_STATUS). */
  async status(): Promise<PicobootStatus> {
    const bytes = await this.#usb(
      "reading the command status",
      () =>
        this.#handle.controlTransferIn(
          {
            requestType: REQUEST_TYPE_IN,
            request: PICOBOOT_IF_CMD_STATUS,
            value: 0,
            index: this.interfaceNumber,
          },
          STATUS_SIZE,
          this.#timeoutMs,
        ),
    );
    return decodeStatus(bytes);
  }

  /** Takes the flash from the mass-storage drive (and ejects the drive by default). */
  async exclusiveAccess(mode = EXCLUSIVE_AND_EJECT): Promise<void> {
    await this.#command(PC_EXCLUSIVE_ACCESS, new Uint8Array([mode]), 0, `(mode ${mode})`);
  }

  /** Leaves execute-in-place mode so the flash can be erased and programmed. */
  async exitXip(): Promise<void> {
    await this.#command(PC_EXIT_XIP, new Uint8Array(0), 0, "");
  }

  /** Erases `size` bytes from `address` (both multiples of 4096). */
  async erase(address: number, size: number): Promise<void> {
    // Erasing takes tens of milliseconds per sector before the ROM acknowledges.
    const timeout = this.#timeoutMs + Math.ceil(size / 4096) * 100;
    await this.#command(
      PC_FLASH_ERASE,
      wordArgs(address, size),
      0,
      range(address, size),
      undefined,
      timeout,
    );
  }

  /** Programs `data` at `address` (a multiple of 256, onto erased flash). */
  async write(address: number, data: Uint8Array): Promise<void> {
    await this.#command(
      PC_WRITE,
      wordArgs(address, data.length),
      data.length,
      range(address, data.length),
      data,
    );
  }

  /** Reads `size` bytes from `address`. */
  async read(address: number, size: number): Promise<Uint8Array> {
    return (await this.#command(PC_READ, wordArgs(address, size), size, range(address, size)))!;
  }

  /** Reboots into the flashed program after `delayMs`. */
  async reboot(delayMs = 500): Promise<void> {
    if (this.chip === "RP2350") {
      await this.#command(PC_REBOOT2, wordArgs(0, delayMs, 0, 0), 0, "");
    } else {
      // pc 0 means "boot normally"; sp is the top of SRAM.
      await this.#command(PC_REBOOT, wordArgs(0, 0x20042000, delayMs), 0, "");
    }
  }

  /** Releases the interface and closes the device; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#handle.close();
  }

  /**
   * One command: the packet, the data phase if any, then the acknowledgement in the opposite
   * direction. Resolves with the IN data for an IN command.
   */
  async #command(
    id: number,
    args: Uint8Array,
    transferLength: number,
    detail: string,
    data?: Uint8Array,
    ackTimeoutMs = this.#timeoutMs,
  ): Promise<Uint8Array | undefined> {
    if (this.#closed) throw new PicobootError("the PICOBOOT connection is closed");
    const token = this.#token++;
    const name = commandName(id);
    const what = detail ? `${name} ${detail}` : name;
    const isIn = (id & 0x80) !== 0;
    try {
      await this.#handle.bulkTransferOut(
        this.outEndpoint,
        encodeCommand(token, id, transferLength, args),
        this.#timeoutMs,
      );
      let result: Uint8Array | undefined;
      if (transferLength > 0 && isIn) {
        result = new Uint8Array(transferLength);
        let received = 0;
        while (received < transferLength) {
          const chunk = await this.#handle.bulkTransferIn(
            this.inEndpoint,
            transferLength - received,
            this.#timeoutMs,
          );
          if (chunk.length === 0) {
            throw new PicobootError(
              `${what}: the board sent ${received} of ${transferLength} bytes`,
            );
          }
          result.set(chunk, received);
          received += chunk.length;
        }
      } else if (transferLength > 0) {
        let sent = 0;
        while (sent < transferLength) {
          sent += await this.#handle.bulkTransferOut(
            this.outEndpoint,
            data!.subarray(sent),
            this.#timeoutMs,
          );
        }
      }
      if (isIn) {
        await this.#handle.bulkTransferOut(this.outEndpoint, new Uint8Array(0), ackTimeoutMs);
      } else {
        const ack = await this.#handle.bulkTransferIn(this.inEndpoint, 1, ackTimeoutMs);
        if (ack.length !== 0) {
          throw new PicobootError(
            `${what}: expected an empty acknowledgement, got ${ack.length} bytes`,
          );
        }
      }
      return result;
    } catch (error) {
      throw await this.#explain(error, what);
    }
  }

  /** Turns a USB failure during `what` into the PICOBOOT error a user can act on. */
  async #explain(error: unknown, what: string): Promise<Error> {
    if (error instanceof PicobootError) return error;
    if (error instanceof UsbDeviceGoneError) {
      return new PicobootDisconnectedError(what, { cause: error });
    }
    if (error instanceof UsbTimeoutError) return new PicobootTimeoutError(what, { cause: error });
    if (error instanceof UsbStallError) {
      try {
        const status = await this.status();
        await this.resetInterface();
        const [name, ...rest] = what.split(" ");
        return new PicobootCommandError(name, statusName(status.statusCode), rest.join(" "));
      } catch (inner) {
        return inner instanceof Error ? inner : new PicobootError(String(inner));
      }
    }
    if (error instanceof UsbError) {
      return new PicobootError(`${what}: ${error.message}`, { cause: error });
    }
    return error instanceof Error ? error : new PicobootError(String(error));
  }

  /** A control request outside a command, with the same error mapping. */
  async #usb<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof UsbDeviceGoneError) {
        throw new PicobootDisconnectedError(what, { cause: error });
      }
      if (error instanceof UsbTimeoutError) throw new PicobootTimeoutError(what, { cause: error });
      throw error;
    }
  }
}

function range(address: number, size: number): string {
  return `0x${address.toString(16).padStart(8, "0")}+${size}`;
}
