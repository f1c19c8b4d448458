/**
 * UF2 parsing, validation and building: round trips, every validation error on a crafted file
 * (each must name the first bad block), and an image of the shape of a MicroPython rp2 release
 * (no MicroPython UF2 ships in an npm package, so one of the same shape is generated: 256-byte
 * payloads from 0x10000000, family rp2040, ~650 KB; and an RP2350 one led by the E10 block).
 */

import assert from "node:assert/strict";
import {
  BLOCK_SIZE,
  FAMILY_RP2040,
  FAMILY_RP2350_ARM_S,
  formatSummary,
  parseFamily,
  parseUf2,
  summarizeUf2,
  Uf2Error,
  uf2FromBinary,
  uf2ToBinary,
} from "../hal/uf2/mod.ts";
import { firmwareBytes, rp2350ImageWithErratumBlock } from "./fixtures/uf2/images.ts";

function setWord(uf2: Uint8Array, block: number, offset: number, value: number): Uint8Array {
  const copy = uf2.slice();
  new DataView(copy.buffer).setUint32(block * BLOCK_SIZE + offset, value >>> 0, true);
  return copy;
}

function rejects(uf2: Uint8Array, block: number | undefined, pattern: RegExp): void {
  assert.throws(() => parseUf2(uf2), (error: unknown) => {
    assert.ok(error instanceof Uf2Error, String(error));
    assert.equal(error.block, block, error.message);
    assert.match(error.message, pattern);
    if (block !== undefined) {
      assert.match(error.message, new RegExp(`^block ${block} \\(file offset 0x`));
    }
    return true;
  });
}

Deno.test("uf2: bin -> uf2 -> bin round trip, exact multiple of a page", () => {
  const bin = firmwareBytes(256 * 40);
  const uf2 = uf2FromBinary(bin, { base: 0x10000000 });
  assert.equal(uf2.length, 40 * BLOCK_SIZE);
  const back = uf2ToBinary(parseUf2(uf2));
  assert.equal(back.base, 0x10000000);
  assert.deepEqual(back.data, bin);
});

Deno.test("uf2: round trip of an odd length pads the last page with 0xFF", () => {
  const bin = firmwareBytes(1000, 7);
  const image = parseUf2(uf2FromBinary(bin, { base: 0x10004000, familyId: FAMILY_RP2350_ARM_S }));
  const back = uf2ToBinary(image);
  assert.equal(back.base, 0x10004000);
  assert.equal(back.data.length, 1024);
  assert.deepEqual(back.data.subarray(0, 1000), bin);
  assert.ok(back.data.subarray(1000).every((b) => b === 0xff));
  assert.equal(summarizeUf2(image).chip, "RP2350");
});

Deno.test("uf2: block layout is the spec's, byte by byte", () => {
  const uf2 = uf2FromBinary(new Uint8Array(300).fill(0xab), { base: 0x10000000 });
  const view = new DataView(uf2.buffer);
  const words = (block: number) =>
    Array.from({ length: 8 }, (_, i) => view.getUint32(block * 512 + i * 4, true));
  assert.deepEqual(words(0), [0x0a324655, 0x9e5d5157, 0x2000, 0x10000000, 256, 0, 2, 0xe48bff56]);
  assert.deepEqual(words(1), [0x0a324655, 0x9e5d5157, 0x2000, 0x10000100, 256, 1, 2, 0xe48bff56]);
  assert.equal(view.getUint32(508, true), 0x0ab16f30);
  assert.equal(uf2[32 + 255], 0xab);
  assert.equal(uf2[32 + 256], 0, "bytes after the payload are zero");
  assert.equal(uf2[512 + 32 + 43], 0xab);
  assert.equal(uf2[512 + 32 + 44], 0xff, "last page padded with 0xFF");
});

