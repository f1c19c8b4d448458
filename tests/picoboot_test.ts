/**
 * The PICOBOOT flasher against a fake boot ROM (tests/picoboot_fake_rom.ts) behind the same USB
 * device interface the libusb binding implements: the command stream checked byte by byte, the
 * flash compared at the end, and the failure paths (wrong family, image larger than flash, a
 * board that vanishes mid-flash or stops answering, a command the ROM refuses).
 */

import assert from "node:assert/strict";
import { FakeBootRom } from "./picoboot_fake_rom.ts";
import { firmwareBytes, rp2350ImageWithErratumBlock } from "./fixtures/uf2/images.ts";
import { FAMILY_RP2350_ARM_S, parseUf2, Uf2FamilyError, uf2FromBinary } from "../hal/uf2/mod.ts";
import {
  detectFlashSize,
  flashImage,
  FlashImageError,
  FlashInterruptedError,
  type FlashProgress,
  PC_EXCLUSIVE_ACCESS,
  PC_EXIT_XIP,
  PC_FLASH_ERASE,
  PC_READ,
  PC_REBOOT,
  PC_REBOOT2,
  PC_WRITE,
  PicobootCommandError,
  PicobootConnection,
  PicobootDisconnectedError,
  PicobootTimeoutError,
} from "../hal/picoboot/mod.ts";
import { UsbDeviceNotFoundError } from "../hal/libusb/errors.ts";

const MiB = 1024 * 1024;

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("picoboot: flashes an RP2040 image, command by command, and verifies", async () => {
  const rom = new FakeBootRom({ flashSize: 2 * MiB, contents: firmwareBytes(8192, 42) });
  const bin = firmwareBytes(3 * 4096 + 512, 5);
  const image = parseUf2(uf2FromBinary(bin, { base: 0x10000000 }));
  const connection = await PicobootConnection.open(rom);
  assert.equal(connection.chip, "RP2040");
  assert.equal(connection.interfaceNumber, 1);
  assert.deepEqual(await connection.strings(), {
    manufacturer: "Raspberry Pi",
    product: "RP2 Boot",
    serialNumber: "E0C9125B0D9B",
  });
  const progress: FlashProgress[] = [];
  const report = await flashImage(connection, image, { onProgress: (p) => progress.push(p) });
  await connection.close();

  assert.equal(report.sectors, 4);
  assert.equal(report.flashSize, 2 * MiB);
  assert.ok(report.verified && report.rebooted && rom.rebooted);
  // The flash holds the image; the rest of the last sector is erased.
  assert.deepEqual(rom.flash.subarray(0, bin.length), bin);
  assert.ok(rom.flash.subarray(bin.length, 4 * 4096).every((b) => b === 0xff));

  // The exact first packet: magic, token 1, EXCLUSIVE_ACCESS, 1 arg byte, no data, EXCLUSIVE_AND_EJECT.
  assert.equal(
    hex(rom.log[0].raw),
    "0bd11f43" + "01000000" + "01" + "01" + "0000" + "00000000" + "02" + "00".repeat(15),
  );
  assert.equal(
    hex(rom.log[1].raw),
    "0bd11f43" + "02000000" + "06" + "00" + "0000" + "00000000" + "00".repeat(16),
  );
  // Tokens count up, one per command.
  assert.deepEqual(rom.log.map((e) => e.command.token), rom.log.map((_, i) => i + 1));
  // Size probe (reads at 0, then 128K, 256K ... 2M, where the 2 MiB chip wraps), then erase+write per sector.
  const ids = rom.commandIds();
  assert.deepEqual(ids.slice(0, 2), [PC_EXCLUSIVE_ACCESS, PC_EXIT_XIP]);
  const probes = ids.slice(2, 2 + 6);
  assert.deepEqual(probes, Array(6).fill(PC_READ));
  assert.deepEqual(
    rom.log.slice(3, 8).map((e) => e.command.args[2] << 16 | e.command.args[1] << 8),
    [
      0x020000,
      0x040000,
      0x080000,
      0x100000,
      0x200000,
    ],
  );
  // One erase for the four contiguous sectors (inside one 64 KiB block), then a write per sector.
  const writes = rom.log.slice(8, 13);
  assert.deepEqual(writes.map((e) => e.command.id), [
    PC_FLASH_ERASE,
    PC_WRITE,
    PC_WRITE,
    PC_WRITE,
    PC_WRITE,
  ]);
  assert.equal(
    hex(writes[0].raw),
    "0bd11f43" + "09000000" + "03" + "08" + "0000" + "00000000" + "00000010" + "00400000" +
      "00".repeat(8),
  );
  assert.equal(
    hex(writes[2].raw),
    "0bd11f43" + "0b000000" + "05" + "08" + "0000" + "00100000" + "00100010" + "00100000" +
      "00".repeat(8),
  );
  assert.deepEqual(writes[2].data, bin.subarray(4096, 8192));
  assert.deepEqual(ids.slice(13, 17), [PC_READ, PC_READ, PC_READ, PC_READ]);
  assert.equal(ids[17], PC_REBOOT);
  assert.equal(hex(rom.log[17].raw.subarray(16, 28)), "00000000" + "00200420" + "f4010000");
  assert.equal(ids.length, 18);
  assert.ok(rom.log.every((e) => e.status === 0));

  // Progress: one step per sector for each phase, ending at total.
  assert.deepEqual(progress.filter((p) => p.phase === "erase+write").map((p) => p.done), [
    0,
    1,
    2,
    3,
    4,
  ]);
  assert.deepEqual(progress.filter((p) => p.phase === "verify").map((p) => p.done), [
    0,
    1,
    2,
    3,
    4,
  ]);
});

