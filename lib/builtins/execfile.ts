/**
 * `execfile(path[, globals[, locals]])`, MicroPython's builtin: runs a file's source in the
 * caller's (or the given) namespace. The file is opened through the VM's VFS, like open(), so a
 * file system the program mounted is read through its own file objects.
 */

import type { PyValue } from "../objects/base.ts";
import { PyTypeError, raise, raiseOSError } from "../objects/exception.ts";
import { getAttrOrUndefined } from "../objects/attr.ts";
import { bufferOf } from "../objects/bytes.ts";
import { typeName } from "../objects/typeof.ts";
import { native } from "../objects/function.ts";
import { callValue } from "../vm/call.ts";
import { activeVM } from "../vm/state.ts";
import { execSource } from "../vm/exec.ts";
import { compileSource } from "../vm/compile_bridge.ts";
import { openFunction, PyFile } from "../modules/file.ts";
import { readAll } from "../modules/io.ts";
import { ERRNO } from "../modules/errno_table.ts";

function fileSource(path: string): string {
  const file = callValue(openFunction, [path, "rb"], null);
  let data: Uint8Array | undefined;
  try {
    if (file instanceof PyFile) data = file.readBytes(-1);
    else if (
      getAttrOrUndefined(file, "readinto") !== undefined ||
      getAttrOrUndefined(file, "read") !== undefined
    ) {
      const read = readAll(file);
      data = typeof read === "string" ? new TextEncoder().encode(read) : bufferOf(read);
    }
  } finally {
    const close = file === null ? undefined : getAttrOrUndefined(file, "close");
    if (close !== undefined) callValue(close, [], null);
  }
  // What the file system's open() gave is no stream at all (None, say).
  if (data === undefined) raiseOSError(ERRNO.EINVAL);
  return new TextDecoder().decode(data);
}

export const execfileFunction = native("execfile", 1, 3, (a) => {
  const path = a[0];
  if (typeof path !== "string") {
    raise(PyTypeError, `can't convert '${typeName(path)}' object to str implicitly`);
  }
  // vm.frame names execfile's caller, whose namespace the code runs in; the Python calls made
  // while reading (a mounted file system's open and read) move it, so it is put back.
  const vm = activeVM();
  const caller = vm.frame;
  const source = fileSource(path);
  vm.frame = caller;
  const code = compileSource(source, path, "exec");
  const done = execSource(code, a.length > 1 ? a[1] : null, a.length > 2 ? a[2] : null, "exec");
  return done instanceof Promise ? done.then((): PyValue => null) : null;
});
