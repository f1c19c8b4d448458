/**
 * The install CLI end to end (files in a temp folder, a fake boot ROM for PICOBOOT, a folder with
 * INFO_UF2.TXT standing in for the mounted drive), and the BOOTSEL reboot over the board link
 * against the scripted MicroPython board of the board-link tests.
 */

import { withQemuBoard } from "./board_qemu.ts";
import assert from "node:assert/strict";
import { runInstallCli } from "../hal/flash/cli.ts";
import { BootselError, rebootToBootsel } from "../hal/flash/bootsel.ts";
import { type BootDrive, chipFromInfo, readBootDrive } from "../hal/flash/drive.ts";
import { installUf2 } from "../hal/flash/install.ts";
import { connect } from "../hal/board.ts";
import { FAMILY_RP2350_ARM_S, uf2FromBinary } from "../hal/uf2/mod.ts";
import { FakeBootRom } from "./picoboot_fake_rom.ts";
import { FakeBoard } from "./board_fake_repl.ts";
import { firmwareBytes, micropythonLikeBinary } from "./fixtures/uf2/images.ts";
import { type SerialPortInfo } from "../hal/serial/list_ports.ts";
import { COMMANDS } from "../hal/cli.ts";
import { type PicoContext, PicoUsageError } from "../hal/cli_command.ts";
import { flashPicoCommand, uf2PicoCommand } from "../hal/flash/pico_commands.ts";

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

async function run(
  args: string[],
  extra: {
    usb?: FakeBootRom;
    drives?: BootDrive[];
    ports?: () => SerialPortInfo[];
    board?: FakeBoard;
  } = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const status = await runInstallCli(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    usb: extra.usb ?? new FakeBootRom({ contents: firmwareBytes(4096) }),
    findDrives: () => Promise.resolve(extra.drives ?? []),
    listPorts: () => Promise.resolve(extra.ports?.() ?? []),
    comeBackTimeoutMs: 100,
    openBoard: extra.board ? () => connect(extra.board!.transport) : undefined,
    pollMs: 10,
  });
  return { status, stdout, stderr };
}

const RP2040_INFO = "UF2 Bootloader v3.0\r\nModel: Raspberry Pi RP2\r\nBoard-ID: RPI-RP2\r\n";

