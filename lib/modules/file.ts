/**
 * open() and file objects, over a FileSystem the embedder provides.
 *
 * A VM has no file system unless one is given (VMOptions.fileSystem); the CLI
 * gives the host's through Deno (lib/cli.ts). File objects follow MicroPython's
 * io: TextIOWrapper for text modes, FileIO for binary, with read/readline/
 * readlines/readinto/write/seek/tell/flush/close, iteration by lines and use as
 * a context manager. Errors are OSError with the matching errno.
 */

import { writeWindow } from "./args.ts";
import type { PyValue } from "../objects/base.ts";
import { PyObject } from "../objects/base.ts";
import { PyType } from "../objects/type.ts";
import { native, parseKwargs, positionalCount } from "../objects/function.ts";
import {
  PyTypeError,
  PyUnicodeError,
  PyValueError,
  raise,
  raiseOSError,
} from "../objects/exception.ts";
import { bufferOf, PyBytes } from "../objects/bytes.ts";
import { asInt } from "../objects/int.ts";
import { asStr } from "../objects/str.ts";
import { PyList } from "../objects/list.ts";
import { currentVfs } from "./vfs.ts";
import { activeVM } from "../vm/state.ts";
import { getAttr } from "../objects/attr.ts";
import type { PyModule } from "../objects/module.ts";
import { typeName } from "../objects/typeof.ts";
import { ERRNO } from "./errno_table.ts";

/** What open()'s mode string asks of the file system ("r", "w+", "ab", "x"...). */
export interface OpenFlags {
  /** Reading is allowed. */
  read: boolean;
  /** Writing is allowed. */
  write: boolean;
  /** Every write goes to the end. */
  append: boolean;
  /** A missing file is created. */
  create: boolean;
  /** An existing file is emptied. */
  truncate: boolean;
  /** Fails (EEXIST) if the file exists. */
  exclusive: boolean;
}

/** An open file of the host. Errors are thrown as OSError via raiseOSError. */
export interface HostFile {
  /** Up to `max` bytes from the position (fewer at the end, none past it). */
  read(max: number): Uint8Array;
  /** Writes at the position (the end in append mode); returns the bytes written. */
  write(data: Uint8Array): number;
  /** whence: 0 start, 1 current, 2 end; returns the new position. */
  seek(offset: number, whence: number): number;
  /** Sets the file's length, keeping the position (absent: truncate() is unsupported). */
  truncate?(size: number): void;
  /** Releases the file; nothing is read or written after it. */
  close(): void;
}

/** File metadata as os.stat reports it. */
export interface FileStat {
  /** A folder rather than a file. */
  isDirectory: boolean;
  /** Length in bytes (0 for a folder). */
  size: number;
  /** Last modification, in seconds since the epoch. */
  mtime: number;
}

/**
 * What open() and os reach: an embedder's own storage, the host's files (the CLI), or a
 * MemoryFileSystem. Paths are the ones Python gave (relative to getcwd()). Failures are thrown as
 * OSError (raiseOSError with an errno); an operation left out fails with OSError EPERM.
 */
export interface FileSystem {
  /** Opens (or, as `flags` say, creates or empties) the file at `path`. */
  open(path: string, flags: OpenFlags): HostFile;
  /** os.remove: deletes a file. */
  remove?(path: string): void;
  /** os.rename: moves a file or folder. */
  rename?(from: string, to: string): void;
  /** os.mkdir: creates a folder. */
  mkdir?(path: string): void;
  /** os.rmdir: deletes an empty folder. */
  rmdir?(path: string): void;
  /** os.listdir / os.ilistdir: the names in a folder. */
  listdir?(path: string): string[];
  /** os.stat: what is at `path`. */
  stat?(path: string): FileStat;
  /** os.statvfs's 10 numbers (bsize, frsize, blocks, bfree, bavail, files, ffree, favail, flag, namemax). */
  statvfs?(path: string): number[];
  /** os.getcwd: the folder relative paths start from. */
  getcwd?(): string;
  /** os.chdir: changes it. */
  chdir?(path: string): void;
}

export const textFileType = new PyType("TextIOWrapper", []);
export const binaryFileType = new PyType("FileIO", []);

let nextDescriptor = 3;

