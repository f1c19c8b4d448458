/**
 * A fake RP2040/RP2350 boot ROM behind upy's USB device interface (hal/libusb/usb.ts), for the
 * PICOBOOT tests. It decodes every packet with the same protocol module the flasher uses, checks
 * it the way the ROM does (magic, argument size, transfer length, alignment, address range), logs
 * it for byte-by-byte assertions, and keeps a flash array with NOR semantics: erase sets 0xFF,
 * programming can only clear bits, addresses wrap at the chip size like a real QSPI chip.
 *
 * Stricter than a real ROM in one place, on purpose: erase, write and read are refused with
 * INVALID_STATE until EXIT_XIP has been sent, so a flasher that forgets it fails here.
 *
 * Faults to inject: `vanishAfterWrites` (unplugged after N writes: every call then fails with
 * NO_DEVICE and the device leaves the list), `unresponsive` (never answers an IN transfer: each
 * one waits out its timeout).
 */

import {
  UsbDeviceGoneError,
  UsbDeviceNotFoundError,
  UsbError,
  UsbStallError,
  UsbTimeoutError,
} from "../hal/libusb/errors.ts";
import {
  type ConfigDescriptor,
  type ControlSetup,
  encodeConfigDescriptor,
  parseConfigDescriptor,
  type UsbBackend,
  type UsbDeviceHandle,
  type UsbDeviceInfo,
} from "../hal/libusb/usb.ts";
import {
  argWord,
  COMMAND_ARG_SIZES,
  decodeCommand,
  encodeStatus,
  PAGE_SIZE,
  PC_EXCLUSIVE_ACCESS,
  PC_EXIT_XIP,
  PC_FLASH_ERASE,
  PC_READ,
  PC_REBOOT,
  PC_REBOOT2,
  PC_WRITE,
  PICOBOOT_IF_CMD_STATUS,
  PICOBOOT_IF_RESET,
  type PicobootCommand,
  SECTOR_SIZE,
  STATUS_BAD_ALIGNMENT,
  STATUS_INVALID_ADDRESS,
  STATUS_INVALID_CMD_LENGTH,
  STATUS_INVALID_STATE,
  STATUS_INVALID_TRANSFER_LENGTH,
  STATUS_OK,
  STATUS_UNKNOWN_CMD,
} from "../hal/picoboot/protocol.ts";

const FLASH_START = 0x10000000;
const WINDOW = 0x01000000;
export const PICOBOOT_INTERFACE = 1;
export const EP_OUT = 0x03;
export const EP_IN = 0x84;

export interface FakeRomOptions {
  chip?: "RP2040" | "RP2350";
  flashSize?: number;
  /** Initial flash contents from offset 0 (the rest erased). */
  contents?: Uint8Array;
  vanishAfterWrites?: number;
  unresponsive?: boolean;
}

/** One command as the ROM saw it. */
export interface LoggedCommand {
  readonly raw: Uint8Array;
  readonly command: PicobootCommand;
  data?: Uint8Array;
  status: number;
}

type Phase =
  | { kind: "idle" }
  | { kind: "data-out"; command: PicobootCommand; received: Uint8Array[]; length: number }
  | { kind: "data-in"; command: PicobootCommand; pending: Uint8Array }
  | { kind: "ack-in"; command: PicobootCommand }
  | { kind: "ack-out"; command: PicobootCommand };

export class FakeBootRom implements UsbBackend {
  readonly chip: "RP2040" | "RP2350";
  readonly flash: Uint8Array;
  readonly log: LoggedCommand[] = [];
  readonly controlLog: ControlSetup[] = [];
  readonly info: UsbDeviceInfo;
  gone = false;
  rebooted = false;
  exclusive = 0;
  xipExited = false;
  stalled = false;
  status = { token: 0, statusCode: STATUS_OK, commandId: 0 };
  phase: Phase = { kind: "idle" };
  writes = 0;
  claimed = new Set<number>();
  readonly options: FakeRomOptions;

