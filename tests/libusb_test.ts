/**
 * The libusb binding against the real libusb-1.0 (init, version, enumeration, "no device" paths;
 * this machine has no USB devices, so an empty list is the right answer), the descriptor parser
 * on a MicroPython-shaped configuration, and the CDC-ACM transport over a fake USB board.
 *
 * When libusb-1.0 is missing the real-library tests install it if running as root with apt-get,
 * and otherwise are skipped with a message saying how to install it.
 */

import { withQemuBoard } from "./board_qemu.ts";
import assert from "node:assert/strict";
import {
  type ConfigDescriptor,
  type ControlSetup,
  encodeConfigDescriptor,
  LibUsbUnavailableError,
  MICROPYTHON_USB_IDS,
  openCdcTransport,
  openLibUsb,
  parseConfigDescriptor,
  type UsbBackend,
  UsbDeviceGoneError,
  type UsbDeviceHandle,
  type UsbDeviceInfo,
  UsbDeviceNotFoundError,
  UsbError,
  UsbTimeoutError,
  waitForDevice,
} from "../hal/libusb/mod.ts";
import { PicobootConnection } from "../hal/picoboot/mod.ts";
import { PortNotFoundError, PortVanishedError, type Transport } from "../hal/transport.ts";
import { openSerialPort } from "../hal/serial/serial_port.ts";
import { connect } from "../hal/board.ts";

/** Runs apt-get, bounded to two minutes; true when it succeeded. */
async function apt(args: string[]): Promise<boolean> {
  try {
    const child = new Deno.Command("apt-get", { args, stdout: "null", stderr: "null" }).spawn();
    const timer = setTimeout(() => child.kill(), 120_000);
    const status = await child.status;
    clearTimeout(timer);
    return status.success;
  } catch {
    return false;
  }
}

async function libusbAvailable(): Promise<boolean> {
  try {
    await openLibUsb().close();
    return true;
  } catch (error) {
    if (!(error instanceof LibUsbUnavailableError)) throw error;
  }
  if (Deno.build.os === "linux" && Deno.uid?.() === 0) {
    // As root (CI, a fresh machine) install it; refresh the package lists only if needed.
    if (await apt(["install", "-y", "-qq", "libusb-1.0-0"])) return true;
    if (await apt(["update", "-qq"]) && await apt(["install", "-y", "-qq", "libusb-1.0-0"])) {
      return true;
    }
  }
  console.warn(
    "libusb-1.0 is not installed: skipping the real-library tests (apt-get install libusb-1.0-0)",
  );
  return false;
}

const haveLibUsb = await libusbAvailable();
const real = { ignore: !haveLibUsb, sanitizeResources: false, sanitizeOps: false };

Deno.test({ name: "libusb: init, version and enumeration", ...real }, async () => {
  const usb = openLibUsb();
  const version = usb.version;
  assert.equal(version.major, 1);
  assert.equal(version.minor, 0);
  assert.equal(usb.errorName(-9), "LIBUSB_ERROR_PIPE");
  const devices = await usb.list();
  assert.ok(Array.isArray(devices));
  for (const device of devices) assert.equal(typeof device.vendorId, "number");
  const hasUsbBus = await Deno.stat("/dev/bus/usb").then(() => true, () => false);
  if (!hasUsbBus) assert.deepEqual(devices, [], "no USB bus here, so no devices");
  await usb.close();
  await usb.close();
  await assert.rejects(
    usb.list(),
    (e: unknown) => e instanceof UsbError && /context is closed/.test(e.message),
  );
});

Deno.test({ name: "libusb: no device errors", ...real }, async () => {
  const usb = openLibUsb();
  try {
    const absent: UsbDeviceInfo = {
      vendorId: 0x2e8a,
      productId: 0x0003,
      deviceVersion: 0x100,
      busNumber: 250,
      deviceAddress: 127,
      portPath: "",
    };
    await assert.rejects(
      usb.open(absent),
      (e: unknown) =>
        e instanceof UsbDeviceNotFoundError && /2e8a:0003 at bus 250 address 127/.test(e.message),
    );
    await assert.rejects(
      waitForDevice(usb, [{ vendorId: 0x2e8a, productId: 0x7777 }], { timeoutMs: 250, pollMs: 50 }),
      (e: unknown) =>
        e instanceof UsbDeviceNotFoundError &&
        /no USB device 2e8a:7777 appeared within 250 ms/.test(e.message),
    );
    await assert.rejects(PicobootConnection.open(usb), /no board in BOOTSEL mode/);
    await assert.rejects(
      openCdcTransport(usb),
      (e: unknown) =>
        e instanceof PortNotFoundError && /no MicroPython board on USB/.test(e.message),
    );
  } finally {
    await usb.close();
  }
});

