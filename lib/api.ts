/**
 * The embedding API: everything `mod.ts` offers a host program, without the
 * CLI, so it is also the entry of the self-contained bundle (`deno task
 * build` -> dist/upy.js) and touches nothing host-specific at import time.
 *
 * @module
 */

export {
  type Capabilities,
  type OutputTarget,
  type OutputWriter,
  type RunOptions,
  type RunResult,
  VM,
  type VMOptions,
} from "./vm/vm.ts";
export { type LimitKind, type Limits, SANDBOX_LIMITS, type Usage } from "./vm/limits.ts";
export { LimitError, PythonError } from "./interop/errors.ts";
export type { PyProxy } from "./interop/py_proxy.ts";
export { compile, type CompileMode, type CompileOptions } from "./compiler/compile.ts";
export { CompileError, type CompileErrorType } from "./compiler/syntax_error.ts";
export { CodeObject } from "./compiler/bytecode.ts";
export { type ModuleInit, registerBuiltinModule } from "./modules/registry.ts";
export type { StdinSource } from "./modules/stdin.ts";
export type { FileStat, FileSystem, HostFile, OpenFlags } from "./modules/file.ts";
export { MemoryFileSystem } from "./modules/memory_fs.ts";
export { mountFileSystem, unmountFileSystem } from "./modules/vfs.ts";
export { PyJsPromise } from "./modules/asyncio_native.ts";
export type { SourceLoader } from "./vm/import.ts";
