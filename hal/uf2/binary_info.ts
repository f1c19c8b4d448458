/**
 * Binary info: the metadata the Pico SDK links into every program (name, version, build date,
 * board, features, the flash range of MicroPython's file system), which tells what a UF2 file or
 * a board's flash holds without running it.
 *
 * Layout (pico-sdk binary_info defs): a header within the first 256 bytes of the program (after
 * the 256-byte boot2 on an RP2040) of five words: MARKER_START 0x7188EBF2, start and end of an
 * array of pointers to entries, a pointer to an address mapping table, MARKER_END 0xE71AA390.
 * Each entry starts with u16 type and u16 tag. Strings may have been linked at RAM addresses; the
 * mapping table (triples source, destination start, destination end; source 0 ends it) says
 * where in flash their initial copies live.
 *
 * Reading is bounded (entry count, string length) and tolerant: a pointer that leads outside
 * what can be read skips that entry, so a corrupt table yields less information, never a hang.
 */

import { FLASH_START } from "./families.ts";
import { imageBlocks, type Uf2Image } from "./parse.ts";

const MARKER_START = 0x7188ebf2;
const MARKER_END = 0xe71aa390;
const TYPE_ID_AND_INT = 5;
const TYPE_ID_AND_STRING = 6;
const TYPE_BLOCK_DEVICE = 7;
/** BINARY_INFO_MAKE_TAG('R', 'P'). */
const TAG_RASPBERRY_PI = 0x5052;

const ID_PROGRAM_NAME = 0x02031c86;
const ID_PROGRAM_VERSION = 0x11a9bc3a;
const ID_BUILD_DATE = 0x9da22254;
const ID_PROGRAM_URL = 0x1856239a;
const ID_PROGRAM_DESCRIPTION = 0xb6a07c19;
const ID_PROGRAM_FEATURE = 0xa1f4b453;
const ID_SDK_VERSION = 0x5360b3ab;
const ID_PICO_BOARD = 0xb63cffbb;
const ID_BINARY_END = 0x68f465de;

const MAX_ENTRIES = 512;
const MAX_STRING = 256;
/** Where the header may start: the first page, or the second after an RP2040's boot2. */
const HEADER_SEARCH = 0x200;

/** What the program says about itself. Absent fields were not declared. */
export interface BinaryInfo {
  programName?: string;
  version?: string;
  buildDate?: string;
  url?: string;
  description?: string;
  board?: string;
  sdkVersion?: string;
  /** One past the program's last byte, when declared. */
  binaryEnd?: number;
  features: string[];
  /** Flash ranges the program uses as storage (MicroPython's file system). */
  blockDevices: { name: string; address: number; size: number }[];
}

/** Reads `length` bytes at `address`, or null when that memory cannot be read. */
export type MemoryReader = (address: number, length: number) => Promise<Uint8Array | null>;

/** A reader over the blocks of a UF2 image (bytes it does not cover read as unavailable). */
export function imageReader(image: Uf2Image): MemoryReader {
  const pages = new Map<number, Uint8Array>();
  for (const block of imageBlocks(image)) pages.set(block.targetAddr, block.data);
  return (address, length) => Promise.resolve(readPages(pages, address, length));
}

function readPages(
  pages: Map<number, Uint8Array>,
  address: number,
  length: number,
): Uint8Array | null {
  const out = new Uint8Array(length);
  for (let done = 0; done < length;) {
    const at = address + done;
    const base = at - (at % 256);
    const page = pages.get(base);
    if (!page) return null;
    const take = Math.min(length - done, base + page.length - at);
    if (take <= 0) return null;
    out.set(page.subarray(at - base, at - base + take), done);
    done += take;
  }
  return out;
}

/** A reader that fetches whole 256-byte pages through `readPage` and keeps them. */
export function cachedReader(
  readPage: (address: number) => Promise<Uint8Array | null>,
): MemoryReader {
  const pages = new Map<number, Uint8Array | null>();
  return async (address, length) => {
    for (let base = address - (address % 256); base < address + length; base += 256) {
      if (!pages.has(base)) pages.set(base, await readPage(base));
    }
    const present = new Map<number, Uint8Array>();
    for (const [base, page] of pages) if (page) present.set(base, page);
    return readPages(present, address, length);
  };
}