Deno.test("uf2: a MicroPython-shaped RP2040 image summarises like the release", () => {
  const bin = firmwareBytes(652 * 1024 + 100, 3);
  const image = parseUf2(uf2FromBinary(bin, { base: 0x10000000 }));
  const summary = summarizeUf2(image);
  assert.equal(summary.blockCount, 2609);
  assert.deepEqual(summary.families, ["rp2040"]);
  assert.equal(summary.chip, "RP2040");
  assert.equal(summary.start, 0x10000000);
  assert.equal(summary.end, 0x10000000 + 2609 * 256);
  assert.equal(summary.size, 2609 * 256);
  assert.equal(
    formatSummary(summary),
    [
      "family:  rp2040 (RP2040)",
      "address: 0x10000000..0x100a3100 (flash)",
      "size:    667904 bytes (652.3 KiB)",
      "blocks:  2609",
    ].join("\n"),
  );
});

Deno.test("uf2: an RP2350 image with the E10 workaround block parses as two runs", () => {
  const bin = firmwareBytes(4096 * 3, 9);
  const image = parseUf2(rp2350ImageWithErratumBlock(bin));
  assert.equal(image.runs.length, 2);
  assert.equal(image.runs[0].erratumBlock, true);
  const summary = summarizeUf2(image);
  assert.equal(summary.chip, "RP2350");
  assert.equal(summary.start, 0x10000000);
  assert.equal(summary.size, bin.length);
  assert.ok(summary.hasErratumBlock);
  assert.deepEqual(uf2ToBinary(image).data, bin);
  assert.match(formatSummary(summary), /2 runs/);
});

Deno.test("uf2: RAM images are accepted and reported as sram", () => {
  const image = parseUf2(uf2FromBinary(firmwareBytes(512), { base: 0x20000000 }));
  assert.deepEqual(summarizeUf2(image).regions, ["sram"]);
});

Deno.test("uf2: every validation error names the first bad block", () => {
  const good = uf2FromBinary(firmwareBytes(256 * 6), { base: 0x10000000 });
  rejects(new Uint8Array(0), undefined, /empty/);
  rejects(good.subarray(0, 512 * 3 + 100), 3, /truncated.*not a multiple of 512.*100 bytes/);
  rejects(setWord(good, 1, 0, 0).subarray(0, 512 * 3 + 100), 1, /bad first magic/);
  rejects(setWord(good, 2, 0, 0x12345678), 2, /bad first magic 0x12345678, expected 0x0a324655/);
  rejects(setWord(good, 4, 4, 0), 4, /bad second magic 0x00000000/);
  rejects(setWord(good, 1, 508, 0xdeadbeef), 1, /bad end magic 0xdeadbeef/);
  rejects(setWord(good, 3, 8, 0x2000 | 0x1000), 3, /file-container/);
  rejects(setWord(good, 2, 16, 0), 2, /payload size 0 is outside 1\.\.476/);
  rejects(setWord(good, 2, 16, 477), 2, /payload size 477/);
  rejects(
    setWord(setWord(good, 2, 8, 0x2000 | 0x4000), 2, 16, 460),
    2,
    /payload size 460 is outside 1\.\.452/,
  );
  rejects(setWord(good, 2, 16, 128), 2, /only 256-byte blocks/);
  rejects(setWord(good, 0, 24, 0), 0, /block count \(numBlocks\) is 0/);
  rejects(setWord(good, 5, 20, 6), 5, /block number 6 is not below the block count 6/);
  rejects(setWord(good, 0, 8, 0), 0, /no family ID/);
  rejects(setWord(good, 2, 28, 0x68ed2b88), 2, /family 0x68ed2b88 is not an RP2040\/RP2350 family/);
  rejects(setWord(good, 3, 28, FAMILY_RP2350_ARM_S), 3, /family rp2350-arm-s differs from rp2040/);
  rejects(setWord(good, 0, 20, 1), 0, /block number 1, expected 0/);
  rejects(
    setWord(good, 3, 20, 4),
    3,
    /block number 4, expected 3 \(blocks missing, repeated or out of order\)/,
  );
  rejects(setWord(good, 4, 24, 7), 4, /block count 7 differs from 6/);
  rejects(setWord(good, 1, 12, 0x10000080), 1, /0x10000080 is not 256-byte aligned/);
  rejects(
    setWord(good, 5, 12, 0x11000000),
    5,
    /0x11000000 is outside flash 0x10000000\.\.0x11000000 and sram/,
  );
  rejects(setWord(good, 4, 12, 0x10000100), 4, /writes 0x10000100 again \(block 1 already did\)/);
  // A file cut short at a block boundary: the first missing block is named.
  rejects(
    good.subarray(0, 512 * 4),
    4,
    /ends after 4 of 6 blocks: block number 4 and later are missing/,
  );
});