/** A MicroPython rp2 configuration: IAD, CDC comm interface with functional descriptors, data interface. */
const MICROPYTHON_CONFIG = new Uint8Array([
  9,
  2,
  75,
  0,
  2,
  1,
  0,
  0x80,
  125,
  8,
  11,
  0,
  2,
  2,
  2,
  0,
  0, // interface association
  9,
  4,
  0,
  0,
  1,
  2,
  2,
  0,
  4, // interface 0: CDC comm
  5,
  0x24,
  0,
  0x20,
  1, // CDC header
  5,
  0x24,
  1,
  0,
  1, // call management
  4,
  0x24,
  2,
  2, // ACM
  5,
  0x24,
  6,
  0,
  1, // union
  7,
  5,
  0x81,
  3,
  8,
  0,
  16, // interrupt IN
  9,
  4,
  1,
  0,
  2,
  0x0a,
  0,
  0,
  0, // interface 1: CDC data
  7,
  5,
  0x02,
  2,
  64,
  0,
  0, // bulk OUT
  7,
  5,
  0x82,
  2,
  64,
  0,
  0, // bulk IN
]);

Deno.test("libusb: configuration descriptors parse past class-specific ones", () => {
  const config = parseConfigDescriptor(MICROPYTHON_CONFIG);
  assert.equal(config.configurationValue, 1);
  assert.deepEqual(
    config.interfaces.map((i) => [i.interfaceNumber, i.interfaceClass, i.endpoints.length]),
    [[0, 2, 1], [1, 10, 2]],
  );
  assert.deepEqual(config.interfaces[1].endpoints[1], {
    address: 0x82,
    attributes: 2,
    maxPacketSize: 64,
  });
  assert.deepEqual(parseConfigDescriptor(encodeConfigDescriptor(config)), config);
  assert.throws(
    () => parseConfigDescriptor(new Uint8Array([9, 4, 0])),
    /malformed configuration descriptor/,
  );
  assert.throws(
    () => parseConfigDescriptor(new Uint8Array([9, 2, 20, 0, 1, 1, 0, 0, 0, 9, 4, 0])),
    /malformed descriptor at offset 9/,
  );
});

/** A MicroPython board's USB serial port that echoes what it is sent, upper-cased. */
class FakeCdcBoard implements UsbBackend {
  readonly info: UsbDeviceInfo = {
    vendorId: 0x2e8a,
    productId: 0x0005,
    deviceVersion: 0x100,
    busNumber: 1,
    deviceAddress: 4,
    portPath: "1-1",
  };
  readonly control: { setup: ControlSetup; data: Uint8Array }[] = [];
  readonly claimed = new Set<number>();
  readonly received: Uint8Array[] = [];
  outgoing: Uint8Array[] = [];
  gone = false;
  closed = false;

  list(): Promise<UsbDeviceInfo[]> {
    return Promise.resolve(this.gone ? [] : [this.info]);
  }

  open(): Promise<UsbDeviceHandle> {
    return Promise.resolve(fakeCdcHandle(this));
  }
}

function fakeCdcHandle(board: FakeCdcBoard): UsbDeviceHandle {
  const live = () => {
    if (board.gone) throw new UsbDeviceGoneError("fake CDC board");
  };
  return {
    info: board.info,
    stringIndexes: { manufacturer: 0, product: 0, serialNumber: 0 },
    configuration: (): Promise<ConfigDescriptor> =>
      Promise.resolve(parseConfigDescriptor(MICROPYTHON_CONFIG)),
    stringDescriptor: () => Promise.resolve(""),
    claimInterface: (n: number) => Promise.resolve(void board.claimed.add(n)),
    releaseInterface: (n: number) => Promise.resolve(void board.claimed.delete(n)),
    controlTransferIn: () => Promise.reject(new UsbError("unexpected control IN")),
    controlTransferOut: (setup: ControlSetup, data: Uint8Array) => {
      board.control.push({ setup, data: data.slice() });
      return Promise.resolve(data.length);
    },
    bulkTransferIn: async (endpoint: number, length: number, timeoutMs: number) => {
      assert.equal(endpoint, 0x82);
      const step = 5;
      for (let waited = 0; waited < timeoutMs; waited += step) {
        live();
        const next = board.outgoing.shift();
        if (next) return next.subarray(0, length);
        await new Promise((resolve) => setTimeout(resolve, step));
      }
      throw new UsbTimeoutError("fake CDC bulk IN");
    },
    bulkTransferOut: (endpoint: number, data: Uint8Array) => {
      assert.equal(endpoint, 0x02);
      live();
      // Take at most one packet per transfer, so the writer has to loop.
      const taken = data.slice(0, 64);
      board.received.push(taken);
      board.outgoing.push(
        new TextEncoder().encode(new TextDecoder().decode(taken).toUpperCase()),
      );
      return Promise.resolve(taken.length);
    },
    clearHalt: () => Promise.resolve(),
    close: () => {
      board.closed = true;
      return Promise.resolve();
    },
  };
}

