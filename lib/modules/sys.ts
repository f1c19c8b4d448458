/**
 * `sys`: argv, path, modules, exit, implementation, version info, the standard
 * streams (writing through the VM's output sinks) and print_exception.
 */

import { strLen } from "../objects/str.ts";
import type { PyValue } from "../objects/base.ts";
import { PyObject } from "../objects/base.ts";
import { registerBuiltinModule } from "./registry.ts";
import { sizeArg } from "./args.ts";
import { PyModule } from "../objects/module.ts";
import { PyList } from "../objects/list.ts";
import { PyTuple } from "../objects/tuple.ts";
import { PyAttrTuple } from "../objects/attrtuple.ts";
import { native, parseKwargs, positionalCount } from "../objects/function.ts";
import { PyType } from "../objects/type.ts";
import {
  PyBaseException,
  PySystemExit,
  PyTypeError,
  raise,
  raiseOSError,
} from "../objects/exception.ts";
import { activeVM, type OutputSink } from "../vm/state.ts";
import { formatException } from "../vm/traceback.ts";
import { getAttrOrUndefined } from "../objects/attr.ts";
import { callValue } from "../vm/call.ts";
import { str } from "../objects/ops.ts";
import { bufferOf, PyBytes } from "../objects/bytes.ts";
import { readStdin } from "./stdin.ts";

export const MICROPYTHON_VERSION: [number, number, number] = [1, 27, 0];

export const textStreamType = new PyType("TextIOWrapper", []);
export const byteStreamType = new PyType("FileIO", []);

/** sys.stdout / sys.stderr: write text to one of the VM's sinks. */
export class PyTextStream extends PyObject {
  fd: number;
  buffer: PyObject;
  constructor(fd: number) {
    super(textStreamType);
    this.fd = fd;
    this.buffer = new PyByteStream(fd);
  }
}
class PyByteStream extends PyObject {
  fd: number;
  constructor(fd: number) {
    super(byteStreamType);
    this.fd = fd;
  }
}

function sinkFor(fd: number): OutputSink {
  const vm = activeVM();
  return fd === 2 ? vm.stderr : vm.stdout;
}

textStreamType.reprSlot = (s: PyTextStream) => `<io.TextIOWrapper ${s.fd}>`;
textStreamType.define(
  "write",
  native("write", 2, 2, (a) => {
    const text = a[1];
    if (typeof text !== "string") raise(PyTypeError, "can't convert to str implicitly");
    sinkFor((a[0] as PyTextStream).fd).write(text);
    return strLen(text); // characters, as CPython and MicroPython 1.29 count them
  }),
);
textStreamType.define("flush", native("flush", 1, 1, () => null));

// Reading: only sys.stdin (fd 0) has input; the others read as at end of file.
const utf8 = new TextDecoder();
function reader(fd: number, want: number, line: boolean, done: (b: Uint8Array) => PyValue) {
  return fd === 0 ? readStdin(want, line, done) : done(new Uint8Array(0));
}
for (const [type, text] of [[textStreamType, true], [byteStreamType, false]] as const) {
  const done = (b: Uint8Array): PyValue => (text ? utf8.decode(b) : new PyBytes(b));
  const fd = (a: PyValue[]) => (a[0] as PyTextStream).fd;
  type.define("read", native("read", 1, 2, (a) => reader(fd(a), sizeArg(a, 1), false, done)));
  type.define(
    "readline",
    native("readline", 1, 2, (a) => reader(fd(a), sizeArg(a, 1), true, done)),
  );
  type.define(
    "readinto",
    native("readinto", 2, 3, (a) => {
      const buf = bufferOf(a[1]);
      if (buf === undefined) raise(PyTypeError, "object with buffer protocol required");
      return reader(fd(a), buf.length, false, (b) => (buf.set(b), b.length));
    }),
  );
  type.iterSlot = (s) => s;
  type.nextSlot = (s: PyTextStream) => {
    // Iteration cannot wait: it reads synchronously where the source allows.
    const line = readStdinSync(s.fd);
    return line.length === 0 ? undefined : done(line);
  };
}