Deno.test("uf2: not-main-flash blocks are counted and left out", () => {
  const good = uf2FromBinary(firmwareBytes(256 * 3), { base: 0x10000000 });
  const image = parseUf2(setWord(good, 1, 8, 0x2000 | 0x1));
  const summary = summarizeUf2(image);
  assert.equal(summary.skippedBlocks, 1);
  assert.equal(summary.size, 512);
});

Deno.test("uf2: from-bin rejects bad arguments clearly", () => {
  const bin = firmwareBytes(100);
  assert.throws(() => uf2FromBinary(bin, { base: 0x10000010 }), /not 256-byte aligned/);
  assert.throws(() => uf2FromBinary(new Uint8Array(0), { base: 0x10000000 }), /binary is empty/);
  assert.throws(
    () => uf2FromBinary(firmwareBytes(512), { base: 0x10ffff00 }),
    /do not fit in flash/,
  );
  assert.throws(() => uf2FromBinary(bin, { base: -1 }), /not a 32-bit address/);
});

Deno.test("uf2: family names", () => {
  assert.equal(parseFamily("rp2040"), FAMILY_RP2040);
  assert.equal(parseFamily("RP2350"), FAMILY_RP2350_ARM_S);
  assert.equal(parseFamily("rp2350-riscv"), 0xe48bff5a);
  assert.equal(parseFamily("0xe48bff58"), 0xe48bff58);
  assert.throws(
    () => parseFamily("esp32"),
    (e: unknown) => e instanceof Uf2Error && /unknown UF2 family "esp32"/.test(e.message),
  );
});

Deno.test("uf2: a universal UF2 (RP2040 and RP2350 images at the same addresses)", () => {
  const a = uf2FromBinary(firmwareBytes(512, 1), { base: 0x10000000 });
  const b = uf2FromBinary(firmwareBytes(512, 2), {
    base: 0x10000000,
    familyId: FAMILY_RP2350_ARM_S,
  });
  const file = new Uint8Array(a.length + b.length);
  file.set(a);
  file.set(b, a.length);
  const image = parseUf2(file);
  assert.equal(summarizeUf2(image).chip, "universal");
  assert.match(
    formatSummary(summarizeUf2(image)),
    /^family: {2}rp2040, rp2350-arm-s \(RP2040 and RP2350\)/,
  );
  assert.throws(() => uf2ToBinary(image), /say which chip/);
  assert.deepEqual(uf2ToBinary(image, "RP2040").data, firmwareBytes(512, 1));
  assert.deepEqual(uf2ToBinary(image, "RP2350").data, firmwareBytes(512, 2));
  // The same family writing an address twice is still an error.
  assert.throws(
    () => parseUf2(new Uint8Array([...a, ...a])),
    /block 2 .*writes 0x10000000 again \(block 0 already did\)/,
  );
});

Deno.test("uf2: random header corruption only ever gives a Uf2Error or a valid image", () => {
  const good = uf2FromBinary(firmwareBytes(256 * 12, 5), { base: 0x10000000 });
  const random = firmwareBytes(4096, 99);
  let rejected = 0;
  for (let trial = 0; trial < 400; trial++) {
    const bad = good.slice(0, good.length - (trial % 7 === 0 ? random[trial] : 0));
    for (let flip = 0; flip < 1 + (trial % 3); flip++) {
      const r = random[(trial * 3 + flip) % random.length] + trial;
      // A header word or the end magic of some block.
      const offset = r % 9 === 8 ? 508 + (r % 4) : r % 32;
      const at = ((r * 7) % 12) * 512 + offset;
      if (at < bad.length) bad[at] ^= 1 << ((r >> 3) % 8);
    }
    try {
      parseUf2(bad);
    } catch (error) {
      assert.ok(error instanceof Uf2Error, `trial ${trial}: ${error}`);
      rejected++;
    }
  }
  assert.ok(rejected > 250, `only ${rejected} of 400 corruptions rejected`);
});