  constructor(options: FakeRomOptions = {}) {
    this.options = options;
    this.chip = options.chip ?? "RP2040";
    this.flash = new Uint8Array(options.flashSize ?? 2 * 1024 * 1024).fill(0xff);
    if (options.contents) this.flash.set(options.contents);
    this.info = {
      vendorId: 0x2e8a,
      productId: this.chip === "RP2350" ? 0x000f : 0x0003,
      deviceVersion: 0x0100,
      busNumber: 1,
      deviceAddress: 9,
      portPath: "1-2",
    };
  }

  list(): Promise<UsbDeviceInfo[]> {
    return Promise.resolve(this.gone ? [] : [this.info]);
  }

  open(device: UsbDeviceInfo): Promise<UsbDeviceHandle> {
    if (this.gone || device.deviceAddress !== this.info.deviceAddress) {
      return Promise.reject(new UsbDeviceNotFoundError("fake boot ROM is not connected"));
    }
    return Promise.resolve(new FakeRomHandle(this));
  }

  /** The configuration: mass storage on interface 0, PICOBOOT on interface 1. */
  configuration(): ConfigDescriptor {
    return parseConfigDescriptor(encodeConfigDescriptor({
      configurationValue: 1,
      interfaces: [
        {
          interfaceNumber: 0,
          alternateSetting: 0,
          interfaceClass: 0x08,
          interfaceSubclass: 0x06,
          interfaceProtocol: 0x50,
          endpoints: [{ address: 0x81, attributes: 2, maxPacketSize: 64 }, {
            address: 0x02,
            attributes: 2,
            maxPacketSize: 64,
          }],
        },
        {
          interfaceNumber: PICOBOOT_INTERFACE,
          alternateSetting: 0,
          interfaceClass: 0xff,
          interfaceSubclass: 0,
          interfaceProtocol: 0,
          endpoints: [{ address: EP_OUT, attributes: 2, maxPacketSize: 64 }, {
            address: EP_IN,
            attributes: 2,
            maxPacketSize: 64,
          }],
        },
      ],
    }));
  }

  /** Flash offset for an address in the XIP window (wraps at the chip size). */
  offsetOf(address: number): number {
    return (address - FLASH_START) % this.flash.length;
  }

  /** The commands seen, by name id, for compact assertions. */
  commandIds(): number[] {
    return this.log.map((entry) => entry.command.id);
  }

  stall(command: PicobootCommand | null, code: number): never {
    this.stalled = true;
    this.status = { token: command?.token ?? 0, statusCode: code, commandId: command?.id ?? 0 };
    if (this.log.length && command && this.log[this.log.length - 1].command === command) {
      this.log[this.log.length - 1].status = code;
    }
    this.phase = { kind: "idle" };
    throw new UsbStallError("fake boot ROM");
  }

  checkGone(): void {
    if (this.gone) throw new UsbDeviceGoneError("fake boot ROM");
  }