Deno.test("picoboot: an RP2350 image (with the E10 block) on an RP2350 uses REBOOT2", async () => {
  const rom = new FakeBootRom({ chip: "RP2350", flashSize: 4 * MiB });
  const bin = firmwareBytes(2 * 4096, 11);
  const connection = await PicobootConnection.open(rom);
  const report = await flashImage(connection, parseUf2(rp2350ImageWithErratumBlock(bin)));
  assert.deepEqual(rom.flash.subarray(0, bin.length), bin);
  // Blank flash: the size was found after the first sector was written.
  assert.equal(report.flashSize, 4 * MiB);
  assert.ok(
    rom.flash.subarray(4 * MiB - 256).every((b) => b === 0xff),
    "the erratum block is not written",
  );
  assert.equal(rom.commandIds().at(-1), PC_REBOOT2);
  await connection.close();
});

Deno.test("picoboot: wrong family is refused before anything is written", async () => {
  const rom = new FakeBootRom({ chip: "RP2040" });
  const connection = await PicobootConnection.open(rom);
  const image = parseUf2(
    uf2FromBinary(firmwareBytes(4096), { base: 0x10000000, familyId: FAMILY_RP2350_ARM_S }),
  );
  await assert.rejects(
    flashImage(connection, image),
    (e: unknown) =>
      e instanceof Uf2FamilyError &&
      /wrong family: the UF2 is for RP2350 \(family rp2350-arm-s\) but the board in BOOTSEL is an RP2040/
        .test(e.message),
  );
  assert.equal(rom.log.length, 0);
  await connection.close();
});

Deno.test("picoboot: an image larger than flash is refused before writing", async () => {
  const rom = new FakeBootRom({ flashSize: 1 * MiB, contents: firmwareBytes(4096, 2) });
  const connection = await PicobootConnection.open(rom);
  const image = parseUf2(uf2FromBinary(firmwareBytes(MiB + 4096), { base: 0x10000000 }));
  await assert.rejects(
    flashImage(connection, image),
    (e: unknown) =>
      e instanceof FlashImageError &&
      /image larger than flash: it ends at 0x10101000 but the board has 1024 KiB/.test(e.message),
  );
  assert.ok(!rom.commandIds().includes(PC_WRITE) && !rom.commandIds().includes(PC_FLASH_ERASE));
  await connection.close();
});

Deno.test("picoboot: on blank flash, too large is caught after the first sector", async () => {
  const rom = new FakeBootRom({ flashSize: 512 * 1024 });
  const connection = await PicobootConnection.open(rom);
  const image = parseUf2(uf2FromBinary(firmwareBytes(600 * 1024), { base: 0x10000000 }));
  await assert.rejects(flashImage(connection, image), /image larger than flash.*512 KiB/);
  assert.equal(rom.commandIds().filter((id) => id === PC_WRITE).length, 1);
  await connection.close();
});

Deno.test("picoboot: a board that vanishes mid-flash is a clear error", async () => {
  const rom = new FakeBootRom({ vanishAfterWrites: 3, contents: firmwareBytes(4096) });
  const connection = await PicobootConnection.open(rom);
  const image = parseUf2(uf2FromBinary(firmwareBytes(8 * 4096), { base: 0x10000000 }));
  await assert.rejects(flashImage(connection, image), (e: unknown) => {
    assert.ok(e instanceof FlashInterruptedError, String(e));
    assert.ok(e.cause instanceof PicobootDisconnectedError);
    assert.equal(e.sectorsWritten, 2);
    assert.match(
      e.message,
      /the board disconnected during WRITE 0x10002000\+4096, after 2 of 8 sectors: the flash now holds a partial image/,
    );
    return true;
  });
  await connection.close();
  await assert.rejects(PicobootConnection.open(rom), UsbDeviceNotFoundError);
});

Deno.test("picoboot: a board that stops answering times out instead of hanging", async () => {
  const rom = new FakeBootRom({ unresponsive: true });
  const connection = await PicobootConnection.open(rom, { timeoutMs: 30 });
  await assert.rejects(
    connection.exitXip(),
    (e: unknown) => e instanceof PicobootTimeoutError && /EXIT_XIP in time/.test(e.message),
  );
  await connection.close();
});

