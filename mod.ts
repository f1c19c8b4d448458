/**
 * upy: a MicroPython-compatible Python engine for Deno and edge runtimes.
 *
 * ```ts
 * import { VM } from "./mod.ts";
 * const vm = new VM({ stdout: (text) => console.log(text.trimEnd()) });
 * await vm.runSource("print(6 * 7)");
 * ```
 *
 * @module
 */

export { type RunResult, VM, type VMOptions } from "./lib/vm/vm.ts";
export { compile } from "./lib/compiler/compile.ts";
export { CompileError } from "./lib/compiler/syntax_error.ts";
export { CodeObject } from "./lib/compiler/bytecode.ts";
export { type ModuleInit, registerBuiltinModule } from "./lib/modules/registry.ts";
export { MemoryFileSystem } from "./lib/modules/memory_fs.ts";
export type { FileStat, FileSystem, HostFile, OpenFlags } from "./lib/modules/file.ts";
export { mountFileSystem, unmountFileSystem } from "./lib/modules/vfs.ts";
export { PyJsPromise } from "./lib/modules/asyncio_native.ts";

if (import.meta.main) {
  const { main } = await import("./lib/cli.ts");
  Deno.exit(await main(Deno.args));
}
