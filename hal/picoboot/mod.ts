/**
 * PICOBOOT: talk to the RP2040/RP2350 boot ROM over USB (see protocol.ts for the wire format),
 * and flash a UF2 image through it with verify and reboot.
 *
 * ```ts
 * import { openLibUsb } from "../libusb/libusb.ts";
 * import { parseUf2 } from "../uf2/mod.ts";
 * import { flashImage, PicobootConnection } from "./mod.ts";
 * const usb = openLibUsb();
 * const rom = await PicobootConnection.open(usb);
 * await flashImage(rom, parseUf2(await Deno.readFile("micropython.uf2")));
 * await rom.close();
 * await usb.close();
 * ```
 */

export * from "./protocol.ts";
export * from "./connection.ts";
export * from "./flash.ts";
