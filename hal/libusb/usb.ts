/**
 * The USB device model every upy USB client is written against: a backend lists devices and
 * opens them; an open handle claims interfaces and does control and bulk transfers, each with a
 * timeout and each returning a Promise so the event loop keeps running while the bus works.
 *
 * The real backend is libusb through Deno FFI (`libusb.ts`); the tests put a fake boot ROM or a
 * fake CDC board behind the same two interfaces, so the PICOBOOT flasher and the CDC transport run
 * unchanged against both. Names follow WebUSB where it has one (`vendorId`, `controlTransferIn`).
 *
 * Descriptors are parsed here from the raw bytes of a GET_DESCRIPTOR(CONFIGURATION) reply rather
 * than from libusb's C structs: one parser, the same for the fake and the real device, testable
 * without hardware.
 */

import { UsbError } from "./errors.ts";

/** What can be known about a device without opening it. */
export interface UsbDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  /** bcdDevice: the device's release number (the boot ROM's version on a Pico in BOOTSEL). */
  readonly deviceVersion: number;
  readonly busNumber: number;
  readonly deviceAddress: number;
  /** Port path from the root hub, e.g. `1-4.2`, stable across re-plugs into the same socket. */
  readonly portPath: string;
}

/** A setup packet for a control transfer on endpoint 0. */
export interface ControlSetup {
  /** bmRequestType; `requestType()` builds it. */
  readonly requestType: number;
  readonly request: number;
  readonly value: number;
  readonly index: number;
}

/** An endpoint of an interface (bEndpointAddress has bit 7 set for IN). */
export interface EndpointDescriptor {
  readonly address: number;
  readonly attributes: number;
  readonly maxPacketSize: number;
}

/** One alternate setting of an interface. */
export interface InterfaceDescriptor {
  readonly interfaceNumber: number;
  readonly alternateSetting: number;
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
  readonly endpoints: readonly EndpointDescriptor[];
}

/** A configuration: its value and every interface alternate setting in it. */
export interface ConfigDescriptor {
  readonly configurationValue: number;
  readonly interfaces: readonly InterfaceDescriptor[];
}

/** An opened device. Every method rejects with a `UsbError` subclass, never a JS error. */
export interface UsbDeviceHandle {
  readonly info: UsbDeviceInfo;
  /** The active configuration's descriptors. */
  configuration(): Promise<ConfigDescriptor>;
  /** A string descriptor in ASCII (manufacturer, product, serial); "" when the index is 0. */
  stringDescriptor(index: number): Promise<string>;
  /** The device descriptor's string indexes, for `stringDescriptor`. */
  readonly stringIndexes: { manufacturer: number; product: number; serialNumber: number };
  /** Claims an interface, detaching a kernel driver (cdc_acm, usb-storage) if one holds it. */
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  controlTransferIn(setup: ControlSetup, length: number, timeoutMs: number): Promise<Uint8Array>;
  controlTransferOut(setup: ControlSetup, data: Uint8Array, timeoutMs: number): Promise<number>;
  /** Reads up to `length` bytes; resolves with what one transfer brought (maybe 0 bytes: a ZLP). */
  bulkTransferIn(endpoint: number, length: number, timeoutMs: number): Promise<Uint8Array>;
  /** Writes `data` (empty for a zero-length packet); resolves with the count sent. */
  bulkTransferOut(endpoint: number, data: Uint8Array, timeoutMs: number): Promise<number>;
  clearHalt(endpoint: number): Promise<void>;
  /** Releases claimed interfaces and closes; idempotent. */
  close(): Promise<void>;
}

/** A source of USB devices: libusb, or a fake in tests. */
export interface UsbBackend {
  list(): Promise<UsbDeviceInfo[]>;
  open(device: UsbDeviceInfo): Promise<UsbDeviceHandle>;
}

/** A VID:PID pair to look for. */
export interface UsbFilter {
  readonly vendorId: number;
  readonly productId: number;
}

export const USB_DIR_OUT = 0x00;
export const USB_DIR_IN = 0x80;
export const USB_TYPE_STANDARD = 0x00;
export const USB_TYPE_CLASS = 0x20;
export const USB_TYPE_VENDOR = 0x40;
export const USB_RECIP_DEVICE = 0x00;
export const USB_RECIP_INTERFACE = 0x01;
export const USB_REQUEST_GET_DESCRIPTOR = 0x06;
export const USB_DESCRIPTOR_DEVICE = 0x01;
export const USB_DESCRIPTOR_CONFIGURATION = 0x02;
export const USB_DESCRIPTOR_STRING = 0x03;
export const USB_DESCRIPTOR_INTERFACE = 0x04;
export const USB_DESCRIPTOR_ENDPOINT = 0x05;
export const USB_ENDPOINT_TRANSFER_BULK = 0x02;
export const USB_CLASS_CDC_DATA = 0x0a;
export const USB_CLASS_COMM = 0x02;
export const USB_CLASS_VENDOR = 0xff;