/** The program's binary info, or null when it has none (not a Pico SDK program, or blank). */
export async function readBinaryInfo(read: MemoryReader): Promise<BinaryInfo | null> {
  const head = await read(FLASH_START, HEADER_SEARCH + 20);
  if (!head) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let header = -1;
  for (let offset = 0; offset + 20 <= head.length; offset += 4) {
    if (
      view.getUint32(offset, true) === MARKER_START &&
      view.getUint32(offset + 16, true) === MARKER_END
    ) {
      header = offset;
      break;
    }
  }
  if (header < 0) return null;
  const entriesStart = view.getUint32(header + 4, true);
  const entriesEnd = view.getUint32(header + 8, true);
  const mappingTable = view.getUint32(header + 12, true);
  const mappings = await readMappings(read, mappingTable);
  const translate = (address: number): number => {
    for (const m of mappings) {
      if (address >= m.destinationStart && address < m.destinationEnd) {
        return m.source + (address - m.destinationStart);
      }
    }
    return address;
  };
  const string = async (address: number): Promise<string | null> => {
    const at = translate(address);
    let text = "";
    for (let i = 0; i < MAX_STRING; i++) {
      const byte = await read(at + i, 1);
      if (!byte) return null;
      if (byte[0] === 0) return text;
      text += String.fromCharCode(byte[0]);
    }
    return text;
  };

  const info: BinaryInfo = { features: [], blockDevices: [] };
  const count = Math.min(MAX_ENTRIES, Math.max(0, (entriesEnd - entriesStart) / 4));
  const pointers = count > 0 ? await read(translate(entriesStart), count * 4) : null;
  if (!pointers) return info;
  const pointerView = new DataView(pointers.buffer, pointers.byteOffset);
  for (let i = 0; i < count; i++) {
    const entry = translate(pointerView.getUint32(i * 4, true));
    const core = await read(entry, 16);
    if (!core) continue;
    const fields = new DataView(core.buffer, core.byteOffset);
    const type = fields.getUint16(0, true);
    const tag = fields.getUint16(2, true);
    if (tag !== TAG_RASPBERRY_PI) continue;
    if (type === TYPE_ID_AND_STRING) {
      const text = await string(fields.getUint32(8, true));
      if (text !== null) applyString(info, fields.getUint32(4, true), text);
    } else if (type === TYPE_ID_AND_INT && fields.getUint32(4, true) === ID_BINARY_END) {
      info.binaryEnd = fields.getUint32(8, true);
    } else if (type === TYPE_BLOCK_DEVICE) {
      const name = await string(fields.getUint32(4, true));
      info.blockDevices.push({
        name: name ?? "",
        address: fields.getUint32(8, true),
        size: fields.getUint32(12, true),
      });
    }
  }
  return info;
}

function applyString(info: BinaryInfo, id: number, text: string): void {
  switch (id) {
    case ID_PROGRAM_NAME:
      info.programName = text;
      break;
    case ID_PROGRAM_VERSION:
      info.version = text;
      break;
    case ID_BUILD_DATE:
      info.buildDate = text;
      break;
    case ID_PROGRAM_URL:
      info.url = text;
      break;
    case ID_PROGRAM_DESCRIPTION:
      info.description = text;
      break;
    case ID_PROGRAM_FEATURE:
      info.features.push(text);
      break;
    case ID_SDK_VERSION:
      info.sdkVersion = text;
      break;
    case ID_PICO_BOARD:
      info.board = text;
      break;
  }
}

interface Mapping {
  source: number;
  destinationStart: number;
  destinationEnd: number;
}

async function readMappings(read: MemoryReader, table: number): Promise<Mapping[]> {
  const mappings: Mapping[] = [];
  for (let i = 0; i < 16; i++) {
    const bytes = await read(table + i * 12, 12);
    if (!bytes) break;
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const source = view.getUint32(0, true);
    if (source === 0) break;
    mappings.push({
      source,
      destinationStart: view.getUint32(4, true),
      destinationEnd: view.getUint32(8, true),
    });
  }
  return mappings;
}

/** The binary info as the lines `uf2 info` and `info` print (empty when there is none). */
export function formatBinaryInfo(info: BinaryInfo | null): string[] {
  if (!info) return [];
  const lines: string[] = [];
  if (info.programName || info.version) {
    lines.push(
      `program: ${[info.programName, info.version].filter(Boolean).join(" ")}` +
        (info.buildDate ? ` (${info.buildDate})` : ""),
    );
  }
  if (info.description) lines.push(`about:   ${info.description}`);
  if (info.board) lines.push(`board:   ${info.board}`);
  if (info.sdkVersion) lines.push(`sdk:     ${info.sdkVersion}`);
  if (info.url) lines.push(`url:     ${info.url}`);
  for (const feature of info.features) lines.push(`feature: ${feature}`);
  for (const device of info.blockDevices) {
    lines.push(
      `storage: ${device.name || "block device"} at 0x${device.address.toString(16)}, ${
        device.size / 1024
      } KiB`,
    );
  }
  return lines;
}
