/**
 * Putting a UF2 on a board in BOOTSEL, whichever way is available: copying it to the mounted
 * boot drive when there is one (or one is named), otherwise PICOBOOT over libusb. The file is
 * validated first either way, so nothing is written from a file that does not parse.
 *
 * Also `bootromInfo`: what the boot ROM says about itself and its flash.
 */

import { type LibUsb, openLibUsb } from "../libusb/libusb.ts";
import { type UsbBackend, type UsbDeviceInfo } from "../libusb/usb.ts";
import { PicobootConnection } from "../picoboot/connection.ts";
import {
  detectFlashSize,
  flashImage,
  type FlashProgress,
  type FlashReport,
} from "../picoboot/flash.ts";
import { EXCLUSIVE, NOT_EXCLUSIVE } from "../picoboot/protocol.ts";
import { type BinaryInfo, cachedReader, readBinaryInfo } from "../uf2/binary_info.ts";
import { FLASH_START, FLASH_WINDOW_END } from "../uf2/families.ts";
import { parseUf2, type Uf2Image } from "../uf2/parse.ts";
import { type BootDrive, copyUf2ToDrive, findBootDrives, readBootDrive } from "./drive.ts";

export interface InstallOptions {
  /** Copy to this drive path; `false` never uses a drive; default: a mounted boot drive if any. */
  drive?: string | false;
  /** USB backend for PICOBOOT (default: libusb, opened and closed here). */
  usb?: UsbBackend;
  /** Progress of either method, as a fraction 0..1 with a label. */
  onProgress?: (fraction: number, label: string) => void;
  flashSize?: number;
  verify?: boolean;
  reboot?: boolean;
  /** How drives are found (tests replace it). */
  findDrives?: () => Promise<BootDrive[]>;
}

export type InstallReport =
  | { readonly method: "drive"; readonly drive: BootDrive; readonly bytes: number }
  | { readonly method: "picoboot"; readonly device: UsbDeviceInfo; readonly report: FlashReport };

/**
 * Flashes a UF2 file's bytes onto a board in BOOTSEL.
 *
 * ```ts
 * const result = await installUf2(await Deno.readFile("RPI_PICO-v1.24.1.uf2"), {
 *   onProgress: (f, label) => console.log(label, Math.round(f * 100)),
 * });
 * ```
 */
export async function installUf2(
  uf2: Uint8Array,
  options: InstallOptions = {},
): Promise<InstallReport> {
  const image = parseUf2(uf2);
  const progress = options.onProgress ?? (() => {});
  if (options.drive !== false) {
    const drive = typeof options.drive === "string"
      ? await readBootDrive(options.drive) ??
        { path: options.drive, chip: "unknown" as const, info: "" }
      : (await (options.findDrives ?? findBootDrives)())[0];
    if (drive) {
      await copyUf2ToDrive(drive, uf2, {
        onProgress: (done, total) => progress(done / total, "copy"),
      });
      return { method: "drive", drive, bytes: uf2.length };
    }
  }
  return await withUsb(options.usb, async (usb) => {
    const rom = await PicobootConnection.open(usb);
    try {
      const report = await flashPicoboot(rom, image, options);
      return { method: "picoboot", device: rom.device, report };
    } finally {
      await rom.close();
    }
  });
}

function flashPicoboot(
  rom: PicobootConnection,
  image: Uf2Image,
  options: InstallOptions,
): Promise<FlashReport> {
  const progress = options.onProgress ?? (() => {});
  return flashImage(rom, image, {
    flashSize: options.flashSize,
    verify: options.verify,
    reboot: options.reboot,
    onProgress: (p: FlashProgress) => progress(p.total ? p.done / p.total : 1, p.phase),
  });
}

/** Runs `body` with the given backend, or with libusb opened (and closed) for it. */
export async function withUsb<T>(
  usb: UsbBackend | undefined,
  body: (usb: UsbBackend) => Promise<T>,
): Promise<T> {
  if (usb) return await body(usb);
  const libusb: LibUsb = openLibUsb();
  try {
    return await body(libusb);
  } finally {
    await libusb.close();
  }
}

/** What `info` reports about a board in BOOTSEL. */
export interface BootromInfo {
  readonly chip: "RP2040" | "RP2350";
  readonly device: UsbDeviceInfo;
  readonly manufacturer: string;
  readonly product: string;
  /** The USB serial number: the flash chip's unique ID on a Pico. */
  readonly serialNumber: string;
  /** bcdDevice, e.g. "1.00". */
  readonly romVersion: string;
  readonly interfaceNumber: number;
  readonly endpoints: { readonly in: number; readonly out: number };
  /** Detected from address wrap-around; null when the flash is blank (size cannot be told). */
  readonly flashSize: number | null;
  readonly flashBlank: boolean;
  /** What the program in flash declares about itself (null: blank, or no binary info). */
  readonly program: BinaryInfo | null;
}

/** Asks the boot ROM of the first board in BOOTSEL about itself and its flash. */
export async function bootromInfo(usb?: UsbBackend): Promise<BootromInfo> {
  return await withUsb(usb, async (backend) => {
    const rom = await PicobootConnection.open(backend);
    try {
      const strings = await rom.strings();
      await rom.exclusiveAccess(EXCLUSIVE);
      await rom.exitXip();
      const first = await rom.read(FLASH_START, 256);
      const flashSize = await detectFlashSize(rom);
      const flashBlank = first.every((b) => b === 0xff);
      const program = flashBlank
        ? null
        : await readBinaryInfo(cachedReader((page) =>
          page >= FLASH_START && page < FLASH_WINDOW_END
            ? rom.read(page, 256)
            : Promise.resolve(null)
        ));
      await rom.exclusiveAccess(NOT_EXCLUSIVE);
      const bcd = rom.device.deviceVersion;
      return {
        chip: rom.chip,
        device: rom.device,
        ...strings,
        romVersion: `${(bcd >> 8).toString(16)}.${(bcd & 0xff).toString(16).padStart(2, "0")}`,
        interfaceNumber: rom.interfaceNumber,
        endpoints: { in: rom.inEndpoint, out: rom.outEndpoint },
        flashSize,
        flashBlank,
        program,
      };
    } finally {
      await rom.close();
    }
  });
}