Deno.test("uf2 cli: from-bin, info and to-bin round trip through files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bin = firmwareBytes(5000, 4);
    await Deno.writeFile(`${dir}/app.bin`, bin);
    const made = await run(["uf2", "from-bin", `${dir}/app.bin`, "--base", "0x10000000"]);
    assert.equal(made.status, 0, made.stderr);
    assert.match(
      made.stdout,
      /wrote .*app\.uf2\nfamily: {2}rp2040 \(RP2040\)\naddress: 0x10000000\.\.0x10001400 \(flash\)/,
    );
    const info = await run(["uf2", "info", `${dir}/app.uf2`]);
    assert.equal(info.status, 0);
    assert.match(info.stdout, /size: {4}5120 bytes \(5\.0 KiB\)\nblocks: {2}20\n$/);
    const back = await run(["uf2", "to-bin", `${dir}/app.uf2`, "-o", `${dir}/back.bin`]);
    assert.match(back.stdout, /5120 bytes for address 0x10000000/);
    assert.deepEqual((await Deno.readFile(`${dir}/back.bin`)).subarray(0, bin.length), bin);
    const rp2350 = await run([
      "uf2",
      "from-bin",
      `${dir}/app.bin`,
      "--base",
      "0x10000000",
      "--family",
      "rp2350",
      "-o",
      `${dir}/p2.uf2`,
    ]);
    assert.match(rp2350.stdout, /family: {2}rp2350-arm-s \(RP2350\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("uf2 cli: bad files and bad arguments are clear errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const uf2 = uf2FromBinary(firmwareBytes(256 * 5), { base: 0x10000000 });
    uf2[3 * 512 + 508] ^= 0xff;
    await Deno.writeFile(`${dir}/bad.uf2`, uf2);
    const info = await run(["uf2", "info", `${dir}/bad.uf2`]);
    assert.equal(info.status, 1);
    assert.match(info.stderr, /^error: block 3 \(file offset 0x600\): bad end magic/);
    // Nothing is written to a board from a file that does not validate.
    const rom = new FakeBootRom();
    const flash = await run(["flash", `${dir}/bad.uf2`], { usb: rom });
    assert.equal(flash.status, 1);
    assert.match(flash.stderr, /block 3/);
    assert.equal(rom.log.length, 0);

    assert.equal((await run(["uf2", "from-bin", `${dir}/bad.uf2`])).status, 2);
    assert.match(
      (await run(["uf2", "from-bin", "x.bin", "--base", "zz"])).stderr,
      /bad address "zz"/,
    );
    assert.match(
      (await run(["uf2", "from-bin", "x.bin", "--base", "0", "--family", "esp"])).stderr,
      /unknown UF2 family "esp"/,
    );
    assert.match(
      (await run(["uf2", "info", `${dir}/missing.uf2`])).stderr,
      /cannot read .*missing\.uf2/,
    );
    assert.match((await run(["frobnicate"])).stderr, /unknown command "frobnicate"\nusage:/);
    assert.match(
      (await run(["flash", "a.uf2", "--usb", "--drive", "/x"])).stderr,
      /exclude each other/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("uf2 cli: flash over PICOBOOT with a progress bar, then info", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bin = firmwareBytes(64 * 1024, 12);
    await Deno.writeFile(`${dir}/fw.uf2`, uf2FromBinary(bin, { base: 0x10000000 }));
    const rom = new FakeBootRom({ flashSize: 2 * 1024 * 1024, contents: firmwareBytes(4096) });
    // After the reboot the board comes back as MicroPython's USB serial port.
    const ports = () =>
      rom.rebooted ? [{ path: "/dev/ttyACM0", vendorId: 0x2e8a, productId: 0x0005 }] : [];
    const result = await run(["flash", `${dir}/fw.uf2`], { usb: rom, ports });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      "flashed 65536 bytes (16 sectors) to 2e8a:0003 at bus 1 address 9 (port 1-2), verified, rebooting\n" +
        "MicroPython is running: /dev/ttyACM0\n",
    );
    assert.match(result.stderr, /erase\+write \[#{30}\] 100%/);
    assert.match(result.stderr, /verify {6}\[#{30}\] 100%\n$/);
    assert.deepEqual(rom.flash.subarray(0, bin.length), bin);

    const fresh = new FakeBootRom({ chip: "RP2350", flashSize: 4 * 1024 * 1024, contents: bin });
    const info = await run(["info"], { usb: fresh });
    assert.equal(info.status, 0, info.stderr);
    assert.equal(
      info.stdout,
      [
        "chip:       RP2350",
        "usb:        2e8a:000f at bus 1 address 9 (port 1-2)",
        "product:    Raspberry Pi RP2350 Boot",
        "serial:     E0C9125B0D9B",
        "boot ROM:   version 1.00",
        "picoboot:   interface 1, endpoints OUT 0x3 IN 0x84",
        "flash:      4 MiB, holds a program",
        "",
      ].join("\n"),
    );
    assert.equal(fresh.exclusive, 0, "exclusive access is given back");
    const wrong = await run(["flash", `${dir}/fw.uf2`], { usb: fresh });
    assert.match(wrong.stderr, /wrong family: the UF2 is for RP2040/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("uf2 cli: flash copies to a mounted boot drive when there is one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/RPI-RP2`);
    await Deno.writeTextFile(`${dir}/RPI-RP2/INFO_UF2.TXT`, RP2040_INFO);
    const drive = (await readBootDrive(`${dir}/RPI-RP2`))!;
    assert.equal(drive.chip, "RP2040");
    const uf2 = uf2FromBinary(firmwareBytes(10000), { base: 0x10000000 });
    await Deno.writeFile(`${dir}/fw.uf2`, uf2);
    const rom = new FakeBootRom();
    const result = await run(["flash", `${dir}/fw.uf2`], { usb: rom, drives: [drive] });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /copied 20480 bytes to .*RPI-RP2/);
    assert.match(
      result.stdout,
      /no MicroPython USB serial port appeared within 0\.1 s \(expected if/,
    );
    assert.match(result.stderr, /copy {8}\[#{30}\] 100%/);
    assert.deepEqual(await Deno.readFile(`${dir}/RPI-RP2/firmware.uf2`), uf2);
    assert.equal(rom.log.length, 0, "the drive was used, not PICOBOOT");

    // An RP2350 image is refused by an RP2040 drive before anything is copied.
    await Deno.remove(`${dir}/RPI-RP2/firmware.uf2`);
    const other = uf2FromBinary(firmwareBytes(1000), {
      base: 0x10000000,
      familyId: FAMILY_RP2350_ARM_S,
    });
    await assert.rejects(installUf2(other, { drive: `${dir}/RPI-RP2` }), /wrong family/);
    await assert.rejects(Deno.stat(`${dir}/RPI-RP2/firmware.uf2`), Deno.errors.NotFound);
    // --usb skips the drive.
    const viaUsb = await run(["flash", `${dir}/fw.uf2`, "--usb"], { usb: rom, drives: [drive] });
    assert.match(viaUsb.stdout, /^flashed 10240 bytes/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("uf2 cli: drive chips from INFO_UF2.TXT", () => {
  assert.equal(chipFromInfo(RP2040_INFO), "RP2040");
  assert.equal(
    chipFromInfo("UF2 Bootloader v1.0\nModel: Raspberry Pi RP2350\nBoard-ID: RP2350\n"),
    "RP2350",
  );
  assert.equal(chipFromInfo("UF2 Bootloader v2\nBoard-ID: SAMD21\n"), "unknown");
});

/** A MicroPython board whose machine.bootloader() makes it drop off and the boot ROM appear. */
function bootselBoard(rom: FakeBootRom, hasBootloader = true): FakeBoard {
  const board = new FakeBoard({
    handler: (code) => {
      if (code.includes("'bootloader' in dir(")) {
        return { stdout: hasBootloader ? "True\r\n" : "False\r\n" };
      }
      if (code.includes("machine.bootloader()")) {
        setTimeout(() => {
          board.vanish();
          rom.gone = false;
        }, 5);
        return { hang: true };
      }
      return {};
    },
  });
  return board;
}

Deno.test("bootloader: machine.bootloader() over the raw REPL, then the boot ROM appears", async () => {
  const rom = new FakeBootRom();
  rom.gone = true;
  const fake = bootselBoard(rom);
  const board = await connect(fake.transport);
  const where = await rebootToBootsel(board, {
    usb: rom,
    pollMs: 10,
    findDrives: () => Promise.resolve([]),
  });
  assert.equal(where.via, "usb");
  assert.ok(fake.programs.some((p) => p.includes("machine.bootloader()")));
});

Deno.test("bootloader: a board without machine.bootloader(), and one that never comes back", async () => {
  const rom = new FakeBootRom();
  rom.gone = true;
  const old = await connect(bootselBoard(rom, false).transport);
  await assert.rejects(
    rebootToBootsel(old, { usb: rom, findDrives: () => Promise.resolve([]) }),
    (e: unknown) =>
      e instanceof BootselError && /no machine\.bootloader\(\); hold BOOTSEL/.test(e.message),
  );
  const lost = new FakeBootRom();
  lost.gone = true;
  const fake = bootselBoard(new FakeBootRom());
  const board = await connect(fake.transport);
  await assert.rejects(
    rebootToBootsel(board, {
      usb: lost,
      timeoutMs: 100,
      pollMs: 10,
      findDrives: () => Promise.resolve([]),
    }),
    /no board in BOOTSEL appeared within 0\.1 s/,
  );
});

Deno.test("uf2 cli: info shows what the program declares, from the file and from the board", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bin = micropythonLikeBinary();
    await Deno.writeFile(`${dir}/mp.uf2`, uf2FromBinary(bin, { base: 0x10000000 }));
    const file = await run(["uf2", "info", `${dir}/mp.uf2`]);
    assert.match(
      file.stdout,
      /blocks: {2}256\nprogram: MicroPython v1\.24\.1 \(2024-11-29\)\nboard: {3}pico\n/,
    );
    const rom = new FakeBootRom({ flashSize: 2 * 1024 * 1024 });
    assert.equal((await run(["flash", `${dir}/mp.uf2`, "--no-reboot"], { usb: rom })).status, 0);
    const board = await run(["info"], { usb: rom });
    assert.equal(board.status, 0, board.stderr);
    assert.match(
      board.stdout,
      /flash: {6}2 MiB, holds a program\nprogram: {4}MicroPython v1\.24\.1 \(2024-11-29\)\nboard: {6}pico\nfeature: {4}thread support\nfeature: {4}USB REPL\nstorage: {4}MicroPython at 0x100a0000, 1408 KiB\n$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("uf2 cli: bootloader, and flash --from a running board in one go", async () => {
  const rom = new FakeBootRom({ contents: firmwareBytes(4096) });
  rom.gone = true;
  const reboot = await run(["bootloader", "fake"], { usb: rom, board: bootselBoard(rom) });
  assert.equal(reboot.status, 0, reboot.stderr);
  assert.equal(reboot.stdout, "board in BOOTSEL: USB 2e8a:0003 at bus 1 address 9 (port 1-2)\n");
  assert.match(reboot.stderr, /^rebooting fake into BOOTSEL\.\.\.\n$/);

  const dir = await Deno.makeTempDir();
  try {
    const bin = micropythonLikeBinary(16 * 1024);
    await Deno.writeFile(`${dir}/mp.uf2`, uf2FromBinary(bin, { base: 0x10000000 }));
    const fresh = new FakeBootRom({ contents: firmwareBytes(4096) });
    fresh.gone = true;
    const ports = () =>
      fresh.rebooted ? [{ path: "/dev/ttyACM1", vendorId: 0x2e8a, productId: 0x0005 }] : [];
    const result = await run(["flash", `${dir}/mp.uf2`, "--from", "fake"], {
      usb: fresh,
      board: bootselBoard(fresh),
      ports,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      /^board in BOOTSEL: USB 2e8a:0003 .*\nflashed 16384 bytes .*verified, rebooting\nMicroPython is running: \/dev\/ttyACM1\n$/,
    );
    assert.deepEqual(fresh.flash.subarray(0, bin.length), bin);
    const quiet = new FakeBootRom({ contents: firmwareBytes(4096) });
    const noWait = await run(["flash", `${dir}/mp.uf2`, "--no-wait"], { usb: quiet });
    assert.equal(noWait.status, 0, noWait.stderr);
    assert.doesNotMatch(noWait.stdout, /MicroPython is running|no MicroPython/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "bootloader: real MicroPython (the QEMU board) without machine.bootloader() is told to use the button",
}, async () => {
  await withQemuBoard("pty", async (port) => {
    let stderr = "";
    const status = await runInstallCli(["bootloader", port], {
      stdout: () => {},
      stderr: (text) => void (stderr += text),
      usb: new FakeBootRom(),
      findDrives: () => Promise.resolve([]),
    });
    assert.equal(status, 1);
    assert.match(
      stderr,
      /this MicroPython has no machine\.bootloader\(\); hold BOOTSEL and replug the board instead/,
    );
  });
});

Deno.test("uf2 cli: the install commands inside `deno task pico`", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(
      `${dir}/mp.uf2`,
      uf2FromBinary(micropythonLikeBinary(), { base: 0x10000000 }),
    );
    let written = "";
    const context: PicoContext = {
      board: () => Promise.reject(new Error("no board needed")),
      target: "auto",
      setTarget: () => Promise.resolve(),
      print: (line) => void (written += line + "\n"),
      write: (bytes) => Promise.resolve(void (written += new TextDecoder().decode(bytes))),
      note: () => {},
    };
    assert.ok(COMMANDS.includes(uf2PicoCommand) && COMMANDS.includes(flashPicoCommand));
    await uf2PicoCommand.run(context, ["info", `${dir}/mp.uf2`]);
    assert.match(written, /family: {2}rp2040 \(RP2040\)\n.*\nprogram: MicroPython v1\.24\.1/s);
    await assert.rejects(
      uf2PicoCommand.run(context, ["info", `${dir}/missing.uf2`]),
      (e: unknown) => e instanceof PicoUsageError && /cannot read .*missing\.uf2/.test(e.message),
    );
    await assert.rejects(
      uf2PicoCommand.run(context, ["frob"]),
      (e: unknown) => e instanceof PicoUsageError && /unknown uf2 command "frob"/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
