/**
 * The command line for getting MicroPython onto a Pico:
 *
 * ```sh
 * deno run -A hal/flash/cli.ts uf2 info firmware.uf2
 * deno run -A hal/flash/cli.ts uf2 from-bin app.bin --base 0x10000000 [-o app.uf2] [--family rp2040]
 * deno run -A hal/flash/cli.ts uf2 to-bin firmware.uf2 [-o firmware.bin] [--chip rp2040|rp2350]
 * deno run -A hal/flash/cli.ts bootloader [PORT]          # running MicroPython -> BOOTSEL
 * deno run -A hal/flash/cli.ts flash firmware.uf2 [--from PORT] [--drive PATH | --usb] [--flash-size 2M] [--no-verify] [--no-reboot] [--no-wait]
 * deno run -A hal/flash/cli.ts info                       # boot ROM and flash of a board in BOOTSEL
 * ```
 *
 * `INSTALL_COMMANDS` is the same as a table (name -> handler) for `deno task pico`.
 */

import { LibUsb, openLibUsb } from "../libusb/libusb.ts";
import { describeDevice, type UsbBackend } from "../libusb/usb.ts";
import { hex32, Uf2Error } from "../uf2/format.ts";
import { type Chip, parseFamily } from "../uf2/families.ts";
import { formatSummary, parseUf2, summarizeUf2, uf2ToBinary } from "../uf2/parse.ts";
import { uf2FromBinary } from "../uf2/build.ts";
import { formatBinaryInfo, imageReader, readBinaryInfo } from "../uf2/binary_info.ts";
import { BoardError } from "../remote/errors.ts";
import { TransportError } from "../transport.ts";
import { UsbError } from "../libusb/errors.ts";
import { PicobootError } from "../picoboot/connection.ts";
import { BootselError, type BootselResult, rebootToBootsel } from "./bootsel.ts";
import { type Board } from "../board.ts";
import { type BootDrive, DriveCopyError, findBootDrives } from "./drive.ts";
import { bootromInfo, installUf2 } from "./install.ts";
import { waitForMicroPython } from "./come_back.ts";
import { type SerialPortInfo } from "../serial/list_ports.ts";

/** Where a command writes, and the devices it may use (tests substitute fakes). */
export interface CliContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** USB backend; default libusb (when it loads). */
  usb?: UsbBackend;
  findDrives?: () => Promise<BootDrive[]>;
  /** Lists tty ports when waiting for MicroPython after a flash (default: sysfs). */
  listPorts?: () => Promise<SerialPortInfo[]>;
  /** How long `flash` waits for MicroPython to come back (default 15 s). */
  comeBackTimeoutMs?: number;
  /** Opens the board link for `bootloader` / `flash --from` (default: `connect(port)`). */
  openBoard?: (port: string) => Promise<Board>;
  /** Poll interval while waiting for devices (default 250 ms). */
  pollMs?: number;
}

export type CliCommand = (args: string[], context: CliContext) => Promise<number>;

/** A command-line mistake: printed with the usage, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const USAGE = `usage:
  uf2 info FILE.uf2
  uf2 from-bin FILE.bin --base ADDRESS [-o OUT.uf2] [--family rp2040|rp2350|rp2350-riscv|absolute|data|0x...]
  uf2 to-bin FILE.uf2 [-o OUT.bin] [--chip rp2040|rp2350]
  bootloader [PORT]       reboot a board running MicroPython into BOOTSEL
  flash FILE.uf2 [--from PORT] [--drive PATH | --usb] [--flash-size 2M] [--no-verify] [--no-reboot] [--no-wait]
                          --from PORT first reboots a board running MicroPython into BOOTSEL
  info                    boot ROM and flash details of a board in BOOTSEL`;

/** Splits `--name value` options (and bare `--flag`s) from positional arguments. */
function parseArgs(args: string[], valued: string[], flags: string[]) {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (valued.includes(arg)) {
      if (i + 1 >= args.length) throw new UsageError(`${arg} needs a value`);
      options.set(arg, args[++i]);
    } else if (flags.includes(arg)) {
      options.set(arg, true);
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  return { positional, options };
}

/** `0x10000000`, `268435456`. */
export function parseAddress(text: string): number {
  const value = /^(0x[0-9a-f]+|[0-9]+)$/i.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value > 0xffffffff) {
    throw new UsageError(`bad address "${text}"`);
  }
  return value;
}

