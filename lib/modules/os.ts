/**
 * `os` (also `uos`): files and directories through the VM's FileSystem (none
 * in a sandboxed VM, where every call fails with ENOENT), plus urandom, uname,
 * sep and MicroPython's dupterm stub.
 */

import type { PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";
import { PyTypeError, raise, raiseOSError } from "../objects/exception.ts";
import { PyList } from "../objects/list.ts";
import { makeTuple } from "../objects/tuple.ts";
import { PyBytes } from "../objects/bytes.ts";
import { PyAttrTuple } from "../objects/attrtuple.ts";
import { asInt } from "../objects/int.ts";
import { asStr } from "../objects/str.ts";
import { activeVM } from "../vm/state.ts";
import type { FileSystem } from "./file.ts";
import { ERRNO } from "./errno_table.ts";
import { MICROPYTHON_VERSION } from "./sys.ts";
import { typeName } from "../objects/typeof.ts";

function fs(): FileSystem {
  const f = activeVM().host.fileSystem as FileSystem | null | undefined;
  if (f === null || f === undefined) raiseOSError(ERRNO.ENOENT);
  return f;
}

function need<K extends keyof FileSystem>(name: K): NonNullable<FileSystem[K]> {
  const f = fs();
  const op = f[name];
  if (op === undefined) raiseOSError(ERRNO.EPERM);
  return (op as (...a: unknown[]) => unknown).bind(f) as NonNullable<FileSystem[K]>;
}

function path(v: PyValue): string {
  const s = asStr(v);
  if (s === undefined) {
    raise(PyTypeError, `can't convert '${typeName(v)}' object to str implicitly`);
  }
  return s;
}

const S_IFDIR = 0x4000;
const S_IFREG = 0x8000;

function init(m: PyModule): void {
  const d = m.dict;
  d.setStr("sep", "/");
  d.setStr("remove", native("remove", 1, 1, (a) => (need("remove")(path(a[0])), null)));
  d.setStr("unlink", d.getStr("remove"));
  d.setStr("rename", native("rename", 2, 2, (a) => (need("rename")(path(a[0]), path(a[1])), null)));
  d.setStr("mkdir", native("mkdir", 1, 2, (a) => (need("mkdir")(path(a[0])), null)));
  d.setStr("rmdir", native("rmdir", 1, 1, (a) => (need("rmdir")(path(a[0])), null)));
  d.setStr("getcwd", native("getcwd", 0, 0, () => need("getcwd")()));
  d.setStr("chdir", native("chdir", 1, 1, (a) => (need("chdir")(path(a[0])), null)));
  d.setStr(
    "listdir",
    native("listdir", 0, 1, (a) => new PyList(need("listdir")(a.length > 0 ? path(a[0]) : "."))),
  );
  d.setStr(
    "ilistdir",
    native("ilistdir", 0, 1, (a) => {
      const dir = a.length > 0 ? path(a[0]) : ".";
      const names = need("listdir")(dir);
      const stat = need("stat");
      return new PyList(names.map((n) => {
        const s = stat(dir === "." ? n : dir + "/" + n);
        return makeTuple([n, s.isDirectory ? S_IFDIR : S_IFREG, 0, s.size]);
      }));
    }),
  );
  d.setStr(
    "stat",
    native("stat", 1, 1, (a) => {
      const s = need("stat")(path(a[0]));
      return makeTuple([
        s.isDirectory ? S_IFDIR : S_IFREG,
        0,
        0,
        0,
        0,
        0,
        s.size,
        s.mtime,
        s.mtime,
        s.mtime,
      ]);
    }),
  );
  d.setStr(
    "statvfs",
    native(
      "statvfs",
      1,
      1,
      () => makeTuple([4096, 4096, 1 << 20, 1 << 19, 1 << 19, 0, 0, 0, 0, 255]),
    ),
  );
  d.setStr(
    "urandom",
    native("urandom", 1, 1, (a) => {
      const n = Number(asInt(a[0]) ?? 0);
      const out = new Uint8Array(n);
      crypto.getRandomValues(out);
      return new PyBytes(out);
    }),
  );
  d.setStr(
    "uname",
    native(
      "uname",
      0,
      0,
      () =>
        new PyAttrTuple(["sysname", "nodename", "release", "version", "machine"], [
          "upy",
          "upy",
          MICROPYTHON_VERSION.join("."),
          `MicroPython v${MICROPYTHON_VERSION.join(".")} (upy)`,
          "Deno",
        ]),
    ),
  );
  d.setStr("dupterm", native("dupterm", 1, 2, () => null));
}

registerBuiltinModule("os", init);
registerBuiltinModule("uos", init);
