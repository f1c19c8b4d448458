/**
 * `asyncio` (also `uasyncio`): built in, so no .py file is needed. The module is
 * written in Python (asyncio_source.ts) and compiled into the module's namespace
 * the first time a program imports it.
 */

import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { compileSource } from "../vm/compile_bridge.ts";
import type { CodeObject } from "../compiler/bytecode.ts";
import { Frame } from "../vm/frame.ts";
import { prepareCode } from "../vm/code_info.ts";
import { runFrame } from "../vm/interpreter.ts";
import { ASYNCIO_SOURCE } from "./asyncio_source.ts";

// Compiled once per process; each VM runs it in its own module namespace.
let compiled: CodeObject | null = null;

function init(m: PyModule): void {
  const code = compiled ??= compileSource(ASYNCIO_SOURCE, "asyncio.py", "exec");
  const frame = new Frame(code, null, m.dict, m.dict, prepareCode(code).consts);
  runFrame(frame);
}

registerBuiltinModule("asyncio", init);
registerBuiltinModule("uasyncio", init);
