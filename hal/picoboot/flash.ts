/**
 * Writing a validated UF2 image to a board's flash over PICOBOOT, then reading it all back.
 *
 * The image is laid out as whole 4 KiB sectors (the erase unit; bytes of a touched sector that
 * the image does not cover become 0xFF, exactly as a drag-and-drop onto the drive leaves them),
 * erased in runs of up to 64 KiB and written sector by sector with a progress callback, verified by reading every sector back, and
 * the board is rebooted into the new program.
 *
 * Everything that can be checked before touching flash is: the image's family against the chip,
 * RAM-only images (PICOBOOT flashing writes flash), and the image's end against the flash size.
 * The boot ROM does not report the flash size, so it is found from the chip's address wrap-around:
 * a 2 MiB chip answers a read at +2 MiB with the contents at 0. That needs non-blank contents at
 * 0; on a blank chip the first sector is written first and the check made then.
 */

import { type Chip, familyName, FLASH_START, FLASH_WINDOW_END } from "../uf2/families.ts";
import { hex32 } from "../uf2/format.ts";
import { checkFamilyForChip, imageBlocks, type Uf2Image } from "../uf2/parse.ts";
import {
  type PicobootConnection,
  PicobootDisconnectedError,
  PicobootError,
  PicobootTimeoutError,
} from "./connection.ts";
import { SECTOR_SIZE } from "./protocol.ts";

/** Progress of a flash operation: `done` of `total` sectors in the current phase. */
export interface FlashProgress {
  readonly phase: "erase+write" | "verify";
  readonly done: number;
  readonly total: number;
  readonly address: number;
}

export interface PicobootFlashOptions {
  onProgress?: (progress: FlashProgress) => void;
  /** Read everything back and compare (default true). */
  verify?: boolean;
  /** Reboot into the new program when done (default true). */
  reboot?: boolean;
  /** Flash size in bytes when known; otherwise it is detected. */
  flashSize?: number;
}

/** The image does not suit this board (wrong chip, RAM image, larger than flash). */
export class FlashImageError extends PicobootError {
  constructor(message: string) {
    super(message);
    this.name = "FlashImageError";
  }
}

/** The board vanished or stopped answering part-way; `cause` is the underlying error. */
export class FlashInterruptedError extends PicobootError {
  readonly sectorsWritten: number;
  constructor(cause: Error, sectorsWritten: number, totalSectors: number) {
    super(
      `${cause.message}, after ${sectorsWritten} of ${totalSectors} sectors: the flash now holds a ` +
        `partial image; put the board back into BOOTSEL and flash again`,
      { cause },
    );
    this.name = "FlashInterruptedError";
    this.sectorsWritten = sectorsWritten;
  }
}

/** Read-back differs from what was written. */
export class FlashVerifyError extends PicobootError {
  readonly address: number;
  constructor(address: number, expected: number, actual: number) {
    super(
      `verify failed at ${hex32(address)}: wrote 0x${hex2(expected)}, read back 0x${hex2(actual)}`,
    );
    this.name = "FlashVerifyError";
    this.address = address;
  }
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}

/** What was done, for the caller to report. */
export interface FlashReport {
  readonly sectors: number;
  readonly bytes: number;
  readonly flashSize: number | null;
  readonly verified: boolean;
  readonly rebooted: boolean;
}

/** The image for `chip` as whole erase sectors: address -> 4096 bytes. */
export function sectorsOf(image: Uf2Image, chip: Chip): Map<number, Uint8Array> {
  const sectors = new Map<number, Uint8Array>();
  for (const block of imageBlocks(image, chip)) {
    const base = block.targetAddr - (block.targetAddr % SECTOR_SIZE);
    let sector = sectors.get(base);
    if (!sector) sectors.set(base, sector = new Uint8Array(SECTOR_SIZE).fill(0xff));
    sector.set(block.data, block.targetAddr - base);
  }
  return new Map([...sectors].sort(([a], [b]) => a - b));
}

/** Checks the image suits the chip and PICOBOOT; throws `Uf2FamilyError` or `FlashImageError`. */
export function checkImageForChip(image: Uf2Image, chip: Chip): void {
  if (imageBlocks(image).length === 0) throw new FlashImageError("the UF2 has no blocks to write");
  checkFamilyForChip(image, chip);
  const blocks = imageBlocks(image, chip);
  const ram = blocks.find((b) => b.region !== "flash");
  if (ram) {
    throw new FlashImageError(
      `the UF2 loads into RAM (block ${ram.index} targets ${
        hex32(ram.targetAddr)
      }); PICOBOOT flashing ` +
        `writes flash only: copy this file to the board's drive instead`,
    );
  }
}

