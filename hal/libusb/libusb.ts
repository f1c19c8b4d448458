/**
 * The real USB backend: libusb-1.0 through Deno FFI (see `ffi.ts` for why transfers run as
 * nonblocking calls).
 *
 * Devices are identified by plain data (`UsbDeviceInfo`), not by libusb pointers: `open` lists
 * the bus again and opens the device at the same bus and address, so an info object can be kept,
 * printed and compared freely, and a device that went away is a clean `UsbDeviceNotFoundError`.
 *
 * ```ts
 * import { openLibUsb } from "./libusb.ts";
 * const usb = openLibUsb();
 * console.log(await usb.list()); // [] with nothing plugged in
 * usb.close();
 * ```
 */

import {
  type LibUsbLibrary,
  type LibUsbSymbols,
  loadLibUsb,
  pointerFrom,
  pointerSlot,
} from "./ffi.ts";
import {
  LIBUSB_ERROR_NOT_SUPPORTED,
  LIBUSB_ERROR_TIMEOUT,
  libusbErrorName,
  UsbDeviceNotFoundError,
  UsbError,
  usbErrorFor,
} from "./errors.ts";
import {
  type ConfigDescriptor,
  type ControlSetup,
  describeDevice,
  parseConfigDescriptor,
  USB_DESCRIPTOR_CONFIGURATION,
  USB_DIR_IN,
  USB_REQUEST_GET_DESCRIPTOR,
  type UsbBackend,
  type UsbDeviceHandle,
  type UsbDeviceInfo,
} from "./usb.ts";

/** libusb's own version, e.g. `1.0.26`. */
export interface LibUsbVersion {
  major: number;
  minor: number;
  micro: number;
  nano: number;
}

/** A libusb context: list and open devices; `close()` when done (closes open handles too). */
export class LibUsb implements UsbBackend {
  readonly #library: LibUsbLibrary;
  readonly #usb: LibUsbSymbols;
  readonly #context: Deno.PointerValue;
  readonly #handles = new Set<LibUsbDeviceHandle>();
  #closed = false;

  constructor() {
    const library = loadLibUsb();
    this.#library = library;
    this.#usb = library.symbols;
    const slot = pointerSlot();
    const code = this.#usb.libusb_init(new Uint8Array(slot.buffer));
    if (code !== 0) {
      library.close();
      throw usbErrorFor(code, "libusb_init");
    }
    this.#context = pointerFrom(slot);
  }