/** `VID:PID` in the usual lower-case hex, e.g. `2e8a:0003`. */
export function formatVidPid(device: UsbFilter): string {
  const hex = (n: number) => n.toString(16).padStart(4, "0");
  return `${hex(device.vendorId)}:${hex(device.productId)}`;
}

/** A one-line description of a device: `2e8a:0003 at bus 1 address 7 (port 1-4)`. */
export function describeDevice(device: UsbDeviceInfo): string {
  return `${formatVidPid(device)} at bus ${device.busNumber} address ${device.deviceAddress}` +
    (device.portPath ? ` (port ${device.portPath})` : "");
}

/** Whether a device matches any of the filters (an empty list matches everything). */
export function matchesFilters(device: UsbDeviceInfo, filters: readonly UsbFilter[]): boolean {
  return filters.length === 0 ||
    filters.some((f) => f.vendorId === device.vendorId && f.productId === device.productId);
}

/**
 * Parses a full configuration descriptor (wTotalLength bytes: the configuration, then its
 * interfaces, each followed by its endpoints, with class-specific descriptors in between that
 * are skipped).
 */
export function parseConfigDescriptor(bytes: Uint8Array): ConfigDescriptor {
  if (bytes.length < 9 || bytes[1] !== USB_DESCRIPTOR_CONFIGURATION) {
    throw new UsbError(`malformed configuration descriptor (${bytes.length} bytes)`);
  }
  const interfaces: InterfaceDescriptor[] = [];
  let current:
    | { head: Omit<InterfaceDescriptor, "endpoints">; endpoints: EndpointDescriptor[] }
    | null = null;
  const flush = () => {
    if (current) interfaces.push({ ...current.head, endpoints: current.endpoints });
  };
  let offset = bytes[0];
  while (offset + 2 <= bytes.length) {
    const length = bytes[offset];
    const type = bytes[offset + 1];
    if (length < 2 || offset + length > bytes.length) {
      throw new UsbError(`malformed descriptor at offset ${offset} of the configuration`);
    }
    if (type === USB_DESCRIPTOR_INTERFACE && length >= 9) {
      flush();
      current = {
        head: {
          interfaceNumber: bytes[offset + 2],
          alternateSetting: bytes[offset + 3],
          interfaceClass: bytes[offset + 5],
          interfaceSubclass: bytes[offset + 6],
          interfaceProtocol: bytes[offset + 7],
        },
        endpoints: [],
      };
    } else if (type === USB_DESCRIPTOR_ENDPOINT && length >= 7 && current) {
      current.endpoints.push({
        address: bytes[offset + 2],
        attributes: bytes[offset + 3],
        maxPacketSize: (bytes[offset + 4] | (bytes[offset + 5] << 8)) & 0x7ff,
      });
    }
    offset += length;
  }
  flush();
  return { configurationValue: bytes[5], interfaces };
}

/** The bulk IN and OUT endpoints of an interface, or null when it lacks either. */
export function bulkEndpoints(
  iface: InterfaceDescriptor,
): { in: EndpointDescriptor; out: EndpointDescriptor } | null {
  const bulk = iface.endpoints.filter((e) => (e.attributes & 0x03) === USB_ENDPOINT_TRANSFER_BULK);
  const inEndpoint = bulk.find((e) => (e.address & USB_DIR_IN) !== 0);
  const outEndpoint = bulk.find((e) => (e.address & USB_DIR_IN) === 0);
  return inEndpoint && outEndpoint ? { in: inEndpoint, out: outEndpoint } : null;
}

/** Builds a configuration descriptor's bytes (used by fakes and tests). */
export function encodeConfigDescriptor(config: ConfigDescriptor): Uint8Array {
  const parts: number[] = [];
  for (const iface of config.interfaces) {
    parts.push(
      9,
      USB_DESCRIPTOR_INTERFACE,
      iface.interfaceNumber,
      iface.alternateSetting,
      iface.endpoints.length,
      iface.interfaceClass,
      iface.interfaceSubclass,
      iface.interfaceProtocol,
      0,
    );
    for (const e of iface.endpoints) {
      parts.push(
        7,
        USB_DESCRIPTOR_ENDPOINT,
        e.address,
        e.attributes,
        e.maxPacketSize & 0xff,
        e.maxPacketSize >> 8,
        0,
      );
    }
  }
  const total = 9 + parts.length;
  const interfaceCount = new Set(config.interfaces.map((i) => i.interfaceNumber)).size;
  return new Uint8Array([
    9,
    USB_DESCRIPTOR_CONFIGURATION,
    total & 0xff,
    total >> 8,
    interfaceCount,
    config.configurationValue,
    0,
    0x80,
    50,
    ...parts,
  ]);
}
