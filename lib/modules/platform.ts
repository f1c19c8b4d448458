/**
 * `platform`: what runs the program (MicroPython's minimal API).
 */

import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";
import { makeTuple } from "../objects/tuple.ts";
import { MICROPYTHON_VERSION } from "./sys.ts";

registerBuiltinModule("platform", (m: PyModule) => {
  const d = m.dict;
  const version = MICROPYTHON_VERSION.join(".");
  // MicroPython's layout: system-version-arch-platform version-with-libc.
  const system = Deno.build.os.charAt(0).toUpperCase() + Deno.build.os.slice(1);
  d.setStr(
    "platform",
    native("platform", 0, 0, () => `${system}-${version}-${Deno.build.arch}--with-`),
  );
  d.setStr("python_compiler", native("python_compiler", 0, 0, () => "TypeScript (Deno)"));
  d.setStr("libc_ver", native("libc_ver", 0, 0, () => makeTuple(["", ""])));
});
