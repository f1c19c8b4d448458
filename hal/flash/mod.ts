/**
 * Installing firmware on a Pico: reboot a running MicroPython into BOOTSEL, then flash a UF2 by
 * copying it to the boot drive or over PICOBOOT; and what the boot ROM reports about the board.
 *
 * ```ts
 * import { installUf2, rebootToBootsel } from "./hal/flash/mod.ts";
 * await rebootToBootsel("/dev/ttyACM0");
 * await installUf2(await Deno.readFile("RPI_PICO-v1.24.1.uf2"));
 * ```
 */

export * from "./drive.ts";
export * from "./bootsel.ts";
export * from "./install.ts";
export * from "./come_back.ts";
export { INSTALL_COMMANDS, runInstallCli } from "./cli.ts";
