/**
 * Reading and validating a UF2 file. Validation is all-or-nothing and names the first bad block:
 * nothing goes to a board from a file that `parseUf2` rejects.
 *
 * A UF2 file may hold several concatenated UF2 "files" (runs), each numbered from 0 with its own
 * block count: RP2350 images built with the RP2350-E10 workaround start with a one-block
 * `absolute` run. Within a run the blocks must come in order (every tool that writes UF2 does
 * that; it is what lets a missing block be named precisely), share one block count and family,
 * and carry a 256-byte payload at a 256-aligned address inside flash or SRAM. Blocks flagged
 * not-main-flash are checked for framing, counted, and left out of the image, as the ROMs do.
 */

import {
  BLOCK_SIZE,
  DATA_OFFSET,
  FLAG_FAMILY_ID,
  FLAG_FILE_CONTAINER,
  FLAG_MD5,
  FLAG_NOT_MAIN_FLASH,
  hex32,
  MAGIC_END,
  MAGIC_START0,
  MAGIC_START1,
  MAX_PAYLOAD,
  RP2_PAYLOAD,
  Uf2Error,
} from "./format.ts";
import {
  type Chip,
  FAMILY_ABSOLUTE,
  familyById,
  familyName,
  type Region,
  regionOf,
  regionsFor,
} from "./families.ts";

/** One decoded block. `index` is its position in the file. */
export interface Uf2Block {
  readonly index: number;
  readonly flags: number;
  readonly targetAddr: number;
  readonly blockNo: number;
  readonly numBlocks: number;
  readonly familyId: number;
  /** The payload (payloadSize bytes). */
  readonly data: Uint8Array;
  /** Which memory the block targets; null for not-main-flash blocks. */
  readonly region: Region["name"] | null;
}

/** A run of blocks numbered 0..numBlocks-1: one UF2 "file" inside the file. */
export interface Uf2Run {
  readonly familyId: number;
  readonly firstBlock: number;
  readonly numBlocks: number;
  /** Lowest target address and one past the highest byte written (main-flash blocks only). */
  readonly start: number;
  readonly end: number;
  /** The RP2350-E10 workaround: a single absolute-family block at the top of the flash window. */
  readonly erratumBlock: boolean;
}

/** A validated UF2 file. */
export interface Uf2Image {
  readonly blocks: readonly Uf2Block[];
  readonly runs: readonly Uf2Run[];
}

export interface ParseOptions {
  /** Accept families other than Raspberry Pi's (then only framing and alignment are checked). */
  allowUnknownFamily?: boolean;
}

/** The address where RP2350 tools put the RP2350-E10 workaround block. */
const ERRATUM_BLOCK_ADDRESS = 0x10ffff00;

/** A run being read: its address range grows block by block. */
interface OpenRun {
  familyId: number;
  firstBlock: number;
  numBlocks: number;
  start: number;
  end: number;
}

function closeRun(run: OpenRun, blocks: readonly Uf2Block[]): Uf2Run {
  const only = blocks[run.firstBlock];
  return {
    ...run,
    erratumBlock: run.numBlocks === 1 && only.familyId === FAMILY_ABSOLUTE &&
      only.targetAddr === ERRATUM_BLOCK_ADDRESS,
  };
}

