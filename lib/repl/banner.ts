/**
 * The friendly REPL's banner, in MicroPython's shape
 * (`MicroPython v1.27.0 on 2025-12-10; JS with Emscripten`) but naming upy.
 */

import { MICROPYTHON_VERSION } from "../modules/sys.ts";

export const UPY_VERSION = "0.1.0";
/** The date of this version, as MicroPython's banner gives its build date. */
export const UPY_DATE = "2026-12-01";

export function bannerText(firstLine?: string): string {
  const line = firstLine ??
    `upy v${UPY_VERSION} (MicroPython ${MICROPYTHON_VERSION.join(".")}) on ${UPY_DATE}; ` +
      `Deno with TypeScript`;
  return `${line}\r\nType "help()" for more information.\r\n`;
}