/**
 * Detects the flash size from address wrap-around; null when the first sector is blank (so
 * nothing can be told apart).
 */
export async function detectFlashSize(rom: PicobootConnection): Promise<number | null> {
  const first = await rom.read(FLASH_START, SECTOR_SIZE);
  if (first.every((b) => b === 0xff)) return null;
  for (let size = 128 * 1024; size < FLASH_WINDOW_END - FLASH_START; size *= 2) {
    const mirror = await rom.read(FLASH_START + size, SECTOR_SIZE);
    if (mirror.every((b, i) => b === first[i])) return size;
  }
  return FLASH_WINDOW_END - FLASH_START;
}

/** The flash's block-erase size. */
const ERASE_BLOCK = 64 * 1024;

function checkFits(end: number, flashSize: number): void {
  if (end > FLASH_START + flashSize) {
    throw new FlashImageError(
      `image larger than flash: it ends at ${hex32(end)} but the board has ${
        flashSize / 1024
      } KiB of flash ` +
        `(${hex32(FLASH_START)}..${hex32(FLASH_START + flashSize)})`,
    );
  }
}

/**
 * Flashes `image` (from `parseUf2`) through an open PICOBOOT connection.
 *
 * ```ts
 * const image = parseUf2(await Deno.readFile("micropython.uf2"));
 * const rom = await PicobootConnection.open(openLibUsb());
 * await flashImage(rom, image, { onProgress: (p) => console.log(p.phase, p.done, p.total) });
 * ```
 */
export async function flashImage(
  rom: PicobootConnection,
  image: Uf2Image,
  options: PicobootFlashOptions = {},
): Promise<FlashReport> {
  checkImageForChip(image, rom.chip);
  const sectors = sectorsOf(image, rom.chip);
  const addresses = [...sectors.keys()];
  const end = addresses[addresses.length - 1] + SECTOR_SIZE;
  await rom.exclusiveAccess();
  await rom.exitXip();
  let flashSize = options.flashSize ?? await detectFlashSize(rom);
  if (flashSize !== null) checkFits(end, flashSize);

  const progress = options.onProgress ?? (() => {});
  let erasedUntil = 0;
  for (let i = 0; i < addresses.length; i++) {
    const address = addresses[i];
    progress({ phase: "erase+write", done: i, total: addresses.length, address });
    try {
      if (address >= erasedUntil) {
        // Erase the whole run of sectors up to the next 64 KiB boundary in one command: the ROM
        // then uses the chip's block erase, several times faster than sector by sector.
        const blockEnd = address - (address % ERASE_BLOCK) + ERASE_BLOCK;
        erasedUntil = address + SECTOR_SIZE;
        for (
          let j = i + 1;
          j < addresses.length && addresses[j] === erasedUntil && erasedUntil < blockEnd;
          j++
        ) {
          erasedUntil += SECTOR_SIZE;
        }
        await rom.erase(address, erasedUntil - address);
      }
      await rom.write(address, sectors.get(address)!);
    } catch (error) {
      if (!(error instanceof PicobootDisconnectedError || error instanceof PicobootTimeoutError)) {
        throw error;
      }
      throw new FlashInterruptedError(error, i, addresses.length);
    }
    if (flashSize === null && i === 0 && address === FLASH_START) {
      flashSize = await detectFlashSize(rom);
      if (flashSize !== null) checkFits(end, flashSize);
    }
  }
  progress({ phase: "erase+write", done: addresses.length, total: addresses.length, address: end });

  const verify = options.verify ?? true;
  if (verify) {
    for (let i = 0; i < addresses.length; i++) {
      const address = addresses[i];
      progress({ phase: "verify", done: i, total: addresses.length, address });
      const expected = sectors.get(address)!;
      const actual = await rom.read(address, SECTOR_SIZE);
      for (let offset = 0; offset < SECTOR_SIZE; offset++) {
        if (actual[offset] !== expected[offset]) {
          throw new FlashVerifyError(address + offset, expected[offset], actual[offset]);
        }
      }
    }
    progress({ phase: "verify", done: addresses.length, total: addresses.length, address: end });
  }
  const reboot = options.reboot ?? true;
  if (reboot) await rom.reboot();
  return {
    sectors: addresses.length,
    bytes: addresses.length * SECTOR_SIZE,
    flashSize,
    verified: verify,
    rebooted: reboot,
  };
}

/** For messages: which families an image has. */
export function imageFamilies(image: Uf2Image): string {
  return [...new Set(image.runs.map((r) => familyName(r.familyId)))].join(", ");
}