  /** A command packet arrived on the OUT endpoint. */
  receiveCommand(raw: Uint8Array): void {
    const command = decodeCommand(raw);
    if (!command) this.stall(null, STATUS_UNKNOWN_CMD);
    this.log.push({ raw: raw.slice(), command, status: STATUS_OK });
    const expectedArgs = COMMAND_ARG_SIZES[command.id];
    if (expectedArgs === undefined) this.stall(command, STATUS_UNKNOWN_CMD);
    if (command.argSize !== expectedArgs) this.stall(command, STATUS_INVALID_CMD_LENGTH);
    const hasData = command.id === PC_READ || command.id === PC_WRITE;
    if (hasData ? command.transferLength !== argWord(command, 1) : command.transferLength !== 0) {
      this.stall(command, STATUS_INVALID_TRANSFER_LENGTH);
    }
    switch (command.id) {
      case PC_EXCLUSIVE_ACCESS:
        this.exclusive = command.args[0];
        this.phase = { kind: "ack-in", command };
        return;
      case PC_EXIT_XIP:
        this.xipExited = true;
        this.phase = { kind: "ack-in", command };
        return;
      case PC_FLASH_ERASE: {
        const [address, size] = [argWord(command, 0), argWord(command, 1)];
        this.checkFlashAccess(command, address, size, SECTOR_SIZE);
        for (let at = 0; at < size; at += SECTOR_SIZE) {
          const offset = this.offsetOf(address + at);
          this.flash.fill(0xff, offset, offset + SECTOR_SIZE);
        }
        this.phase = { kind: "ack-in", command };
        return;
      }
      case PC_WRITE: {
        const [address, size] = [argWord(command, 0), argWord(command, 1)];
        this.checkFlashAccess(command, address, size, PAGE_SIZE);
        this.phase = { kind: "data-out", command, received: [], length: 0 };
        return;
      }
      case PC_READ: {
        const [address, size] = [argWord(command, 0), argWord(command, 1)];
        this.checkFlashAccess(command, address, size, 1);
        const pending = new Uint8Array(size);
        for (let i = 0; i < size; i++) pending[i] = this.flash[this.offsetOf(address + i)];
        this.phase = { kind: "data-in", command, pending };
        return;
      }
      case PC_REBOOT:
        if (this.chip === "RP2350") this.stall(command, STATUS_UNKNOWN_CMD);
        this.phase = { kind: "ack-in", command };
        return;
      case PC_REBOOT2:
        if (this.chip === "RP2040") this.stall(command, STATUS_UNKNOWN_CMD);
        this.phase = { kind: "ack-in", command };
        return;
      default:
        this.stall(command, STATUS_UNKNOWN_CMD);
    }
  }

  checkFlashAccess(
    command: PicobootCommand,
    address: number,
    size: number,
    alignment: number,
  ): void {
    if (address < FLASH_START || address + size > FLASH_START + WINDOW || size === 0) {
      this.stall(command, STATUS_INVALID_ADDRESS);
    }
    if (address % alignment !== 0 || size % alignment !== 0) {
      this.stall(command, STATUS_BAD_ALIGNMENT);
    }
    if (!this.xipExited) this.stall(command, STATUS_INVALID_STATE);
  }

  /** Bytes for the data phase of a WRITE. */
  receiveData(phase: Extract<Phase, { kind: "data-out" }>, data: Uint8Array): void {
    phase.received.push(data.slice());
    phase.length += data.length;
    const size = phase.command.transferLength;
    if (phase.length < size) return;
    if (phase.length > size) this.stall(phase.command, STATUS_INVALID_TRANSFER_LENGTH);
    const all = new Uint8Array(size);
    let at = 0;
    for (const part of phase.received) {
      all.set(part, at);
      at += part.length;
    }
    this.log[this.log.length - 1].data = all;
    const address = argWord(phase.command, 0);
    for (let i = 0; i < size; i++) this.flash[this.offsetOf(address + i)] &= all[i];
    this.writes++;
    this.phase = { kind: "ack-in", command: phase.command };
    if (
      this.options.vanishAfterWrites !== undefined && this.writes >= this.options.vanishAfterWrites
    ) {
      this.gone = true;
    }
  }

  finish(command: PicobootCommand): void {
    this.status = { token: command.token, statusCode: STATUS_OK, commandId: command.id };
    this.phase = { kind: "idle" };
    if (command.id === PC_REBOOT || command.id === PC_REBOOT2) {
      this.rebooted = true;
      this.gone = true;
    }
  }
}

class FakeRomHandle implements UsbDeviceHandle {
  readonly info: UsbDeviceInfo;
  readonly stringIndexes = { manufacturer: 1, product: 2, serialNumber: 3 };
  readonly #rom: FakeBootRom;
  #closed = false;

  constructor(rom: FakeBootRom) {
    this.#rom = rom;
    this.info = rom.info;
  }

  configuration(): Promise<ConfigDescriptor> {
    return this.#run(() => this.#rom.configuration());
  }

