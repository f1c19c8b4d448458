/**
 * `os` (also `uos`) and `vfs`: files and directories through the VM's VFS
 * (vfs.ts: the embedder's FileSystem or an in-memory one at "/", plus whatever
 * os.mount adds), and urandom, uname, sep and dupterm.
 *
 * dupterm(stream, index=0) copies everything written to sys.stdout (print
 * included) to stream.write as bytes, as MicroPython's duplicated terminal does;
 * dupterm(None) stops it. Each call returns the stream it replaced.
 */

import type { PyValue } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { native, parseKwargs, positionalCount } from "../objects/function.ts";
import { PyTypeError, PyValueError, raise } from "../objects/exception.ts";
import { PyByteArray, PyBytes } from "../objects/bytes.ts";
import { PyAttrTuple } from "../objects/attrtuple.ts";
import { PyList } from "../objects/list.ts";
import { makeTuple } from "../objects/tuple.ts";
import { asInt } from "../objects/int.ts";
import { asStr } from "../objects/str.ts";
import { getAttr } from "../objects/attr.ts";
import { isTruthy } from "../objects/ops.ts";
import { callValue } from "../vm/call.ts";
import { activeVM, type OutputSink, type VMState } from "../vm/state.ts";
import { MICROPYTHON_VERSION } from "./sys.ts";
import { typeName } from "../objects/typeof.ts";
import { currentVfs, driverFor } from "./vfs.ts";

function path(v: PyValue): string {
  const s = asStr(v);
  if (s === undefined) {
    raise(PyTypeError, `can't convert '${typeName(v)}' object to str implicitly`);
  }
  return s;
}

// ---- dupterm ----

const DUPTERM_SLOTS = 2;
const encoder = new TextEncoder();

class DuptermSink implements OutputSink {
  slots: PyValue[] = new Array(DUPTERM_SLOTS).fill(null);
  constructor(readonly inner: OutputSink) {}
  write(text: string): void {
    this.inner.write(text);
    for (const stream of this.slots) {
      if (stream !== null) {
        callValue(getAttr(stream, "write"), [new PyByteArray(encoder.encode(text))], null);
      }
    }
  }
}

function duptermSink(vm: VMState): DuptermSink {
  const current = vm.stdout;
  if (current instanceof DuptermSink) return current;
  const sink = new DuptermSink(current);
  vm.stdout = sink;
  return sink;
}

function dupterm(args: PyValue[]): PyValue {
  const index = args.length > 1 ? Number(asInt(args[1]) ?? -1) : 0;
  if (index < 0 || index >= DUPTERM_SLOTS) raise(PyValueError, "invalid dupterm index");
  const sink = duptermSink(activeVM());
  const previous = sink.slots[index];
  sink.slots[index] = args[0];
  return previous;
}

// ---- the module ----

function init(m: PyModule): void {
  const d = m.dict;
  const vfs = currentVfs;
  const def = (name: string, min: number, max: number, fn: (a: PyValue[]) => PyValue) =>
    d.setStr(name, native(name, min, max, fn));
  d.setStr("sep", "/");
  def("remove", 1, 1, (a) => (vfs().remove(path(a[0])), null));
  d.setStr("unlink", d.getStr("remove"));
  def("rename", 2, 2, (a) => (vfs().rename(path(a[0]), path(a[1])), null));
  def("mkdir", 1, 2, (a) => (vfs().mkdir(path(a[0])), null));
  def("rmdir", 1, 1, (a) => (vfs().rmdir(path(a[0])), null));
  def("getcwd", 0, 0, () => vfs().getcwd());
  def("chdir", 1, 1, (a) => (vfs().chdir(path(a[0])), null));
  def("listdir", 0, 1, (a) => vfs().listdir(a.length > 0 ? path(a[0]) : ""));
  def("ilistdir", 0, 1, (a) => vfs().ilistdir(a.length > 0 ? path(a[0]) : ""));
  def("stat", 1, 1, (a) => vfs().stat(path(a[0])));
  def("statvfs", 1, 1, (a) => vfs().statvfs(path(a[0])));
  def("sync", 0, 0, () => null);
  def("urandom", 1, 1, (a) => {
    const n = asInt(a[0]);
    if (n === undefined) raise(PyTypeError, `can't convert ${typeName(a[0])} to int`);
    if (n < 0) raise(PyValueError, "negative count");
    const out = new Uint8Array(Number(n));
    // getRandomValues fills at most 65536 bytes per call.
    for (let i = 0; i < out.length; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
    return new PyBytes(out);
  });
  def(
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
  );
  def("dupterm", 1, 2, dupterm);
  addMountFunctions(m);
}

/** mount/umount, shared by os and vfs. */
function addMountFunctions(m: PyModule): void {
  m.dict.setStr(
    "mount",
    native("mount", 0, 4, (a, kw) => {
      // mount() with no arguments lists the mounts as (object, point) pairs.
      if (a.length === 0) {
        return new PyList(
          currentVfs().mounts.map((m) => makeTuple([m.driver.object ?? null, m.point])),
        );
      }
      if (a.length < 2) raise(PyTypeError, "function missing 1 required positional arguments");
      const opts = parseKwargs(a, kw, ["readonly", "mkfs"]);
      const n = positionalCount(a, kw);
      const readonly = isTruthy(n > 2 ? a[2] : opts?.get("readonly") ?? false);
      const mkfs = isTruthy(n > 3 ? a[3] : opts?.get("mkfs") ?? false);
      currentVfs().mount(driverFor(a[0]), path(a[1]), readonly, mkfs);
      return null;
    }, true),
  );
  m.dict.setStr(
    "umount",
    native("umount", 1, 1, (a) => {
      currentVfs().umount(a[0]);
      return null;
    }),
  );
}

registerBuiltinModule("os", init);
registerBuiltinModule("uos", init);
registerBuiltinModule("vfs", addMountFunctions);
