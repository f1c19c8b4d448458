/**
 * The install commands (`uf2`, `bootloader`, `flash`, `info`) as `deno task pico` subcommands
 * (hal/cli.ts's table). They share the pico context: `deno task pico connect /dev/ttyACM0
 * bootloader` reboots the board the `connect` named, and a failure is one `pico:` line.
 */

import { connect } from "../board.ts";
import { LibUsb } from "../libusb/libusb.ts";
import { type PicoCommand, type PicoContext, PicoUsageError } from "../cli_command.ts";
import { type CliContext, INSTALL_COMMANDS, isUserFacing, UsageError } from "./cli.ts";

const encoder = new TextEncoder();

/** Runs one install command inside the pico CLI. */
async function runInPico(name: string, context: PicoContext, args: string[]): Promise<void> {
  let output: Promise<void> = Promise.resolve();
  const cli: CliContext = {
    stdout: (text) => void (output = output.then(() => context.write(encoder.encode(text)))),
    // Progress bars redraw a line in place, so they go to stderr as they are.
    stderr: (text) => void Deno.stderr.writeSync(encoder.encode(text)),
    // No port given: the board of the last `connect` (or `auto`).
    openBoard: (port) => port === "auto" ? context.board() : connect(port),
  };
  try {
    const status = await INSTALL_COMMANDS[name](args, cli);
    if (status !== 0) throw new PicoUsageError(`${name} failed`);
  } catch (error) {
    if (error instanceof UsageError || isUserFacing(error)) throw new PicoUsageError(error.message);
    throw error;
  } finally {
    await output;
    // A libusb context the command opened on demand.
    if (cli.usb instanceof LibUsb) await cli.usb.close();
  }
}

function installCommand(name: string, usage: string, summary: string): PicoCommand {
  return {
    name,
    usage,
    summary,
    arity: "rest",
    run: (context, args) => runInPico(name, context, args),
  };
}

export const uf2PicoCommand: PicoCommand = installCommand(
  "uf2",
  "uf2 info|from-bin|to-bin <file> [options]",
  "inspect a UF2 (family, range, program info), build one from a .bin, or turn one back",
);
export const bootloaderPicoCommand: PicoCommand = installCommand(
  "bootloader",
  "bootloader [port]",
  "reboot a board running MicroPython into BOOTSEL and wait for its boot ROM",
);
export const flashPicoCommand: PicoCommand = installCommand(
  "flash",
  "flash <file.uf2> [--from port] [options]",
  "write firmware to a board in BOOTSEL (boot drive or PICOBOOT), verify, reboot",
);
export const infoPicoCommand: PicoCommand = installCommand(
  "info",
  "info",
  "boot ROM, flash and program details of a board in BOOTSEL",
);