  stringDescriptor(index: number): Promise<string> {
    return this.#run(() =>
      [
        "",
        "Raspberry Pi",
        this.#rom.chip === "RP2040" ? "RP2 Boot" : "RP2350 Boot",
        "E0C9125B0D9B",
      ][index] ?? ""
    );
  }

  claimInterface(interfaceNumber: number): Promise<void> {
    return this.#run(() => void this.#rom.claimed.add(interfaceNumber));
  }

  releaseInterface(interfaceNumber: number): Promise<void> {
    return this.#run(() => void this.#rom.claimed.delete(interfaceNumber));
  }

  controlTransferIn(setup: ControlSetup, length: number): Promise<Uint8Array> {
    return this.#run(() => {
      this.#rom.controlLog.push(setup);
      if (
        setup.requestType === 0xc1 && setup.request === PICOBOOT_IF_CMD_STATUS &&
        setup.index === PICOBOOT_INTERFACE
      ) {
        return encodeStatus({ ...this.#rom.status, inProgress: false }).subarray(0, length);
      }
      throw new UsbStallError("fake boot ROM control IN");
    });
  }

  controlTransferOut(setup: ControlSetup, data: Uint8Array): Promise<number> {
    return this.#run(() => {
      this.#rom.controlLog.push(setup);
      if (
        setup.requestType === 0x41 && setup.request === PICOBOOT_IF_RESET &&
        setup.index === PICOBOOT_INTERFACE
      ) {
        this.#rom.stalled = false;
        this.#rom.phase = { kind: "idle" };
        return data.length;
      }
      throw new UsbStallError("fake boot ROM control OUT");
    });
  }

  async bulkTransferIn(endpoint: number, length: number, timeoutMs: number): Promise<Uint8Array> {
    const rom = this.#rom;
    this.#check(endpoint);
    if (rom.options.unresponsive) {
      await new Promise((resolve) => setTimeout(resolve, timeoutMs));
      throw new UsbTimeoutError("fake boot ROM bulk IN");
    }
    if (rom.stalled) throw new UsbStallError("fake boot ROM bulk IN");
    const phase = rom.phase;
    if (phase.kind === "data-in") {
      const chunk = phase.pending.subarray(0, Math.min(length, phase.pending.length));
      phase.pending = phase.pending.subarray(chunk.length);
      if (phase.pending.length === 0) rom.phase = { kind: "ack-out", command: phase.command };
      return chunk.slice();
    }
    if (phase.kind === "ack-in") {
      rom.finish(phase.command);
      return new Uint8Array(0);
    }
    // Nothing to send: a real device NAKs until the host gives up.
    await new Promise((resolve) => setTimeout(resolve, timeoutMs));
    throw new UsbTimeoutError("fake boot ROM bulk IN (nothing to send)");
  }

  bulkTransferOut(endpoint: number, data: Uint8Array): Promise<number> {
    return this.#run(() => {
      const rom = this.#rom;
      this.#check(endpoint);
      if (rom.stalled) throw new UsbStallError("fake boot ROM bulk OUT");
      const phase = rom.phase;
      if (phase.kind === "idle") rom.receiveCommand(data);
      else if (phase.kind === "data-out") rom.receiveData(phase, data);
      else if (phase.kind === "ack-out" && data.length === 0) rom.finish(phase.command);
      else rom.stall(phase.command, STATUS_INVALID_TRANSFER_LENGTH);
      return data.length;
    });
  }

  clearHalt(): Promise<void> {
    return this.#run(() => {});
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #check(endpoint: number): void {
    if (this.#closed) throw new UsbError("fake boot ROM handle is closed");
    this.#rom.checkGone();
    if ((endpoint & 0x7f) !== (EP_OUT & 0x7f) && endpoint !== EP_IN) {
      throw new UsbError(`no endpoint 0x${endpoint.toString(16)}`);
    }
    if (!this.#rom.claimed.has(PICOBOOT_INTERFACE)) {
      throw new UsbError("interface 1 is not claimed");
    }
  }

  #run<T>(body: () => T): Promise<T> {
    try {
      if (this.#closed) throw new UsbError("fake boot ROM handle is closed");
      this.#rom.checkGone();
      return Promise.resolve(body());
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