async function readText(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  length: number,
): Promise<string> {
  let text = "";
  while (text.length < length) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  return text;
}

Deno.test("libusb: CDC transport sets the line up and moves bytes both ways", async () => {
  const board = new FakeCdcBoard();
  const link = await openCdcTransport(board);
  assert.equal(link.description, "usb:2e8a:0005 at bus 1 address 4 (port 1-1)");
  assert.deepEqual([...board.claimed], [0, 1]);
  // SET_LINE_CODING 115200 8N1, then SET_CONTROL_LINE_STATE with DTR and RTS, to interface 0.
  assert.deepEqual(
    board.control.map((c) => [c.setup.requestType, c.setup.request, c.setup.value, c.setup.index]),
    [[0x21, 0x20, 0, 0], [0x21, 0x22, 3, 0]],
  );
  assert.deepEqual([...board.control[0].data], [0x00, 0xc2, 0x01, 0x00, 0, 0, 8]);
  const writer = link.writable.getWriter();
  const message = "print('hello from a long line that takes more than one packet')\r\n" +
    "x".repeat(100);
  await writer.write(new TextEncoder().encode(message));
  assert.ok(board.received.length >= 3);
  const reader = link.readable.getReader();
  assert.equal(await readText(reader, message.length), message.toUpperCase());
  reader.releaseLock();
  writer.releaseLock();
  await link.close();
  await link.close();
  assert.ok(board.closed);
  await assert.rejects(link.writable.getWriter().write(new Uint8Array([1])));
});

Deno.test("libusb: CDC transport reports an unplugged board as PortVanishedError", async () => {
  const board = new FakeCdcBoard();
  const link = await openCdcTransport(board);
  const reader = link.readable.getReader();
  const pending = reader.read();
  board.gone = true;
  await assert.rejects(
    pending,
    (e: unknown) => e instanceof PortVanishedError && /usb:2e8a:0005.*disconnected/.test(e.message),
  );
  await assert.rejects(link.writable.getWriter().write(new Uint8Array([0x03])), PortVanishedError);
  await link.close();
});

Deno.test("libusb: CDC transport with no board is PortNotFoundError", async () => {
  const board = new FakeCdcBoard();
  board.gone = true;
  await assert.rejects(openCdcTransport(board), PortNotFoundError);
  assert.deepEqual(MICROPYTHON_USB_IDS.map((id) => id.productId), [5, 10]);
});

Deno.test("libusb: a missing library says how to install it", () => {
  const saved = Deno.env.get("UPY_LIBUSB");
  Deno.env.set("UPY_LIBUSB", "/nonexistent/libusb-1.0.so.0");
  try {
    assert.throws(
      () => openLibUsb(),
      (e: unknown) =>
        e instanceof LibUsbUnavailableError &&
        /install it: apt-get install libusb-1\.0-0/.test(e.message),
    );
  } finally {
    if (saved === undefined) Deno.env.delete("UPY_LIBUSB");
    else Deno.env.set("UPY_LIBUSB", saved);
  }
});

/**
 * A USB CDC device whose bulk endpoints carry the bytes of another link: here the QEMU board's
 * UART, so the CDC transport and the board link above it talk to real MicroPython.
 */
function cdcBridge(link: Transport): UsbBackend {
  const board = new FakeCdcBoard();
  const reader = link.readable.getReader();
  const writer = link.writable.getWriter();
  const inbox: Uint8Array[] = [];
  (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done || !value) return;
      inbox.push(value);
    }
  })();
  return {
    list: () => board.list(),
    open: async () => ({
      ...(await board.open()),
      bulkTransferIn: async (_endpoint: number, length: number, timeoutMs: number) => {
        for (let waited = 0; waited < timeoutMs; waited += 5) {
          const next = inbox.shift();
          if (next) {
            if (next.length > length) inbox.unshift(next.subarray(length));
            return next.subarray(0, length);
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        throw new UsbTimeoutError("bridge bulk IN");
      },
      bulkTransferOut: async (_endpoint: number, data: Uint8Array) => {
        const packet = data.slice(0, 64);
        await writer.write(packet);
        return packet.length;
      },
      close: async () => {
        await link.close();
      },
    }),
  };
}

Deno.test({
  name: "libusb: the board link runs real MicroPython (QEMU board) over the CDC transport",
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  await withQemuBoard("pty", async (port) => {
    const uart = await openSerialPort(port);
    const link = await openCdcTransport(cdcBridge(uart));
    const board = await connect(link);
    try {
      assert.equal(await board.exec("print(6 * 7)"), "42\n");
      assert.deepEqual(await board.eval("[x * x for x in range(5)]"), [0, 1, 4, 9, 16]);
    } finally {
      await board.close();
    }
  });
});
