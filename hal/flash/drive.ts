/**
 * The boot ROM's USB drive (`RPI-RP2` on an RP2040, `RP2350` on an RP2350): find it where the OS
 * mounted it and copy a UF2 onto it, which is all the ROM needs to flash and reboot.
 *
 * A drive is recognised by the `INFO_UF2.TXT` file every UF2 bootloader serves; its `Board-ID`
 * line says which chip it is. Looked for among the mounted FAT file systems on Linux
 * (`/proc/mounts`), under `/Volumes` on macOS, and on drive letters on Windows.
 */

import { type Chip } from "../uf2/families.ts";
import { checkFamilyForChip, parseUf2 } from "../uf2/parse.ts";

/** A mounted boot ROM drive. */
export interface BootDrive {
  readonly path: string;
  readonly chip: Chip | "unknown";
  /** The INFO_UF2.TXT text. */
  readonly info: string;
}

/** A drive that went away or refused the copy. */
export class DriveCopyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DriveCopyError";
  }
}

/** The chip a drive's INFO_UF2.TXT names. */
export function chipFromInfo(info: string): Chip | "unknown" {
  const board = /^Board-ID:\s*(.*)$/im.exec(info)?.[1] ?? "";
  if (/RP2350/i.test(board) || /RP2350/i.test(info)) return "RP2350";
  if (/RPI-RP2|RP2040/i.test(board) || /Raspberry Pi RP2\b/.test(info)) return "RP2040";
  return "unknown";
}

/** Reads a directory as a boot drive, or null when it is not one. */
export async function readBootDrive(path: string): Promise<BootDrive | null> {
  try {
    const info = await Deno.readTextFile(`${path}/INFO_UF2.TXT`);
    return { path, chip: chipFromInfo(info), info };
  } catch {
    return null;
  }
}

/** Mount points that could be a boot drive on this OS. */
async function candidateMounts(): Promise<string[]> {
  if (Deno.build.os === "linux") {
    const mounts = await Deno.readTextFile("/proc/mounts").catch(() => "");
    return mounts.split("\n")
      .map((line) => line.split(" "))
      .filter((fields) => fields.length > 2 && /^(vfat|msdos|fat|exfat|fuseblk)$/.test(fields[2]))
      // /proc/mounts escapes spaces and tabs as octal.
      .map((fields) =>
        fields[1].replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8)))
      );
  }
  if (Deno.build.os === "darwin") {
    const volumes: string[] = [];
    try {
      for await (const entry of Deno.readDir("/Volumes")) volumes.push(`/Volumes/${entry.name}`);
    } catch { /* no /Volumes */ }
    return volumes;
  }
  if (Deno.build.os === "windows") {
    return [..."DEFGHIJKLMNOPQRSTUVWXYZ"].map((letter) => `${letter}:`);
  }
  return [];
}

/** Every mounted boot ROM drive. */
export async function findBootDrives(): Promise<BootDrive[]> {
  const drives: BootDrive[] = [];
  for (const path of await candidateMounts()) {
    const drive = await readBootDrive(path);
    if (drive) drives.push(drive);
  }
  return drives;
}

export interface DriveCopyOptions {
  /** Bytes copied so far of the total. */
  onProgress?: (done: number, total: number) => void;
  /** File name on the drive (any name ending in .uf2 works). */
  fileName?: string;
}

/**
 * Validates `uf2` (nothing is copied from a file that does not parse, or whose family the
 * drive's chip cannot run), then copies it onto the drive in chunks and syncs it.
 */
export async function copyUf2ToDrive(
  drive: BootDrive,
  uf2: Uint8Array,
  options: DriveCopyOptions = {},
): Promise<void> {
  const image = parseUf2(uf2);
  if (drive.chip !== "unknown") checkFamilyForChip(image, drive.chip);
  const target = `${drive.path}/${options.fileName ?? "firmware.uf2"}`;
  const chunk = 64 * 1024;
  let done = 0;
  let file: Deno.FsFile;
  try {
    file = await Deno.open(target, { write: true, create: true, truncate: true });
  } catch (error) {
    throw new DriveCopyError(`cannot write ${target}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    options.onProgress?.(0, uf2.length);
    while (done < uf2.length) {
      done += await file.write(uf2.subarray(done, Math.min(uf2.length, done + chunk)));
      options.onProgress?.(done, uf2.length);
    }
    await file.syncData();
  } catch (error) {
    // Once the last block lands the ROM reboots and the drive vanishes; only earlier is a failure.
    if (done < uf2.length) {
      throw new DriveCopyError(
        `the drive ${drive.path} went away after ${done} of ${uf2.length} bytes: ${
          (error as Error).message
        }`,
        { cause: error },
      );
    }
  } finally {
    try {
      file.close();
    } catch { /* already gone with the drive */ }
  }
}