/** One line of stdin read synchronously (iteration is not a place the VM can suspend). */
function readStdinSync(fd: number): Uint8Array {
  let line: Uint8Array = new Uint8Array(0);
  if (fd !== 0) return line;
  const vm = activeVM();
  const could = vm.canSuspend;
  vm.canSuspend = false;
  try {
    readStdin(-1, true, (b) => ((line = b), null));
  } finally {
    vm.canSuspend = could;
  }
  return line;
}
textStreamType.define("fileno", native("fileno", 1, 1, (a) => (a[0] as PyTextStream).fd));
byteStreamType.define("fileno", native("fileno", 1, 1, (a) => (a[0] as PyByteStream).fd));
textStreamType.define("buffer", getterFor((s: PyTextStream) => s.buffer));
byteStreamType.reprSlot = (s: PyByteStream) => `<io.FileIO ${s.fd}>`;
byteStreamType.define(
  "write",
  native("write", 2, 2, (a) => {
    // Any buffer, or a str (MicroPython's stream write takes both).
    const data = a[1];
    if (typeof data === "string") {
      sinkFor((a[0] as PyByteStream).fd).write(data);
      return new TextEncoder().encode(data).length;
    }
    const bytes = bufferOf(data);
    if (bytes === undefined) raise(PyTypeError, "object with buffer protocol required");
    const sink = sinkFor((a[0] as PyByteStream).fd);
    if (sink.writeBytes !== undefined) sink.writeBytes(bytes.slice());
    else sink.write(new TextDecoder().decode(bytes));
    return bytes.length;
  }),
);
byteStreamType.define("flush", native("flush", 1, 1, () => null));

import { getter } from "../objects/property.ts";
function getterFor(fn: (s: PyTextStream) => PyValue) {
  return getter(fn);
}

export function printException(exc: PyValue, file: PyValue): void {
  let write: PyValue = null;
  if (file !== null && file !== undefined) {
    write = getAttrOrUndefined(file, "write");
    if (write === undefined) raiseOSError(22);
  }
  if (!(exc instanceof PyBaseException)) {
    raise(PyTypeError, "print_exception() arg must be an exception");
  }
  const text = formatException(exc);
  if (write === null) activeVM().stdout.write(text);
  else callValue(write, [text], null);
}

registerBuiltinModule("builtins", (m: PyModule) => {
  // The builtins module shares the VM's own builtins namespace.
  m.dict = activeVM().builtins;
});

registerBuiltinModule("sys", (m: PyModule) => {
  const vm = activeVM();
  const d = m.dict;
  d.setStr("argv", new PyList([]));
  d.setStr("path", new PyList([""]));
  d.setStr("modules", vm.modules);
  d.setStr("byteorder", "little");
  d.setStr("platform", "linux");
  d.setStr("maxsize", 9223372036854775807n);
  d.setStr("version", `3.4.0; MicroPython v${MICROPYTHON_VERSION.join(".")} upy`);
  d.setStr("version_info", new PyTuple([3, 4, 0]));
  d.setStr(
    "implementation",
    new PyAttrTuple(["name", "version", "_machine", "_mpy"], [
      "micropython",
      new PyTuple([...MICROPYTHON_VERSION, ""]),
      "upy with Deno",
      6 | (3 << 8),
    ]),
  );
  d.setStr("stdout", new PyTextStream(1));
  d.setStr("stderr", new PyTextStream(2));
  d.setStr("stdin", new PyTextStream(0));
  d.setStr("ps1", ">>> ");
  d.setStr("ps2", "... ");
  d.setStr(
    "exit",
    native("exit", 0, 1, (a) => {
      throw new PyBaseException(PySystemExit, a.length === 0 ? [] : [a[0]]);
    }),
  );
  // One function, run when the main program ends; returns the one it replaces.
  d.setStr(
    "atexit",
    native("atexit", 1, 1, (a) => {
      const vm = activeVM();
      const previous = vm.exitFunc;
      vm.exitFunc = a[0];
      return previous;
    }),
  );
  d.setStr(
    "print_exception",
    native("print_exception", 1, 2, (a, kw) => {
      const opts = parseKwargs(a, kw, ["file"]);
      const n = positionalCount(a, kw);
      printException(a[0], n > 1 ? a[1] : opts?.get("file") ?? null);
      return null;
    }, true),
  );
  d.setStr(
    "exc_info",
    native("exc_info", 0, 0, () => {
      const exc = activeVM().handled;
      if (exc === null || exc === undefined) return new PyTuple([null, null, null]);
      return new PyTuple([exc.type, exc, null]);
    }),
  );
  void str;
});
