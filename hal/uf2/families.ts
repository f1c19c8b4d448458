/**
 * UF2 family IDs of Raspberry Pi's chips and the memory their boot ROMs write to.
 *
 * The family ID (word 7 of a block when flag 0x2000 is set) tells a boot ROM whether a block is
 * meant for it. The RP2040 ROM only accepts `rp2040` (and `absolute`/`data` on later tools); the
 * RP2350 ROM accepts its three image families, `absolute` (written to flash ignoring partitions)
 * and `data`. Values from the RP2350 datasheet's table of standard family IDs.
 */

import { Uf2Error } from "./format.ts";

export const FAMILY_RP2040 = 0xe48bff56;
export const FAMILY_ABSOLUTE = 0xe48bff57;
export const FAMILY_DATA = 0xe48bff58;
export const FAMILY_RP2350_ARM_S = 0xe48bff59;
export const FAMILY_RP2350_RISCV = 0xe48bff5a;
export const FAMILY_RP2350_ARM_NS = 0xe48bff5b;

/** A chip a UF2 can be meant for. */
export type Chip = "RP2040" | "RP2350";

export interface FamilyInfo {
  readonly id: number;
  /** The name used on the command line (`--family rp2350-arm-s`). */
  readonly name: string;
  readonly description: string;
  /** Chips whose boot ROM accepts this family. */
  readonly chips: readonly Chip[];
}

export const FAMILIES: readonly FamilyInfo[] = [
  { id: FAMILY_RP2040, name: "rp2040", description: "RP2040 executable image", chips: ["RP2040"] },
  {
    id: FAMILY_ABSOLUTE,
    name: "absolute",
    description: "absolute flash contents (ignores partitions)",
    chips: ["RP2040", "RP2350"],
  },
  {
    id: FAMILY_DATA,
    name: "data",
    description: "data (not an executable)",
    chips: ["RP2040", "RP2350"],
  },
  {
    id: FAMILY_RP2350_ARM_S,
    name: "rp2350-arm-s",
    description: "RP2350 Arm Secure image",
    chips: ["RP2350"],
  },
  {
    id: FAMILY_RP2350_RISCV,
    name: "rp2350-riscv",
    description: "RP2350 RISC-V image",
    chips: ["RP2350"],
  },
  {
    id: FAMILY_RP2350_ARM_NS,
    name: "rp2350-arm-ns",
    description: "RP2350 Arm Non-secure image",
    chips: ["RP2350"],
  },
];

/** The family with this ID, or undefined for one that is not a Raspberry Pi family. */
export function familyById(id: number): FamilyInfo | undefined {
  return FAMILIES.find((family) => family.id === id);
}

/** `rp2040` for a known family, `0x12345678` for any other. */
export function familyName(id: number): string {
  return familyById(id)?.name ?? `0x${id.toString(16).padStart(8, "0")}`;
}

/**
 * A family from a command-line spelling: a name from `FAMILIES` (case-insensitive; `rp2350`
 * alone means the Arm Secure image, what MicroPython's RP2350 builds use) or a number.
 */
export function parseFamily(text: string): number {
  const lower = text.trim().toLowerCase();
  if (lower === "rp2350") return FAMILY_RP2350_ARM_S;
  const named = FAMILIES.find((family) => family.name === lower);
  if (named) return named.id;
  if (/^(0x[0-9a-f]{1,8}|[0-9]+)$/.test(lower)) {
    const value = Number(lower);
    if (value <= 0xffffffff) return value;
  }
  throw new Uf2Error(
    `unknown UF2 family "${text}": use one of ${
      FAMILIES.map((f) => f.name).join(", ")
    }, rp2350, or a number`,
  );
}

/** A span of the address map: [start, end). */
export interface Region {
  readonly name: "flash" | "sram";
  readonly start: number;
  readonly end: number;
}

/**
 * Where the boot ROMs will put UF2 data. Flash is the 16 MB XIP window of the first chip select;
 * SRAM is for images that run from RAM (`no_flash` builds), which only the mass-storage drive
 * can load.
 */
export const FLASH_START = 0x10000000;
export const FLASH_WINDOW_END = 0x11000000;
const REGIONS: Record<Chip, readonly Region[]> = {
  RP2040: [
    { name: "flash", start: FLASH_START, end: FLASH_WINDOW_END },
    { name: "sram", start: 0x20000000, end: 0x20042000 },
  ],
  RP2350: [
    { name: "flash", start: FLASH_START, end: FLASH_WINDOW_END },
    { name: "sram", start: 0x20000000, end: 0x20082000 },
  ],
};

/** The memory regions a family's blocks may target (the union over the chips that take it). */
export function regionsFor(familyId: number): readonly Region[] {
  const family = familyById(familyId);
  const chips = family ? family.chips : (["RP2040", "RP2350"] as const);
  return chips.length === 1 ? REGIONS[chips[0]] : REGIONS.RP2350;
}

/** The region holding `[address, address + length)`, or undefined. */
export function regionOf(familyId: number, address: number, length: number): Region | undefined {
  return regionsFor(familyId).find((r) => address >= r.start && address + length <= r.end);
}