  /** The loaded library's version. */
  get version(): LibUsbVersion {
    const view = new Deno.UnsafePointerView(this.#usb.libusb_get_version()!);
    return {
      major: view.getUint16(0),
      minor: view.getUint16(2),
      micro: view.getUint16(4),
      nano: view.getUint16(6),
    };
  }

  /** libusb's name for an error code, asked of the library itself. */
  errorName(code: number): string {
    const name = this.#usb.libusb_error_name(code);
    return name ? Deno.UnsafePointerView.getCString(name) : libusbErrorName(code);
  }

  // deno-lint-ignore require-await -- async so that every failure is a rejection, never a throw
  async list(): Promise<UsbDeviceInfo[]> {
    this.#checkOpen();
    return this.#withDeviceList((devices) => devices.map(([, info]) => info));
  }

  // deno-lint-ignore require-await -- async so that every failure is a rejection, never a throw
  async open(device: UsbDeviceInfo): Promise<UsbDeviceHandle> {
    this.#checkOpen();
    const slot = pointerSlot();
    const code = this.#withDeviceList((devices) => {
      const match = devices.find(([, info]) =>
        info.busNumber === device.busNumber && info.deviceAddress === device.deviceAddress &&
        info.vendorId === device.vendorId && info.productId === device.productId
      );
      if (!match) {
        throw new UsbDeviceNotFoundError(`${describeDevice(device)} is not connected`);
      }
      // Opened while the list still holds a reference to the device.
      return this.#usb.libusb_open(match[0], new Uint8Array(slot.buffer));
    });
    if (code !== 0) throw usbErrorFor(code, `opening ${describeDevice(device)}`);
    const pointer = pointerFrom(slot);
    const autoDetach = this.#usb.libusb_set_auto_detach_kernel_driver(pointer, 1);
    if (autoDetach !== 0 && autoDetach !== LIBUSB_ERROR_NOT_SUPPORTED) {
      this.#usb.libusb_close(pointer);
      throw usbErrorFor(autoDetach, `${describeDevice(device)}: detaching kernel drivers`);
    }
    const descriptor = this.#deviceDescriptorOf(device);
    const handle = new LibUsbDeviceHandle(
      this.#usb,
      pointer,
      device,
      descriptor,
      () => this.#handles.delete(handle),
    );
    this.#handles.add(handle);
    return handle;
  }

  /** Closes every handle still open, then the context and the library. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const handle of [...this.#handles]) await handle.close();
    this.#usb.libusb_exit(this.#context);
    this.#library.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new UsbError("libusb context is closed");
  }

  #deviceDescriptorOf(device: UsbDeviceInfo): Uint8Array {
    return this.#withDeviceList((devices) => {
      const match = devices.find(([, info]) =>
        info.busNumber === device.busNumber && info.deviceAddress === device.deviceAddress
      );
      const bytes = new Uint8Array(18);
      if (match) this.#usb.libusb_get_device_descriptor(match[0], bytes);
      return bytes;
    });
  }

  /** Runs `body` with the current device list, freeing the list (and its references) after. */
  #withDeviceList<T>(body: (devices: [Deno.PointerValue, UsbDeviceInfo][]) => T): T {
    const slot = pointerSlot();
    const count = Number(
      this.#usb.libusb_get_device_list(this.#context, new Uint8Array(slot.buffer)),
    );
    if (count < 0) throw usbErrorFor(count, "libusb_get_device_list");
    const list = pointerFrom(slot);
    try {
      const view = new Deno.UnsafePointerView(list!);
      const devices: [Deno.PointerValue, UsbDeviceInfo][] = [];
      for (let i = 0; i < count; i++) {
        const pointer = Deno.UnsafePointer.create(view.getBigUint64(i * 8));
        devices.push([pointer, this.#infoOf(pointer)]);
      }
      return body(devices);
    } finally {
      this.#usb.libusb_free_device_list(list, 1);
    }
  }

  #infoOf(device: Deno.PointerValue): UsbDeviceInfo {
    // struct libusb_device_descriptor: 18 bytes, naturally aligned, little-endian fields.
    const descriptor = new Uint8Array(18);
    const code = this.#usb.libusb_get_device_descriptor(device, descriptor);
    if (code !== 0) throw usbErrorFor(code, "libusb_get_device_descriptor");
    const fields = new DataView(descriptor.buffer);
    const ports = new Uint8Array(8);
    const depth = this.#usb.libusb_get_port_numbers(device, ports, ports.length);
    const busNumber = this.#usb.libusb_get_bus_number(device);
    return {
      vendorId: fields.getUint16(8, true),
      productId: fields.getUint16(10, true),
      deviceVersion: fields.getUint16(12, true),
      busNumber,
      deviceAddress: this.#usb.libusb_get_device_address(device),
      portPath: depth > 0 ? `${busNumber}-${[...ports.subarray(0, depth)].join(".")}` : "",
    };
  }
}

/** An open libusb device. Transfers in flight are awaited by `close()` before the handle goes. */
class LibUsbDeviceHandle implements UsbDeviceHandle {
  readonly info: UsbDeviceInfo;
  readonly stringIndexes: { manufacturer: number; product: number; serialNumber: number };
  readonly #usb: LibUsbSymbols;
  readonly #handle: Deno.PointerValue;
  readonly #claimed = new Set<number>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #onClose: () => void;
  #closed = false;

  constructor(
    usb: LibUsbSymbols,
    handle: Deno.PointerValue,
    info: UsbDeviceInfo,
    deviceDescriptor: Uint8Array,
    onClose: () => void,
  ) {
    this.#usb = usb;
    this.#handle = handle;
    this.info = info;
    this.stringIndexes = {
      manufacturer: deviceDescriptor[14],
      product: deviceDescriptor[15],
      serialNumber: deviceDescriptor[16],
    };
    this.#onClose = onClose;
  }

  async configuration(): Promise<ConfigDescriptor> {
    const setup = {
      requestType: USB_DIR_IN,
      request: USB_REQUEST_GET_DESCRIPTOR,
      value: USB_DESCRIPTOR_CONFIGURATION << 8,
      index: 0,
    };
    const head = await this.controlTransferIn(setup, 9, 1000);
    if (head.length < 4) {
      throw new UsbError(`${describeDevice(this.info)}: short configuration descriptor`);
    }
    const total = head[2] | (head[3] << 8);
    return parseConfigDescriptor(await this.controlTransferIn(setup, total, 1000));
  }