export class PyFile extends PyObject {
  host: HostFile;
  text: boolean;
  closed: boolean;
  fd: number;
  /** Bytes read ahead of the position (for readline). */
  pending: Uint8Array;
  constructor(host: HostFile, text: boolean) {
    super(text ? textFileType : binaryFileType);
    this.host = host;
    this.text = text;
    this.closed = false;
    this.fd = nextDescriptor++;
    this.pending = new Uint8Array(0);
  }

  check(): void {
    if (this.closed) raise(PyValueError, "I/O operation on closed file");
  }

  readBytes(n: number): Uint8Array {
    const chunks: Uint8Array[] = [];
    let have = 0;
    if (this.pending.length > 0) {
      const take = n < 0 ? this.pending.length : Math.min(n, this.pending.length);
      chunks.push(this.pending.slice(0, take));
      this.pending = this.pending.slice(take);
      have = take;
    }
    while (n < 0 || have < n) {
      const chunk = this.host.read(n < 0 ? 65536 : n - have);
      if (chunk.length === 0) break;
      chunks.push(chunk);
      have += chunk.length;
    }
    return concat(chunks, have);
  }

  readLine(limit: number): Uint8Array {
    const out: number[] = [];
    for (;;) {
      if (this.pending.length === 0) {
        this.pending = this.host.read(4096);
        if (this.pending.length === 0) break;
      }
      const nl = this.pending.indexOf(0x0a);
      const end = nl >= 0 ? nl + 1 : this.pending.length;
      const take = limit >= 0 ? Math.min(end, limit - out.length) : end;
      for (let i = 0; i < take; i++) out.push(this.pending[i]);
      this.pending = this.pending.slice(take);
      if ((nl >= 0 && take === end) || (limit >= 0 && out.length >= limit)) break;
    }
    return Uint8Array.from(out);
  }

  tell(): number {
    return this.host.seek(0, 1) - this.pending.length;
  }

