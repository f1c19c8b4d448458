/**
 * The virtual file system: each VM has a table of mounted file systems, and
 * open() and os resolve every path through it, as MicroPython's VFS does.
 *
 * - A mount is a mount point ("/" or "/name") and a driver: a TypeScript
 *   FileSystem (file.ts: the host's, a MemoryFileSystem, an embedder's own) or
 *   a Python object with MicroPython's VFS methods (mount, umount, open,
 *   ilistdir, chdir, getcwd, mkdir, remove, rename, rmdir, stat, statvfs).
 * - An absolute path goes to the mount whose point prefixes it, with the rest of
 *   the path ("/" for the point itself); with nothing at "/", the root is a
 *   virtual directory listing the mount points. A relative path goes unchanged
 *   to the mount holding the current directory, which keeps its own cwd.
 * - A VM starts with its embedder's FileSystem (VMOptions.fileSystem; the CLI
 *   gives the host's) at "/", or with a fresh MemoryFileSystem when none.
 */

import type { PyValue } from "../objects/base.ts";
import { raiseOSError } from "../objects/exception.ts";
import { PyList, PyListIterator } from "../objects/list.ts";
import { makeTuple } from "../objects/tuple.ts";
import { getAttr, getAttrOrUndefined } from "../objects/attr.ts";
import { getIter, iterNext } from "../objects/ops.ts";
import { asStr } from "../objects/str.ts";
import { callValue } from "../vm/call.ts";
import { activeVM, activeVMOrNull, setActiveVM, type VMState } from "../vm/state.ts";
import { setDefaultLoader, type SourceLoader } from "../vm/import.ts";
import { PyBaseException } from "../objects/exception.ts";
import { bufferOf, PyByteArray, PyBytes } from "../objects/bytes.ts";
import { type FileSystem, openFlagsOf, PyFile } from "./file.ts";
import { MemoryFileSystem } from "./memory_fs.ts";
import { ERRNO } from "./errno_table.ts";

export const S_IFDIR = 0x4000;
export const S_IFREG = 0x8000;

/** What a mount point holds: the operations os and open() delegate. */
export interface VfsDriver {
  /** The Python object mounted, if the driver wraps one (umount accepts it). */
  readonly object: PyValue | undefined;
  mount(readonly: boolean, mkfs: boolean): void;
  umount(): void;
  open(path: string, mode: string): PyValue;
  ilistdir(path: string): PyValue;
  chdir(path: string): void;
  getcwd(): string;
  mkdir(path: string): void;
  remove(path: string): void;
  rename(from: string, to: string): void;
  rmdir(path: string): void;
  stat(path: string): PyValue;
  statvfs(path: string): PyValue;
}

