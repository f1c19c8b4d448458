/**
 * Building a UF2 from a raw binary: one 256-byte page per block (what the Raspberry Pi boot ROMs
 * take), the last page padded with 0xFF like erased flash, every block carrying the family ID.
 */

import {
  BLOCK_SIZE,
  DATA_OFFSET,
  FLAG_FAMILY_ID,
  hex32,
  MAGIC_END,
  MAGIC_START0,
  MAGIC_START1,
  RP2_PAYLOAD,
  Uf2Error,
} from "./format.ts";
import { FAMILY_RP2040, familyById, familyName, regionOf, regionsFor } from "./families.ts";

export interface FromBinaryOptions {
  /** Address of the binary's first byte (e.g. 0x10000000, the start of flash). */
  base: number;
  /** Family ID (default RP2040); see `parseFamily` for names. */
  familyId?: number;
}

/**
 * Wraps `binary` as a UF2 file.
 *
 * ```ts
 * const uf2 = uf2FromBinary(await Deno.readFile("firmware.bin"), { base: 0x10000000 });
 * await Deno.writeFile("firmware.uf2", uf2);
 * ```
 */
export function uf2FromBinary(binary: Uint8Array, options: FromBinaryOptions): Uint8Array {
  const base = options.base;
  const familyId = options.familyId ?? FAMILY_RP2040;
  if (!Number.isInteger(base) || base < 0 || base > 0xffffffff) {
    throw new Uf2Error(`base address ${base} is not a 32-bit address`);
  }
  if (base % RP2_PAYLOAD !== 0) {
    throw new Uf2Error(`base address ${hex32(base)} is not 256-byte aligned`);
  }
  if (binary.length === 0) throw new Uf2Error("the binary is empty");
  const pages = Math.ceil(binary.length / RP2_PAYLOAD);
  if (familyById(familyId) && !regionOf(familyId, base, pages * RP2_PAYLOAD)) {
    const allowed = regionsFor(familyId).map((r) => `${r.name} ${hex32(r.start)}..${hex32(r.end)}`);
    throw new Uf2Error(
      `${binary.length} bytes at ${hex32(base)} do not fit in ${allowed.join(" or ")} (family ${
        familyName(familyId)
      })`,
    );
  }
  const out = new Uint8Array(pages * BLOCK_SIZE);
  const view = new DataView(out.buffer);
  for (let page = 0; page < pages; page++) {
    const at = page * BLOCK_SIZE;
    view.setUint32(at, MAGIC_START0, true);
    view.setUint32(at + 4, MAGIC_START1, true);
    view.setUint32(at + 8, FLAG_FAMILY_ID, true);
    view.setUint32(at + 12, base + page * RP2_PAYLOAD, true);
    view.setUint32(at + 16, RP2_PAYLOAD, true);
    view.setUint32(at + 20, page, true);
    view.setUint32(at + 24, pages, true);
    view.setUint32(at + 28, familyId, true);
    const chunk = binary.subarray(page * RP2_PAYLOAD, (page + 1) * RP2_PAYLOAD);
    out.set(chunk, at + DATA_OFFSET);
    out.fill(0xff, at + DATA_OFFSET + chunk.length, at + DATA_OFFSET + RP2_PAYLOAD);
    view.setUint32(at + 508, MAGIC_END, true);
  }
  return out;
}