  seek(offset: number, whence: number): number {
    if (whence === 1) offset -= this.pending.length;
    this.pending = new Uint8Array(0);
    return this.host.seek(offset, whence);
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

const decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

function out(f: PyFile, bytes: Uint8Array): PyValue {
  if (!f.text) return new PyBytes(bytes);
  try {
    return decoder.decode(bytes);
  } catch {
    raise(PyUnicodeError, "invalid UTF-8");
  }
}

/** Text-mode read(n): n characters, so whole UTF-8 sequences. */
function readChars(f: PyFile, n: number): Uint8Array {
  if (n < 0) return f.readBytes(-1);
  const bytes: number[] = [];
  let chars = 0;
  while (chars < n) {
    const b = f.readBytes(1);
    if (b.length === 0) break;
    bytes.push(b[0]);
    const need = b[0] >= 0xf0 ? 3 : b[0] >= 0xe0 ? 2 : b[0] >= 0xc0 ? 1 : 0;
    if (need > 0) {
      const rest = f.readBytes(need);
      for (const x of rest) bytes.push(x);
    }
    chars++;
  }
  return Uint8Array.from(bytes);
}

/**
 * open()'s mode string as flags, and whether the file is in text mode. As
 * MicroPython's: a later r/w/a/x overrides an earlier one, and characters it
 * does not know are ignored.
 */
export function openFlagsOf(mode: string): [OpenFlags, boolean] {
  let kind = "r";
  let plus = false;
  let text = true;
  for (const c of mode) {
    if (c === "r" || c === "w" || c === "a" || c === "x") kind = c;
    else if (c === "+") plus = true;
    else if (c === "b") text = false;
    else if (c === "t") text = true;
  }
  const flags: OpenFlags = {
    read: kind === "r" || plus,
    write: kind !== "r" || plus,
    append: kind === "a",
    create: kind !== "r",
    truncate: kind === "w",
    exclusive: kind === "x",
  };
  return [flags, text];
}

export function openFile(args: PyValue[], kwnames: string[] | null): PyValue {
  const opts = parseKwargs(args, kwnames, ["mode", "buffering", "encoding"]);
  const npos = positionalCount(args, kwnames);
  const mode0 = npos > 1 ? args[1] : opts?.get("mode") ?? "r";
  if (typeof args[0] === "number" && typeof mode0 === "string") {
    // open(fd), as on MicroPython's unix port: the standard streams by number.
    const fd = args[0];
    if (fd < 0 || fd > 2) raiseOSError(ERRNO.EBADF);
    const sys = activeVM().modules.getStr("sys") as PyModule;
    const stream = sys.dict.getStr(["stdin", "stdout", "stderr"][fd])!;
    return openFlagsOf(mode0)[1] ? stream : getAttr(stream, "buffer");
  }
  const path = asStr(args[0]);
  if (path === undefined) {
    raise(PyTypeError, `can't convert '${typeName(args[0])}' object to str implicitly`);
  }
  const mode = npos > 1 ? args[1] : opts?.get("mode") ?? "r";
  if (typeof mode !== "string") raise(PyTypeError, "mode must be str");
  openFlagsOf(mode); // a bad mode fails before the file system is asked
  return currentVfs().open(path, mode);
}

for (const type of [textFileType, binaryFileType]) {
  type.reprSlot = (f: PyFile) => `<io.${type.name} ${f.fd}>`;
  const def = (name: string, min: number, max: number, fn: (f: PyFile, a: PyValue[]) => PyValue) =>
    type.define(name, native(name, min, max, (a) => fn(a[0] as PyFile, a)));
  def("read", 1, 2, (f, a) => {
    f.check();
    const n = a.length > 1 && a[1] !== null ? Number(asInt(a[1]) ?? -1) : -1;
    return out(f, f.text ? readChars(f, n) : f.readBytes(n));
  });
  def("readline", 1, 2, (f, a) => {
    f.check();
    const n = a.length > 1 && a[1] !== null ? Number(asInt(a[1]) ?? -1) : -1;
    return out(f, f.readLine(n));
  });
  def("readlines", 1, 1, (f) => {
    f.check();
    const lines: PyValue[] = [];
    for (;;) {
      const line = f.readLine(-1);
      if (line.length === 0) return new PyList(lines);
      lines.push(out(f, line));
    }
  });
  def("readinto", 2, 3, (f, a) => {
    f.check();
    const buf = bufferOf(a[1]);
    if (buf === undefined) raise(PyTypeError, "object with buffer protocol required");
    const n = a.length > 2 ? Math.min(Number(asInt(a[2]) ?? buf.length), buf.length) : buf.length;
    const got = f.readBytes(n);
    buf.set(got);
    return got.length;
  });
  def("write", 2, 4, (f, a) => {
    f.check();
    let bytes: Uint8Array;
    if (f.text) {
      const s = asStr(a[1]);
      if (s === undefined) {
        raise(PyTypeError, `can't convert '${typeName(a[1])}' object to str implicitly`);
      }
      bytes = encoder.encode(s);
    } else {
      const b = bufferOf(a[1]);
      if (b === undefined) raise(PyTypeError, "object with buffer protocol required");
      bytes = b;
    }
    if (f.pending.length > 0) f.seek(0, 1);
    return f.host.write(writeWindow(bytes, a));
  });
  def("seek", 2, 3, (f, a) => {
    if (f.closed) raiseOSError(ERRNO.EBADF);
    return f.seek(Number(asInt(a[1]) ?? 0), a.length > 2 ? Number(asInt(a[2]) ?? 0) : 0);
  });
  def("truncate", 1, 2, (f, a) => {
    f.check();
    const position = f.tell();
    const size = a.length > 1 && a[1] !== null ? Number(asInt(a[1]) ?? -1) : position;
    if (size < 0 || f.host.truncate === undefined) raiseOSError(ERRNO.EINVAL);
    // Drop read-ahead so the next read sees the new end.
    f.seek(position, 0);
    f.host.truncate(size);
    return size;
  });
  def("tell", 1, 1, (f) => {
    f.check();
    return f.tell();
  });
  def("flush", 1, 1, (f) => {
    f.check();
    return null;
  });
  def("close", 1, 1, (f) => {
    if (!f.closed) {
      f.closed = true;
      f.host.close();
    }
    return null;
  });
  def("__enter__", 1, 1, (f) => f);
  def("fileno", 1, 1, (f) => f.fd);
  def("__exit__", 1, 4, (f) => {
    if (!f.closed) {
      f.closed = true;
      f.host.close();
    }
    return null;
  });
  type.iterSlot = (f) => f;
  type.nextSlot = (f: PyFile) => {
    f.check();
    const line = f.readLine(-1);
    return line.length === 0 ? undefined : out(f, line);
  };
}

/** The builtin open(). */
export const openFunction = native("open", 1, 3, (a, kw) => openFile(a, kw), true);