/** `rp2040` or `rp2350`, any case. */
export function parseChip(text: string): Chip {
  const upper = text.toUpperCase();
  if (upper === "RP2040" || upper === "RP2350") return upper;
  throw new UsageError(`unknown chip "${text}": use rp2040 or rp2350`);
}

/** `2M`, `4MiB`, `512K`, `2097152`. */
export function parseSize(text: string): number {
  const match = /^([0-9]+)\s*(k|kb|kib|m|mb|mib)?$/i.exec(text.trim());
  if (!match) throw new UsageError(`bad size "${text}" (e.g. 2M, 512K, 4194304)`);
  const unit = (match[2] ?? "").toLowerCase();
  return Number(match[1]) * (unit.startsWith("m") ? 1024 * 1024 : unit.startsWith("k") ? 1024 : 1);
}

function withExtension(path: string, extension: string): string {
  return path.replace(/\.[^./\\]*$/, "") + extension;
}

/** An input file that cannot be read. */
export class InputFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InputFileError";
  }
}

async function readInput(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    throw new InputFileError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** A one-line progress bar on stderr, redrawn only when the percentage changes. */
export function progressBar(
  context: CliContext,
): { update: (fraction: number, label: string) => void; end: () => void } {
  let last = "";
  let drawn = false;
  return {
    update(fraction, label) {
      const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      const line = `${label.padEnd(11)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${
        String(percent).padStart(3)
      }%`;
      if (line === last) return;
      context.stderr(`\r${line}`);
      last = line;
      drawn = true;
    },
    end() {
      if (drawn) context.stderr("\n");
      drawn = false;
    },
  };
}

function usb(context: CliContext): UsbBackend | undefined {
  if (context.usb) return context.usb;
  try {
    return context.usb = openLibUsb();
  } catch {
    return undefined;
  }
}

const uf2Command: CliCommand = async (args, context) => {
  const [sub, ...rest] = args;
  if (sub === "info") {
    const { positional } = parseArgs(rest, [], []);
    if (positional.length !== 1) throw new UsageError("uf2 info takes one FILE.uf2");
    const image = parseUf2(await readInput(positional[0]));
    const program = formatBinaryInfo(await readBinaryInfo(imageReader(image)));
    context.stdout(
      [positional[0], formatSummary(summarizeUf2(image)), ...program].join("\n") + "\n",
    );
    return 0;
  }
  if (sub === "from-bin") {
    const { positional, options } = parseArgs(rest, ["--base", "-o", "--family"], []);
    if (positional.length !== 1) throw new UsageError("uf2 from-bin takes one FILE.bin");
    const base = options.get("--base");
    if (typeof base !== "string") {
      throw new UsageError("uf2 from-bin needs --base ADDRESS (e.g. 0x10000000)");
    }
    const family = options.get("--family");
    let familyId: number | undefined;
    try {
      familyId = typeof family === "string" ? parseFamily(family) : undefined;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const address = parseAddress(base);
    const uf2 = uf2FromBinary(await readInput(positional[0]), { base: address, familyId });
    const out = (options.get("-o") as string | undefined) ?? withExtension(positional[0], ".uf2");
    await Deno.writeFile(out, uf2);
    context.stdout(`wrote ${out}\n${formatSummary(summarizeUf2(parseUf2(uf2)))}\n`);
    return 0;
  }
  if (sub === "to-bin") {
    const { positional, options } = parseArgs(rest, ["-o", "--chip"], []);
    if (positional.length !== 1) throw new UsageError("uf2 to-bin takes one FILE.uf2");
    const chipOption = options.get("--chip");
    const chip = typeof chipOption === "string" ? parseChip(chipOption) : undefined;
    const { base, data } = uf2ToBinary(parseUf2(await readInput(positional[0])), chip);
    const out = (options.get("-o") as string | undefined) ?? withExtension(positional[0], ".bin");
    await Deno.writeFile(out, data);
    context.stdout(`wrote ${out}: ${data.length} bytes for address ${hex32(base)}\n`);
    return 0;
  }
  throw new UsageError(
    sub ? `unknown uf2 command "${sub}"` : "uf2 needs a command: info, from-bin, to-bin",
  );
};

const bootloaderCommand: CliCommand = async (args, context) => {
  const { positional } = parseArgs(args, [], []);
  if (positional.length > 1) throw new UsageError("bootloader takes at most one PORT");
  await rebootFrom(positional[0] ?? "auto", context, usb(context));
  return 0;
};

/** `machine.bootloader()` on the board at `port`, then wait for its boot ROM; says where it is. */
async function rebootFrom(
  port: string,
  context: CliContext,
  backend: UsbBackend | undefined,
): Promise<BootselResult> {
  context.stderr(`rebooting ${port === "auto" ? "the board" : port} into BOOTSEL...\n`);
  const board = context.openBoard ? await context.openBoard(port) : port;
  const where = await rebootToBootsel(board, {
    usb: backend,
    findDrives: context.findDrives,
    pollMs: context.pollMs,
  });
  context.stdout(
    where.via === "usb"
      ? `board in BOOTSEL: USB ${describeDevice(where.device)}\n`
      : `board in BOOTSEL: drive ${where.drive.path} (${where.drive.chip})\n`,
  );
  return where;
}

const flashCommand: CliCommand = async (args, context) => {
  const { positional, options } = parseArgs(args, ["--drive", "--flash-size", "--from"], [
    "--usb",
    "--no-verify",
    "--no-reboot",
    "--no-wait",
  ]);
  if (positional.length !== 1) throw new UsageError("flash takes one FILE.uf2");
  if (options.has("--usb") && options.has("--drive")) {
    throw new UsageError("--usb and --drive exclude each other");
  }
  const uf2 = await readInput(positional[0]);
  const summary = summarizeUf2(parseUf2(uf2)); // validate before anything else
  const size = options.get("--flash-size");
  const flashSize = typeof size === "string" ? parseSize(size) : undefined;
  const backend = usb(context);
  let drive = options.has("--usb") ? false : (options.get("--drive") as string | undefined);
  const from = options.get("--from");
  if (typeof from === "string") {
    // A board running MicroPython: into BOOTSEL first, then flash the way it came back.
    const where = await rebootFrom(from, context, backend);
    if (drive === undefined) drive = where.via === "drive" ? where.drive.path : false;
  }
  const bar = progressBar(context);
  try {
    const result = await installUf2(uf2, {
      drive,
      usb: backend,
      findDrives: context.findDrives,
      flashSize,
      verify: !options.has("--no-verify"),
      reboot: !options.has("--no-reboot"),
      onProgress: bar.update,
    });
    bar.end();
    if (result.method === "drive") {
      context.stdout(
        `copied ${result.bytes} bytes to ${result.drive.path}; the board reboots into the new firmware\n`,
      );
    } else {
      const { report } = result;
      context.stdout(
        `flashed ${summary.size} bytes (${report.sectors} sectors) to ${
          describeDevice(result.device)
        }` +
          `${report.verified ? ", verified" : ""}${report.rebooted ? ", rebooting" : ""}\n`,
      );
    }
    const rebooting = result.method === "drive" || result.report.rebooted;
    if (rebooting && !options.has("--no-wait")) await reportComeBack(context, backend);
    return 0;
  } finally {
    bar.end();
  }
};

/** Waits for MicroPython's USB serial port and says where it is (or that it did not appear). */
async function reportComeBack(context: CliContext, backend: UsbBackend | undefined): Promise<void> {
  const timeoutMs = context.comeBackTimeoutMs ?? 15_000;
  const port = await waitForMicroPython({ usb: backend, listPorts: context.listPorts, timeoutMs });
  if (port?.path) context.stdout(`MicroPython is running: ${port.path}\n`);
  else if (port?.device) {
    context.stdout(`MicroPython is running: usb ${describeDevice(port.device)}\n`);
  } else {
    context.stdout(
      `no MicroPython USB serial port appeared within ${timeoutMs / 1000} s ` +
        `(expected if this firmware is not MicroPython)\n`,
    );
  }
}

const infoCommand: CliCommand = async (args, context) => {
  parseArgs(args, [], []);
  const backend = usb(context);
  if (!backend) {
    // Without libusb a mounted drive is all there is to look at.
    const drives = await (context.findDrives ?? findBootDrives)();
    if (drives.length === 0) {
      throw new UsageError("libusb-1.0 is not installed and no boot drive is mounted");
    }
    for (const drive of drives) {
      context.stdout(`drive ${drive.path} (${drive.chip})\n${drive.info.trim()}\n`);
    }
    return 0;
  }
  const info = await bootromInfo(backend);
  const mib = (n: number) => `${n / (1024 * 1024)} MiB`;
  context.stdout(
    [
      `chip:       ${info.chip}`,
      `usb:        ${describeDevice(info.device)}`,
      `product:    ${info.manufacturer} ${info.product}`.trimEnd(),
      `serial:     ${info.serialNumber}`,
      `boot ROM:   version ${info.romVersion}`,
      `picoboot:   interface ${info.interfaceNumber}, endpoints OUT 0x${
        info.endpoints.out.toString(16)
      } IN 0x${info.endpoints.in.toString(16)}`,
      `flash:      ${
        info.flashSize === null ? "size unknown (flash is blank)" : mib(info.flashSize)
      }${info.flashBlank ? ", blank" : ", holds a program"}`,
      ...formatBinaryInfo(info.program).map((line) =>
        line.replace(/^(\w+):\s*/, (_, key) => `${key}:`.padEnd(12))
      ),
    ].join("\n") + "\n",
  );
  return 0;
};

/** The subcommands, for a CLI that dispatches on the first word. */
export const INSTALL_COMMANDS: Record<string, CliCommand> = {
  uf2: uf2Command,
  bootloader: bootloaderCommand,
  flash: flashCommand,
  info: infoCommand,
};

/** Errors that describe a problem with the input, the board or the machine (not a bug here). */
export function isUserFacing(error: unknown): error is Error {
  return error instanceof InputFileError || error instanceof Uf2Error ||
    error instanceof UsbError || error instanceof PicobootError ||
    error instanceof DriveCopyError || error instanceof BootselError ||
    error instanceof TransportError ||
    error instanceof BoardError;
}

/** Runs one command line; returns the exit status (0 ok, 1 failed, 2 usage). */
export async function runInstallCli(
  args: string[],
  context?: Partial<CliContext>,
): Promise<number> {
  const full: CliContext = {
    stdout: (text) => void Deno.stdout.writeSync(new TextEncoder().encode(text)),
    stderr: (text) => void Deno.stderr.writeSync(new TextEncoder().encode(text)),
    ...context,
  };
  const ownsUsb = context?.usb === undefined;
  const [name, ...rest] = args;
  try {
    const command = name === undefined ? undefined : INSTALL_COMMANDS[name];
    if (!command) throw new UsageError(name ? `unknown command "${name}"` : "no command given");
    return await command(rest, full);
  } catch (error) {
    if (error instanceof UsageError) {
      full.stderr(`error: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (isUserFacing(error)) {
      full.stderr(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    // A libusb context opened on demand by a command is closed here.
    if (ownsUsb && full.usb instanceof LibUsb) await full.usb.close();
  }
}

if (import.meta.main) {
  Deno.exit(await runInstallCli(Deno.args));
}
