/**
 * Finds serial ports a board may sit on: /dev/ttyACM* (USB CDC, what a Pico presents) and
 * /dev/ttyUSB* (USB-UART bridges), with the USB identity read from sysfs where Linux exposes it
 * (/sys/class/tty/<name>/device resolves into the USB interface; its parent device directory
 * holds idVendor, idProduct, manufacturer, product, serial).
 *
 * `pickBoardPort` ranks the list so `connect auto` prefers boards known to run MicroPython.
 */

export interface SerialPortInfo {
  /** Device path to open, e.g. `/dev/ttyACM0`. */
  path: string;
  /** USB vendor id (e.g. 0x2e8a for Raspberry Pi), when the port is a USB device. */
  vendorId?: number;
  productId?: number;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
}

/** USB vendor:product pairs of boards that ship MicroPython, best first. */
export const MICROPYTHON_USB_IDS: ReadonlyArray<{ vendorId: number; productId?: number }> = [
  { vendorId: 0x2e8a, productId: 0x0005 }, // Raspberry Pi Pico / Pico W, MicroPython firmware
  { vendorId: 0x2e8a, productId: 0x000a }, // Raspberry Pi generic CDC (Pico SDK stdio)
  { vendorId: 0x2e8a }, // any other Raspberry Pi device
  { vendorId: 0xf055 }, // MicroPython's own VID (pyboard and friends)
  { vendorId: 0x303a }, // Espressif native USB
  { vendorId: 0x0d28 }, // Arm mbed DAPLink (BBC micro:bit)
];

export interface ListSerialPortsOptions {
  /** Where device nodes live; tests point this at a fake tree. Default `/dev`. */
  devDir?: string;
  /** Root of sysfs's tty class. Default `/sys/class/tty`. */
  sysTtyDir?: string;
}

/** Lists candidate ports in name order; never throws for a missing /dev or sysfs. */
export async function listSerialPorts(
  options: ListSerialPortsOptions = {},
): Promise<SerialPortInfo[]> {
  const devDir = options.devDir ?? "/dev";
  const sysTtyDir = options.sysTtyDir ?? "/sys/class/tty";
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(devDir)) {
      if (/^tty(ACM|USB)\d+$/.test(entry.name)) names.push(entry.name);
    }
  } catch {
    return [];
  }
  names.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const ports: SerialPortInfo[] = [];
  for (const name of names) {
    ports.push({
      path: `${devDir}/${name}`,
      ...await readUsbIdentity(`${sysTtyDir}/${name}/device`),
    });
  }
  return ports;
}

/** The port `connect auto` should use: a known MicroPython board first, else the first port. */
export function pickBoardPort(ports: readonly SerialPortInfo[]): SerialPortInfo | undefined {
  for (const known of MICROPYTHON_USB_IDS) {
    const match = ports.find((port) =>
      port.vendorId === known.vendorId &&
      (known.productId === undefined || port.productId === known.productId)
    );
    if (match) return match;
  }
  return ports[0];
}

/** `2e8a:0005 Raspberry Pi Board in FS mode` style one-liner for `connect list`. */
export function describePort(port: SerialPortInfo): string {
  const hex = (id: number | undefined) => (id ?? 0).toString(16).padStart(4, "0");
  const usb = port.vendorId === undefined
    ? "0000:0000"
    : `${hex(port.vendorId)}:${hex(port.productId)}`;
  const words = [
    port.path,
    port.serialNumber ?? "-",
    usb,
    port.manufacturer ?? "-",
    port.product ?? "-",
  ];
  return words.join(" ");
}

async function readUsbIdentity(deviceLink: string): Promise<Omit<SerialPortInfo, "path">> {
  let directory: string;
  try {
    directory = await Deno.realPath(deviceLink);
  } catch {
    return {};
  }
  // Walk up from the interface to the USB device directory (the one with idVendor).
  for (let depth = 0; depth < 4 && directory.length > 1; depth++) {
    const vendor = await readText(`${directory}/idVendor`);
    if (vendor !== undefined) {
      const info: Omit<SerialPortInfo, "path"> = { vendorId: parseInt(vendor, 16) };
      const product = await readText(`${directory}/idProduct`);
      if (product !== undefined) info.productId = parseInt(product, 16);
      const manufacturer = await readText(`${directory}/manufacturer`);
      if (manufacturer !== undefined) info.manufacturer = manufacturer;
      const productName = await readText(`${directory}/product`);
      if (productName !== undefined) info.product = productName;
      const serial = await readText(`${directory}/serial`);
      if (serial !== undefined) info.serialNumber = serial;
      return info;
    }
    directory = directory.slice(0, directory.lastIndexOf("/"));
  }
  return {};
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return (await Deno.readTextFile(path)).trim();
  } catch {
    return undefined;
  }
}
