/**
 * The UF2 block: 512 bytes, little-endian, self-describing, so a boot ROM can write each block
 * as it arrives in whatever order the host's file system sends them.
 *
 * ```
 * offset  field
 *   0     magicStart0   0x0A324655 ("UF2\n")
 *   4     magicStart1   0x9E5D5157
 *   8     flags         see FLAG_*
 *  12     targetAddr    where the payload goes
 *  16     payloadSize   bytes of data used (≤ 476; the Raspberry Pi ROMs take exactly 256)
 *  20     blockNo       0-based index of this block in its file
 *  24     numBlocks     blocks in the file
 *  28     familyID      (or fileSize when FLAG_FAMILY_ID is clear)
 *  32     data[476]
 * 508     magicEnd      0x0AB16F30
 * ```
 */

export const BLOCK_SIZE = 512;
export const DATA_OFFSET = 32;
export const MAX_PAYLOAD = 476;
/** The payload every Raspberry Pi boot ROM expects: one 256-byte flash page per block. */
export const RP2_PAYLOAD = 256;

export const MAGIC_START0 = 0x0a324655;
export const MAGIC_START1 = 0x9e5d5157;
export const MAGIC_END = 0x0ab16f30;

/** The block is not for main flash (e.g. comments, debug info): ROMs skip it. */
export const FLAG_NOT_MAIN_FLASH = 0x00000001;
/** The block belongs to a file container (a file name in the payload), not a firmware image. */
export const FLAG_FILE_CONTAINER = 0x00001000;
/** Word 7 is a family ID. */
export const FLAG_FAMILY_ID = 0x00002000;
/** The last 24 bytes of data hold an MD5 checksum of the payload's target range. */
export const FLAG_MD5 = 0x00004000;
/** Extension tags follow the payload. */
export const FLAG_EXTENSION_TAGS = 0x00008000;

/** A malformed UF2 or a bad argument to a UF2 tool. `block` is the 0-based index of the first bad block. */
export class Uf2Error extends Error {
  readonly block: number | undefined;
  constructor(message: string, block?: number) {
    super(
      block === undefined
        ? message
        : `block ${block} (file offset 0x${(block * BLOCK_SIZE).toString(16)}): ${message}`,
    );
    this.name = "Uf2Error";
    this.block = block;
  }
}

/** `0x10000000` style, eight digits. */
export function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, "0")}`;
}