Deno.test("picoboot: a refused command reports the ROM's status and the next one works", async () => {
  const rom = new FakeBootRom({ contents: firmwareBytes(4096, 8) });
  const connection = await PicobootConnection.open(rom);
  await connection.exclusiveAccess();
  // Before EXIT_XIP the fake refuses flash access.
  await assert.rejects(
    connection.read(0x10000000, 256),
    (e: unknown) =>
      e instanceof PicobootCommandError && e.status === "INVALID_STATE" &&
      /^READ 0x10000000\+256 failed/.test(e.message),
  );
  await connection.exitXip();
  await assert.rejects(
    connection.erase(0x10000100, 4096),
    (e: unknown) => e instanceof PicobootCommandError && e.status === "BAD_ALIGNMENT",
  );
  await assert.rejects(
    connection.read(0x20000000, 256),
    (e: unknown) => e instanceof PicobootCommandError && e.status === "INVALID_ADDRESS",
  );
  assert.deepEqual(await connection.read(0x10000000, 4), firmwareBytes(4, 8));
  assert.equal(await detectFlashSize(connection), 2 * MiB);
  await connection.close();
});

Deno.test("picoboot: no board in BOOTSEL says what to do", async () => {
  const rom = new FakeBootRom();
  rom.gone = true;
  await assert.rejects(
    PicobootConnection.open(rom),
    /no board in BOOTSEL mode \(2e8a:0003 or 2e8a:000f\); hold BOOTSEL/,
  );
});

Deno.test("picoboot: a MicroPython-sized image over an old program, compared byte for byte", async () => {
  const old = firmwareBytes(900 * 1024, 77);
  const rom = new FakeBootRom({ flashSize: 2 * MiB, contents: old });
  const bin = firmwareBytes(652 * 1024 + 100, 3);
  const connection = await PicobootConnection.open(rom);
  const started = performance.now();
  const report = await flashImage(connection, parseUf2(uf2FromBinary(bin, { base: 0x10000000 })));
  const elapsed = performance.now() - started;
  await connection.close();
  assert.equal(report.sectors, 164);
  assert.deepEqual(rom.flash.subarray(0, bin.length), bin);
  // The rest of the last sector is erased; beyond it the old program is untouched.
  assert.ok(rom.flash.subarray(bin.length, 164 * 4096).every((b) => b === 0xff));
  assert.deepEqual(rom.flash.subarray(164 * 4096, old.length), old.subarray(164 * 4096));
  assert.ok(rom.flash.subarray(old.length).every((b) => b === 0xff));
  if (Deno.env.get("UPY_VERBOSE")) {
    console.log(`flashed ${bin.length} bytes in ${elapsed.toFixed(0)} ms`);
  }
});

Deno.test("picoboot: erases contiguous sectors in runs that stop at 64 KiB boundaries and gaps", async () => {
  const first = uf2FromBinary(firmwareBytes(3 * 4096, 31), { base: 0x1000f000 });
  const second = uf2FromBinary(firmwareBytes(100, 32), { base: 0x10020000 });
  const file = new Uint8Array(first.length + second.length);
  file.set(first);
  file.set(second, first.length);
  const rom = new FakeBootRom({ contents: firmwareBytes(4096, 1) });
  const connection = await PicobootConnection.open(rom);
  await flashImage(connection, parseUf2(file), { reboot: false });
  await connection.close();
  const erases = rom.log.filter((e) => e.command.id === PC_FLASH_ERASE).map((e) => {
    const view = new DataView(e.command.args.buffer);
    return [view.getUint32(0, true), view.getUint32(4, true)];
  });
  assert.deepEqual(erases, [[0x1000f000, 4096], [0x10010000, 8192], [0x10020000, 4096]]);
  assert.deepEqual(rom.flash.subarray(0xf000, 0xf000 + 3 * 4096), firmwareBytes(3 * 4096, 31));
  assert.deepEqual(rom.flash.subarray(0x20000, 0x20000 + 100), firmwareBytes(100, 32));
  assert.equal(rom.rebooted, false);
});

Deno.test("picoboot: each chip takes its own image from a universal UF2", async () => {
  const a = uf2FromBinary(firmwareBytes(4096, 1), { base: 0x10000000 });
  const b = uf2FromBinary(firmwareBytes(4096, 2), {
    base: 0x10000000,
    familyId: FAMILY_RP2350_ARM_S,
  });
  const image = parseUf2(new Uint8Array([...a, ...b]));
  for (const [chip, seed] of [["RP2040", 1], ["RP2350", 2]] as const) {
    const rom = new FakeBootRom({ chip });
    const connection = await PicobootConnection.open(rom);
    await flashImage(connection, image);
    await connection.close();
    assert.deepEqual(rom.flash.subarray(0, 4096), firmwareBytes(4096, seed), chip);
  }
});