/** Decodes and validates `bytes`; throws `Uf2Error` naming the first bad block. */
export function parseUf2(bytes: Uint8Array, options: ParseOptions = {}): Uf2Image {
  if (bytes.length === 0) throw new Uf2Error("the file is empty");
  const blockCount = Math.floor(bytes.length / BLOCK_SIZE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blocks: Uf2Block[] = [];
  const runs: Uf2Run[] = [];
  // "family:address" -> block index. Keyed by family too: a universal UF2 carries an RP2040 and
  // an RP2350 image for the same addresses, and each ROM writes only its own.
  const written = new Map<string, number>();
  let run: OpenRun | null = null;
  for (let index = 0; index < blockCount; index++) {
    const base = index * BLOCK_SIZE;
    const word = (offset: number) => view.getUint32(base + offset, true);
    const fail = (message: string): never => {
      throw new Uf2Error(message, index);
    };
    if (word(0) !== MAGIC_START0) {
      fail(`bad first magic ${hex32(word(0))}, expected ${hex32(MAGIC_START0)} (not a UF2 block)`);
    }
    if (word(4) !== MAGIC_START1) {
      fail(`bad second magic ${hex32(word(4))}, expected ${hex32(MAGIC_START1)}`);
    }
    if (word(508) !== MAGIC_END) {
      fail(`bad end magic ${hex32(word(508))}, expected ${hex32(MAGIC_END)}`);
    }
    const flags = word(8);
    const targetAddr = word(12);
    const payloadSize = word(16);
    const blockNo = word(20);
    const numBlocks = word(24);
    const familyId = word(28);

    if (flags & FLAG_FILE_CONTAINER) {
      fail("this is a file-container block (a file for a file system), not firmware");
    }
    const room = flags & FLAG_MD5 ? MAX_PAYLOAD - 24 : MAX_PAYLOAD;
    if (payloadSize === 0 || payloadSize > room) {
      fail(`payload size ${payloadSize} is outside 1..${room}`);
    }
    if (numBlocks === 0) fail("the block count (numBlocks) is 0");
    if (blockNo >= numBlocks) {
      fail(`block number ${blockNo} is not below the block count ${numBlocks}`);
    }
    if (!(flags & FLAG_FAMILY_ID)) {
      fail("no family ID (flag 0x2000 is clear); the RP2040/RP2350 boot ROMs ignore such blocks");
    }
    const known = familyById(familyId);
    if (!known && !options.allowUnknownFamily) {
      fail(`family ${familyName(familyId)} is not an RP2040/RP2350 family`);
    }

    // Numbering: a new run starts at block 0 once the previous one is complete.
    if (run && run.numBlocks === blocks.length - run.firstBlock) {
      runs.push(closeRun(run, blocks));
      run = null;
    }
    if (!run) {
      if (blockNo !== 0) fail(`block number ${blockNo}, expected 0 (the start of a UF2 file)`);
      run = { familyId, firstBlock: index, numBlocks, start: Infinity, end: 0 };
    } else {
      const expected = index - run.firstBlock;
      if (blockNo !== expected) {
        fail(
          `block number ${blockNo}, expected ${expected} (blocks missing, repeated or out of order)`,
        );
      }
      if (numBlocks !== run.numBlocks) {
        fail(`block count ${numBlocks} differs from ${run.numBlocks} in the blocks before`);
      }
      if (familyId !== run.familyId) {
        fail(
          `family ${familyName(familyId)} differs from ${
            familyName(run.familyId)
          } in the blocks before`,
        );
      }
    }

    let region: Region["name"] | null = null;
    if (!(flags & FLAG_NOT_MAIN_FLASH)) {
      if (known) {
        if (payloadSize !== RP2_PAYLOAD) {
          fail(
            `payload size ${payloadSize}; the RP2040/RP2350 boot ROMs take only ${RP2_PAYLOAD}-byte blocks`,
          );
        }
        if (targetAddr % RP2_PAYLOAD !== 0) {
          fail(`target address ${hex32(targetAddr)} is not 256-byte aligned`);
        }
        const target = regionOf(familyId, targetAddr, payloadSize);
        if (!target) {
          const allowed = regionsFor(familyId).map((r) =>
            `${r.name} ${hex32(r.start)}..${hex32(r.end)}`
          );
          fail(`target address ${hex32(targetAddr)} is outside ${allowed.join(" and ")}`);
        }
        region = target!.name;
      }
      const key = `${familyId}:${targetAddr}`;
      const earlier = written.get(key);
      if (earlier !== undefined) {
        fail(`writes ${hex32(targetAddr)} again (block ${earlier} already did)`);
      }
      written.set(key, index);
      run.start = Math.min(run.start, targetAddr);
      run.end = Math.max(run.end, targetAddr + payloadSize);
    }
    blocks.push({
      index,
      flags,
      targetAddr,
      blockNo,
      numBlocks,
      familyId,
      data: bytes.slice(base + DATA_OFFSET, base + DATA_OFFSET + payloadSize),
      region,
    });
  }
  // Whole blocks are checked first, so a bad block before a truncated end is the one named.
  if (bytes.length % BLOCK_SIZE !== 0) {
    throw new Uf2Error(
      `truncated: the file is ${bytes.length} bytes, not a multiple of ${BLOCK_SIZE} ` +
        `(the last block has ${bytes.length % BLOCK_SIZE} bytes)`,
      blockCount,
    );
  }
  if (run) {
    const have = blocks.length - run.firstBlock;
    if (have < run.numBlocks) {
      throw new Uf2Error(
        `the file ends after ${have} of ${run.numBlocks} blocks: block number ${have} and later are missing`,
        blocks.length,
      );
    }
    runs.push(closeRun(run, blocks));
  }
  return { blocks, runs };
}

/** What `uf2 info` prints, as data. */
export interface Uf2Summary {
  readonly blockCount: number;
  /** Families in order of first appearance, by name. */
  readonly families: readonly string[];
  /** Chip the image is for, when its families say so. */
  readonly chip: Chip | "universal" | "any" | "unknown";
  /** Lowest target address and one past the highest (main-flash blocks). */
  readonly start: number;
  readonly end: number;
  /** Payload bytes to be written. */
  readonly size: number;
  readonly regions: readonly Region["name"][];
  readonly runs: number;
  readonly skippedBlocks: number;
  readonly hasErratumBlock: boolean;
}

/** Summarises a parsed image (the erratum block is left out of the address range). */
export function summarizeUf2(image: Uf2Image): Uf2Summary {
  const blocks = imageBlocks(image);
  const chips = new Set<string>();
  let knownFamilies = true;
  for (const run of image.runs.filter((r) => !r.erratumBlock)) {
    const family = familyById(run.familyId);
    if (!family) knownFamilies = false;
    else if (family.chips.length === 1) chips.add(family.chips[0]);
  }
  const chip = !knownFamilies
    ? "unknown"
    : chips.size === 1
    ? [...chips][0] as Chip
    : chips.size === 2
    ? "universal"
    : "any";
  return {
    blockCount: image.blocks.length,
    families: [...new Set(image.runs.map((r) => familyName(r.familyId)))],
    chip,
    start: blocks.length ? Math.min(...blocks.map((b) => b.targetAddr)) : 0,
    end: blocks.length ? Math.max(...blocks.map((b) => b.targetAddr + b.data.length)) : 0,
    size: blocks.reduce((sum, b) => sum + b.data.length, 0),
    regions: [
      ...new Set(blocks.map((b) => b.region).filter((r): r is Region["name"] => r !== null)),
    ],
    runs: image.runs.length,
    skippedBlocks: image.blocks.filter((b) => b.flags & FLAG_NOT_MAIN_FLASH).length,
    hasErratumBlock: image.runs.some((r) => r.erratumBlock),
  };
}

const chipNote: Record<string, string> = {
  universal: " (RP2040 and RP2350)",
  any: "",
  unknown: "",
};

/** The summary as the lines `uf2 info` prints. */
export function formatSummary(summary: Uf2Summary): string {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const lines = [
    `family:  ${summary.families.join(", ")}${chipNote[summary.chip] ?? ` (${summary.chip})`}`,
    `address: ${hex32(summary.start)}..${hex32(summary.end)} (${summary.regions.join(", ")})`,
    `size:    ${summary.size} bytes (${kib(summary.size)})`,
    `blocks:  ${summary.blockCount}${summary.runs > 1 ? ` in ${summary.runs} runs` : ""}` +
    (summary.skippedBlocks ? `, ${summary.skippedBlocks} not for main flash` : ""),
  ];
  if (summary.hasErratumBlock) lines.push("note:    starts with the RP2350-E10 workaround block");
  return lines.join("\n");
}

/**
 * The image as one contiguous binary from its lowest address, gaps filled with 0xFF (erased
 * flash). Only main-flash blocks; the erratum block is left out. A universal UF2 needs `chip`
 * to say which of its images.
 */
export function uf2ToBinary(image: Uf2Image, chip?: Chip): { base: number; data: Uint8Array } {
  if (!chip && summarizeUf2(image).chip === "universal") {
    throw new Uf2Error("the UF2 holds an RP2040 and an RP2350 image: say which chip to extract");
  }
  const blocks = imageBlocks(image, chip);
  if (blocks.length === 0) {
    throw new Uf2Error(`the file has no blocks to write${chip ? ` for ${chip}` : ""}`);
  }
  const base = Math.min(...blocks.map((b) => b.targetAddr));
  const end = Math.max(...blocks.map((b) => b.targetAddr + b.data.length));
  const data = new Uint8Array(end - base).fill(0xff);
  for (const block of blocks) data.set(block.data, block.targetAddr - base);
  return { base, data };
}

/**
 * The blocks that carry the image itself: main-flash blocks outside an erratum run; with `chip`,
 * only those of runs that chip's boot ROM takes (it skips the others, as in a universal UF2).
 */
export function imageBlocks(image: Uf2Image, chip?: Chip): Uf2Block[] {
  const skipped = new Set<number>();
  for (const run of image.runs) {
    const family = familyById(run.familyId);
    const forOtherChip = chip !== undefined && family !== undefined && !family.chips.includes(chip);
    if (run.erratumBlock || forOtherChip) {
      for (let i = 0; i < run.numBlocks; i++) skipped.add(run.firstBlock + i);
    }
  }
  return image.blocks.filter((b) => !(b.flags & FLAG_NOT_MAIN_FLASH) && !skipped.has(b.index));
}

/** The image's families do not run on the chip it is going to. */
export class Uf2FamilyError extends Uf2Error {
  constructor(message: string) {
    super(message);
    this.name = "Uf2FamilyError";
  }
}

/** Throws `Uf2FamilyError` when nothing in the image is for `chip` (the ROM would ignore it all). */
export function checkFamilyForChip(image: Uf2Image, chip: Chip): void {
  if (imageBlocks(image, chip).length > 0 || imageBlocks(image).length === 0) return;
  const families = image.runs.filter((r) => !r.erratumBlock).map((r) => familyById(r.familyId)!);
  const chips = [...new Set(families.flatMap((f) => f.chips))].join("/");
  throw new Uf2FamilyError(
    `wrong family: the UF2 is for ${chips} (family ${
      [...new Set(families.map((f) => f.name))].join(", ")
    }) ` +
      `but the board in BOOTSEL is an ${chip}`,
  );
}
