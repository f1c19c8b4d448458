/**
 * Binary info read from a UF2 image and from a board's flash over PICOBOOT (a generated program
 * laid out like a Pico SDK build, see tests/fixtures/uf2/images.ts), and its bounds on corrupt data.
 */

import assert from "node:assert/strict";
import {
  cachedReader,
  formatBinaryInfo,
  imageReader,
  parseUf2,
  readBinaryInfo,
  uf2FromBinary,
} from "../hal/uf2/mod.ts";
import { DECLARED_INFO, firmwareBytes, micropythonLikeBinary } from "./fixtures/uf2/images.ts";

Deno.test("binary info: read from a UF2 image, RAM-linked strings through the mapping table", async () => {
  const image = parseUf2(uf2FromBinary(micropythonLikeBinary(), { base: 0x10000000 }));
  const info = await readBinaryInfo(imageReader(image));
  assert.deepEqual(info, { ...DECLARED_INFO });
  assert.deepEqual(formatBinaryInfo(info), [
    "program: MicroPython v1.24.1 (2024-11-29)",
    "board:   pico",
    "feature: thread support",
    "feature: USB REPL",
    "storage: MicroPython at 0x100a0000, 1408 KiB",
  ]);
});

Deno.test("binary info: none in a program without the header", async () => {
  const image = parseUf2(uf2FromBinary(firmwareBytes(8192), { base: 0x10000000 }));
  assert.equal(await readBinaryInfo(imageReader(image)), null);
  assert.deepEqual(formatBinaryInfo(null), []);
});

Deno.test("binary info: corrupt tables give less information, not an error or a hang", async () => {
  const bin = micropythonLikeBinary();
  const view = new DataView(bin.buffer);
  view.setUint32(0x118, 0x1fffffff, true); // entry array end far away: the count is capped
  view.setUint32(0x1000, 0x10ffff00, true); // first entry points outside the image: skipped
  const reads: number[] = [];
  const reader = imageReader(parseUf2(uf2FromBinary(bin, { base: 0x10000000 })));
  const info = await readBinaryInfo((address, length) => {
    reads.push(length);
    return reader(address, length);
  });
  assert.ok(info);
  assert.equal(info.programName, undefined, "the entry with the bad pointer is skipped");
  assert.equal(info.board, "pico");
  assert.ok(reads.length < 5000);
});

Deno.test("binary info: the cached page reader asks for each page once", async () => {
  const bin = micropythonLikeBinary();
  const asked: number[] = [];
  const reader = cachedReader((address) => {
    asked.push(address);
    const offset = address - 0x10000000;
    return Promise.resolve(
      offset >= 0 && offset < bin.length ? bin.slice(offset, offset + 256) : null,
    );
  });
  const info = await readBinaryInfo(reader);
  assert.equal(info?.version, "v1.24.1");
  assert.equal(new Set(asked).size, asked.length);
});

Deno.test("binary info: random bytes around a valid header never throw", async () => {
  const noise = firmwareBytes(64 * 1024, 7);
  for (let trial = 0; trial < 50; trial++) {
    const bin = micropythonLikeBinary(64 * 1024, trial + 1);
    // Scramble one region the reader follows: header, pointer array, entries or strings.
    const region = [0x110, 0x1000, 0x1100, 0x2000, 0x3000][trial % 5];
    bin.set(noise.subarray(trial * 64, trial * 64 + 48), region);
    const image = parseUf2(uf2FromBinary(bin, { base: 0x10000000 }));
    const info = await readBinaryInfo(imageReader(image));
    assert.ok(info === null || Array.isArray(info.features));
  }
});