  async stringDescriptor(index: number): Promise<string> {
    if (index === 0) return "";
    const buffer = new Uint8Array(256);
    const length = await this.#track(
      this.#usb.libusb_get_string_descriptor_ascii(this.#live(), index, buffer, buffer.length),
    );
    if (length < 0) {
      throw usbErrorFor(length, `${describeDevice(this.info)}: string descriptor ${index}`);
    }
    return new TextDecoder().decode(buffer.subarray(0, length));
  }

  async claimInterface(interfaceNumber: number): Promise<void> {
    const code = await this.#track(this.#usb.libusb_claim_interface(this.#live(), interfaceNumber));
    if (code !== 0) {
      throw usbErrorFor(
        code,
        `${describeDevice(this.info)}: claiming interface ${interfaceNumber}`,
      );
    }
    this.#claimed.add(interfaceNumber);
  }

  async releaseInterface(interfaceNumber: number): Promise<void> {
    if (!this.#claimed.delete(interfaceNumber)) return;
    const code = await this.#track(
      this.#usb.libusb_release_interface(this.#live(), interfaceNumber),
    );
    if (code !== 0 && code !== -4) {
      throw usbErrorFor(
        code,
        `${describeDevice(this.info)}: releasing interface ${interfaceNumber}`,
      );
    }
  }

  async controlTransferIn(
    setup: ControlSetup,
    length: number,
    timeoutMs: number,
  ): Promise<Uint8Array> {
    const buffer = new Uint8Array(length);
    const code = await this.#control(setup, buffer, timeoutMs);
    return buffer.slice(0, code);
  }

  controlTransferOut(setup: ControlSetup, data: Uint8Array, timeoutMs: number): Promise<number> {
    return this.#control(setup, data.slice(), timeoutMs);
  }

  async bulkTransferIn(endpoint: number, length: number, timeoutMs: number): Promise<Uint8Array> {
    const buffer = new Uint8Array(length);
    const count = await this.#bulk(endpoint | USB_DIR_IN, buffer, timeoutMs);
    return buffer.slice(0, count);
  }

  bulkTransferOut(endpoint: number, data: Uint8Array, timeoutMs: number): Promise<number> {
    return this.#bulk(endpoint & 0x7f, data.slice(), timeoutMs);
  }

  async clearHalt(endpoint: number): Promise<void> {
    const code = await this.#track(this.#usb.libusb_clear_halt(this.#live(), endpoint));
    if (code !== 0) {
      throw usbErrorFor(
        code,
        `${describeDevice(this.info)}: clearing halt on endpoint ${endpoint}`,
      );
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight]);
    for (const interfaceNumber of this.#claimed) {
      await this.#usb.libusb_release_interface(this.#handle, interfaceNumber);
    }
    this.#claimed.clear();
    this.#usb.libusb_close(this.#handle);
    this.#onClose();
  }

  async #control(setup: ControlSetup, buffer: Uint8Array, timeoutMs: number): Promise<number> {
    const code = await this.#track(this.#usb.libusb_control_transfer(
      this.#live(),
      setup.requestType,
      setup.request,
      setup.value,
      setup.index,
      buffer,
      buffer.length,
      timeoutMs,
    ));
    if (code < 0) {
      throw usbErrorFor(
        code,
        `${describeDevice(this.info)}: control request 0x${setup.request.toString(16)}`,
      );
    }
    return code;
  }

  async #bulk(endpoint: number, buffer: Uint8Array, timeoutMs: number): Promise<number> {
    const transferred = new Int32Array(1);
    const code = await this.#track(this.#usb.libusb_bulk_transfer(
      this.#live(),
      endpoint,
      buffer,
      buffer.length,
      new Uint8Array(transferred.buffer),
      timeoutMs,
    ));
    // A transfer that timed out part-way still moved `transferred` bytes: hand those over (the
    // caller reads or writes the rest) rather than dropping data that did cross the bus.
    const partial = code === LIBUSB_ERROR_TIMEOUT && transferred[0] > 0;
    if (code !== 0 && !partial) {
      const direction = endpoint & USB_DIR_IN ? "IN" : "OUT";
      throw usbErrorFor(
        code,
        `${describeDevice(this.info)}: bulk ${direction} on endpoint 0x${endpoint.toString(16)}`,
      );
    }
    return transferred[0];
  }

  #live(): Deno.PointerValue {
    if (this.#closed) {
      throw new UsbError(`${describeDevice(this.info)}: the device handle is closed`);
    }
    return this.#handle;
  }

  /** Keeps a running call's promise so `close()` can wait for it (the handle must outlive it). */
  #track<T>(call: Promise<T>): Promise<T> {
    this.#inFlight.add(call);
    return call.finally(() => this.#inFlight.delete(call));
  }
}

/** Opens a libusb context (throws `LibUsbUnavailableError` when the library is missing). */
export function openLibUsb(): LibUsb {
  return new LibUsb();
}