function dirStat(): PyValue {
  return makeTuple([S_IFDIR, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
}

/** Joins a path onto a directory and resolves "." and "..". */
function resolve(cwd: string, path: string): string {
  const names: string[] = [];
  for (const part of (path.startsWith("/") ? path : cwd + "/" + path).split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") names.pop();
    else names.push(part);
  }
  return "/" + names.join("/");
}

/** A TypeScript FileSystem as a mount; it keeps the current directory itself. */
export class NativeDriver implements VfsDriver {
  readonly object = undefined;
  private cwd: string;
  constructor(readonly fs: FileSystem) {
    this.cwd = fs.getcwd?.() ?? "/";
  }

  private path(p: string): string {
    return resolve(this.cwd, p);
  }

  private need<T>(op: T | undefined): T {
    if (op === undefined) raiseOSError(ERRNO.EPERM);
    return op;
  }

  mount(): void {}
  umount(): void {}

  open(path: string, mode: string): PyValue {
    const [flags, text] = openFlagsOf(mode);
    return new PyFile(this.fs.open(this.path(path), flags), text);
  }

  ilistdir(path: string): PyValue {
    const dir = this.path(path);
    const names = this.need(this.fs.listdir).call(this.fs, dir);
    const stat = this.need(this.fs.stat);
    return new PyListIterator(names.map((name) => {
      const s = stat.call(this.fs, dir === "/" ? "/" + name : dir + "/" + name);
      return makeTuple([name, s.isDirectory ? S_IFDIR : S_IFREG, 0]);
    }));
  }

  chdir(path: string): void {
    const dir = this.path(path);
    if (!this.need(this.fs.stat).call(this.fs, dir).isDirectory) raiseOSError(ERRNO.ENOTDIR);
    this.cwd = dir;
  }

  getcwd(): string {
    return this.cwd;
  }

  mkdir(path: string): void {
    this.need(this.fs.mkdir).call(this.fs, this.path(path));
  }

  remove(path: string): void {
    this.need(this.fs.remove).call(this.fs, this.path(path));
  }

  rename(from: string, to: string): void {
    this.need(this.fs.rename).call(this.fs, this.path(from), this.path(to));
  }

  rmdir(path: string): void {
    this.need(this.fs.rmdir).call(this.fs, this.path(path));
  }

  stat(path: string): PyValue {
    const s = this.need(this.fs.stat).call(this.fs, this.path(path));
    const mode = s.isDirectory ? S_IFDIR : S_IFREG;
    return makeTuple([mode, 0, 0, 0, 0, 0, s.size, s.mtime, s.mtime, s.mtime]);
  }

  statvfs(path: string): PyValue {
    const numbers = this.fs.statvfs?.(this.path(path)) ??
      [4096, 4096, 1 << 20, 1 << 19, 1 << 19, 0, 0, 0, 0, 255];
    return makeTuple(numbers);
  }
}

/** A Python object with MicroPython's VFS methods, as a mount. */
class PythonDriver implements VfsDriver {
  constructor(readonly object: PyValue) {}

  private call(name: string, args: PyValue[]): PyValue {
    return callValue(getAttr(this.object, name), args, null);
  }

  mount(readonly: boolean, mkfs: boolean): void {
    const mount = getAttrOrUndefined(this.object, "mount");
    if (mount !== undefined) callValue(mount, [readonly, mkfs], null);
  }

  umount(): void {
    const umount = getAttrOrUndefined(this.object, "umount");
    if (umount !== undefined) callValue(umount, [], null);
  }

  open(path: string, mode: string): PyValue {
    return this.call("open", [path, mode]);
  }

  ilistdir(path: string): PyValue {
    return getIter(this.call("ilistdir", [path]));
  }

  chdir(path: string): void {
    this.call("chdir", [path]);
  }

  getcwd(): string {
    const cwd = this.call("getcwd", []);
    return asStr(cwd) ?? "";
  }

  mkdir(path: string): void {
    this.call("mkdir", [path]);
  }

  remove(path: string): void {
    this.call("remove", [path]);
  }

  rename(from: string, to: string): void {
    this.call("rename", [from, to]);
  }

  rmdir(path: string): void {
    this.call("rmdir", [path]);
  }

  stat(path: string): PyValue {
    return this.call("stat", [path]);
  }

  statvfs(path: string): PyValue {
    return this.call("statvfs", [path]);
  }
}

export interface Mount {
  /** "/" or "/name" (no trailing slash). */
  point: string;
  driver: VfsDriver;
}

/** Where a path leads: a mount and the path within it, or the virtual root. */
export type Resolved = { mount: Mount; path: string } | "root";

export class Vfs {
  mounts: Mount[] = [];
  /** The mount holding the current directory; null for the virtual root. */
  current: Mount | null = null;

  /** Mounts a driver (a FileSystem or a Python object) at `point`. */
  mount(driver: VfsDriver, point: string, readonly = false, mkfs = false): void {
    const at = normalizePoint(point);
    // (MicroPython asks the file system to mount before checking the point.)
    driver.mount(readonly, mkfs);
    if (this.mounts.some((m) => m.point === at)) raiseOSError(ERRNO.EPERM);
    this.mounts.push({ point: at, driver });
  }

  /** Unmounts by mount point or by the mounted Python object. */
  umount(target: string | PyValue): void {
    const index = this.mounts.findIndex((m) =>
      typeof target === "string" ? m.point === normalizePoint(target) : m.driver.object === target
    );
    if (index < 0) raiseOSError(ERRNO.EINVAL);
    const [mount] = this.mounts.splice(index, 1);
    mount.driver.umount();
    if (this.current === mount) this.current = null;
  }

  /** Resolves a path; fails with ENOENT where nothing is mounted. */
  lookup(path: string): Resolved {
    const relative = !path.startsWith("/");
    if (relative) {
      if (this.current !== null) return { mount: this.current, path };
      // In the virtual root a relative name is looked up as absolute, but the
      // file system at "/" (if any) gets it as it was.
      path = "/" + path;
    }
    let root: Mount | undefined;
    for (const m of this.mounts) {
      if (m.point === "/") root = m;
      else if (path === m.point || path.startsWith(m.point + "/")) {
        return { mount: m, path: path.slice(m.point.length) || "/" };
      }
    }
    if (root !== undefined) {
      return { mount: root, path: relative && path !== "/" ? path.slice(1) : path };
    }
    if (/^\/*$/.test(path)) return "root";
    raiseOSError(ERRNO.ENOENT);
  }

  /** The mount points directly under "/" (what listing the root shows first). */
  rootEntries(): PyValue[] {
    return this.mounts.filter((m) => m.point !== "/").map((m) =>
      makeTuple([m.point.slice(1), S_IFDIR, 0])
    );
  }

  ilistdir(path: string): PyValue {
    const where = this.lookup(path);
    if (where === "root") return new PyListIterator(this.rootEntries());
    const inner = where.mount.driver.ilistdir(where.path);
    const absolute = this.absolute(path);
    if (where.mount.point === "/" && absolute !== null && /^\/*$/.test(absolute)) {
      // The root file system's own entries come after the other mount points.
      const items = this.rootEntries();
      for (let v = nextOf(inner); v !== undefined; v = nextOf(inner)) items.push(v);
      return new PyListIterator(items);
    }
    return inner;
  }

  listdir(path: string): PyList {
    const names: PyValue[] = [];
    const it = this.ilistdir(path);
    for (let v = nextOf(it); v !== undefined; v = nextOf(it)) {
      const entry = v as { items?: PyValue[] };
      names.push(entry.items !== undefined ? entry.items[0] : v);
    }
    return new PyList(names);
  }

  chdir(path: string): void {
    const where = this.lookup(path);
    if (where === "root") {
      this.current = null;
      return;
    }
    where.mount.driver.chdir(where.path);
    this.current = where.mount;
  }

  getcwd(): string {
    if (this.current === null) return "/";
    const cwd = this.current.driver.getcwd();
    if (this.current.point === "/") return cwd;
    return cwd === "/" ? this.current.point : this.current.point + cwd;
  }

  /** The path as an absolute one, when it does not depend on a mount's own cwd. */
  private absolute(path: string): string | null {
    if (path.startsWith("/")) return path;
    return this.current === null ? "/" + path : null;
  }

  /** A path that names a mount point (or the root) itself: a directory. */
  private isMountRoot(where: Resolved, path: string): boolean {
    return where === "root" || (where.path === "/" && this.absolute(path) !== null);
  }

  mkdir(path: string): void {
    const where = this.lookup(path);
    if (this.isMountRoot(where, path) || where === "root") raiseOSError(ERRNO.EEXIST);
    where.mount.driver.mkdir(where.path);
  }

  remove(path: string): void {
    const where = this.lookup(path);
    if (where === "root") raiseOSError(ERRNO.EPERM);
    where.mount.driver.remove(where.path);
  }

  rmdir(path: string): void {
    const where = this.lookup(path);
    if (where === "root") raiseOSError(ERRNO.EPERM);
    where.mount.driver.rmdir(where.path);
  }

  rename(from: string, to: string): void {
    const a = this.lookup(from);
    const b = this.lookup(to);
    if (a === "root" || b === "root") raiseOSError(ERRNO.EPERM);
    if (a.mount !== b.mount) raiseOSError(ERRNO.EXDEV);
    a.mount.driver.rename(a.path, b.path);
  }

  stat(path: string): PyValue {
    const where = this.lookup(path);
    if (this.isMountRoot(where, path) || where === "root") return dirStat();
    return where.mount.driver.stat(where.path);
  }

  statvfs(path: string): PyValue {
    const where = this.lookup(path);
    if (where === "root") return makeTuple([0, 0, 0, 0, 0, 0, 0, 0, 0, 255]);
    return where.mount.driver.statvfs(where.path);
  }

  open(path: string, mode: string): PyValue {
    const where = this.lookup(path);
    if (where === "root") raiseOSError(ERRNO.EISDIR);
    return where.mount.driver.open(where.path, mode);
  }
}

function nextOf(iterator: PyValue): PyValue | undefined {
  return iterNext(iterator);
}

function normalizePoint(point: string): string {
  const trimmed = point.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed.startsWith("/") ? trimmed : "/" + trimmed;
}

const tables = new WeakMap<VMState, Vfs>();

/** A VM's VFS, made on first use from its FileSystem (or a MemoryFileSystem). */
export function vfsFor(vm: VMState): Vfs {
  let vfs = tables.get(vm);
  if (vfs === undefined) {
    vfs = new Vfs();
    const fs = vm.host.fileSystem as FileSystem | null | undefined;
    vfs.mount(new NativeDriver(fs ?? new MemoryFileSystem()), "/");
    // Relative paths start in that file system's own current directory.
    vfs.current = vfs.mounts[0];
    tables.set(vm, vfs);
  }
  return vfs;
}

/** The active VM's VFS. */
export function currentVfs(): Vfs {
  return vfsFor(activeVM());
}

/**
 * Mounts an embedder's FileSystem into a VM, as os.mount does for Python
 * objects. Fails (OSError EPERM) if something is mounted there already.
 *
 * ```ts
 * import { MemoryFileSystem, mountFileSystem, VM } from "./mod.ts";
 * const vm = new VM({ stdout: (t) => console.log(t.trimEnd()) });
 * const data = new MemoryFileSystem();
 * data.writeFile("/hello.txt", new TextEncoder().encode("hi"));
 * mountFileSystem(vm, data, "/data");
 * await vm.runSource("print(open('/data/hello.txt').read())");
 * ```
 */
export function mountFileSystem(vm: { state: VMState }, fs: FileSystem, point: string): void {
  vfsFor(vm.state).mount(new NativeDriver(fs), point);
}

/** Unmounts what is mounted at `point` in a VM (OSError EINVAL if nothing is). */
export function unmountFileSystem(vm: { state: VMState }, point: string): void {
  vfsFor(vm.state).umount(point);
}

function isRegularFile(st: PyValue): boolean {
  const mode = (st as { items?: PyValue[] }).items?.[0];
  return typeof mode === "number" && (mode & S_IFDIR) === 0;
}

/** Largest chunk a module file's stream is read in, whatever buffer size it asks for. */
const MAX_SOURCE_CHUNK = 256;

/**
 * A module's bytes from a file that a Python file system opened, through the stream protocol
 * MicroPython's importer uses: the buffer size from `ioctl(MP_STREAM_GET_BUFFER_SIZE)`, chunks
 * via `readinto`, then `ioctl(MP_STREAM_CLOSE)`. A file object without those uses read()/close().
 */
function readUserSource(file: PyValue): PyValue {
  const ioctl = getAttrOrUndefined(file, "ioctl");
  const readinto = getAttrOrUndefined(file, "readinto");
  try {
    if (readinto === undefined) return callValue(getAttr(file, "read"), [], null);
    let size = 32;
    if (ioctl !== undefined) {
      const asked = callValue(ioctl, [11, 0], null);
      if (typeof asked === "number" && asked > 0) size = Math.min(asked, MAX_SOURCE_CHUNK);
    }
    const parts: number[] = [];
    for (;;) {
      const buf = new PyByteArray(new Uint8Array(size));
      const n = callValue(readinto, [buf], null);
      if (typeof n !== "number" || n <= 0) break;
      for (let i = 0; i < Math.min(n, size); i++) parts.push(buf.data[i]);
    }
    return new PyBytes(Uint8Array.from(parts));
  } finally {
    if (ioctl !== undefined) callValue(ioctl, [4, 0], null);
    else {
      const close = getAttrOrUndefined(file, "close");
      if (close !== undefined) callValue(close, [], null);
    }
  }
}

/**
 * Imports for a VM the embedder gave no SourceLoader: module files are read
 * through its VFS (so a sandboxed VM imports what is in its MemoryFileSystem,
 * or in a file system mounted there).
 */
function vfsLoader(vm: VMState): SourceLoader {
  const decoder = new TextDecoder();
  return {
    readText(path: string): string | null {
      const previous = activeVMOrNull();
      setActiveVM(vm);
      try {
        // Like MicroPython, only a path that stats as a regular file is opened.
        if (!isRegularFile(vfsFor(vm).stat(path))) return null;
        const file = vfsFor(vm).open(path, "rb");
        if (file instanceof PyFile) {
          const bytes = file.readBytes(-1);
          file.host.close();
          return decoder.decode(bytes);
        }
        const data = readUserSource(file);
        return typeof data === "string"
          ? data
          : decoder.decode(bufferOf(data) ?? new Uint8Array(0));
      } catch (e) {
        if (e instanceof PyBaseException) return null;
        throw e;
      } finally {
        setActiveVM(previous);
      }
    },
    isDirectory(path: string): boolean {
      const previous = activeVMOrNull();
      setActiveVM(vm);
      try {
        const st = vfsFor(vm).stat(path);
        const mode = (st as { items?: PyValue[] }).items?.[0];
        return typeof mode === "number" && (mode & S_IFDIR) !== 0;
      } catch (e) {
        if (e instanceof PyBaseException) return false;
        throw e;
      } finally {
        setActiveVM(previous);
      }
    },
  };
}

setDefaultLoader(vfsLoader);

/** A driver for what os.mount / vfs.mount was given: a Python object, or a wrapped FileSystem. */
export function driverFor(object: PyValue): VfsDriver {
  return new PythonDriver(object);
}
