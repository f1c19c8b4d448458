/**
 * An in-memory file system: what a sandboxed VM gets at `/` when the embedder
 * gives none (see vfs.ts), and a ready FileSystem for embedders to mount.
 *
 *   const fs = new MemoryFileSystem();
 *   fs.writeFile("/data.txt", new TextEncoder().encode("hello"));
 *   const vm = new VM({ fileSystem: fs });
 *
 * Paths are absolute ("/a/b"; "." and ".." are resolved, repeated slashes
 * ignored). Directories are maps from name to node, files are growable byte
 * buffers; open files keep their node, so a removed file stays readable through
 * handles already open (as on POSIX). Errors are OSError with Linux's errno.
 */

import { chargeMemory } from "../vm/limits.ts";
import type { FileStat, FileSystem, HostFile, OpenFlags } from "./file.ts";
import { raiseOSError } from "../objects/exception.ts";
import { ERRNO } from "./errno_table.ts";

class FileNode {
  data = new Uint8Array(0);
  size = 0;
  mtime = nowSeconds();

  resize(size: number): void {
    if (size > this.data.length) {
      const grown = new Uint8Array(Math.max(size, this.data.length * 2, 64));
      grown.set(this.data.subarray(0, this.size));
      this.data = grown;
    } else if (size > this.size) this.data.fill(0, this.size, size);
    this.size = size;
  }
}

class DirNode {
  entries = new Map<string, FileNode | DirNode>();
  mtime = nowSeconds();
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Splits an absolute path into names, resolving "." and "..". */
function components(path: string): string[] {
  const names: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") names.pop();
    else names.push(part);
  }
  return names;
}

/**
 * A FileSystem held in memory, with folders: what a VM given no file system opens, what a sandbox
 * gets, and what an embedder can fill for its programs. Its data counts against `capacity`
 * (OSError ENOSPC past it) and shows in os.statvfs.
 */
export class MemoryFileSystem implements FileSystem {
  private root = new DirNode();
  /** Total bytes of file data, for statvfs and gc accounting. */
  private used = 0;

  /** `capacity`: bytes of file data it takes before ENOSPC (64 MiB by default). */
  constructor(private capacity = 64 * 1024 * 1024) {}

  /** The file or folder at `path`, if any. */
  private lookup(path: string): FileNode | DirNode | undefined {
    let node: FileNode | DirNode = this.root;
    for (const name of components(path)) {
      if (!(node instanceof DirNode)) raiseOSError(ERRNO.ENOTDIR);
      const next: FileNode | DirNode | undefined = node.entries.get(name);
      if (next === undefined) return undefined;
      node = next;
    }
    return node;
  }

  /** The directory that holds `path`'s last name, and that name. */
  private parent(path: string): [DirNode, string] {
    const names = components(path);
    const name = names.pop();
    if (name === undefined) raiseOSError(ERRNO.EPERM); // the root itself
    const dir = this.lookup("/" + names.join("/"));
    if (dir === undefined) raiseOSError(ERRNO.ENOENT);
    if (!(dir instanceof DirNode)) raiseOSError(ERRNO.ENOTDIR);
    return [dir, name];
  }

  open(path: string, flags: OpenFlags): HostFile {
    let node = this.lookup(path);
    if (node instanceof DirNode) raiseOSError(ERRNO.EISDIR);
    if (node !== undefined && flags.exclusive) raiseOSError(ERRNO.EEXIST);
    if (node === undefined) {
      if (!flags.create) raiseOSError(ERRNO.ENOENT);
      const [dir, name] = this.parent(path);
      node = new FileNode();
      dir.entries.set(name, node);
      dir.mtime = nowSeconds();
    } else if (flags.truncate) {
      this.used -= node.size;
      node.size = 0;
      node.mtime = nowSeconds();
    }
    return this.handle(node, flags);
  }

  /** An open handle on `file` with its own position. */
  private handle(file: FileNode, flags: OpenFlags): HostFile {
    let pos = 0;
    let closed = false;
    const check = () => {
      if (closed) raiseOSError(ERRNO.EBADF);
    };
    return {
      read: (max: number) => {
        check();
        if (!flags.read) raiseOSError(ERRNO.EBADF);
        const end = Math.min(file.size, pos + max);
        const out = file.data.slice(Math.min(pos, end), end);
        pos = Math.max(pos, end);
        return out;
      },
      write: (data: Uint8Array) => {
        check();
        if (!flags.write) raiseOSError(ERRNO.EBADF);
        if (flags.append) pos = file.size;
        const end = pos + data.length;
        if (end > file.size) {
          if (this.used + end - file.size > this.capacity) raiseOSError(ERRNO.ENOSPC);
          // Files in memory are memory: a sandbox's budget pays for their growth.
          chargeMemory(end - file.size);
          this.used += end - file.size;
          file.resize(end);
        }
        file.data.set(data, pos);
        pos = end;
        file.mtime = nowSeconds();
        return data.length;
      },
      seek: (offset: number, whence: number) => {
        check();
        const base = whence === 0 ? 0 : whence === 1 ? pos : file.size;
        if (base + offset < 0) raiseOSError(ERRNO.EINVAL);
        pos = base + offset;
        return pos;
      },
      truncate: (size: number) => {
        check();
        if (!flags.write) raiseOSError(ERRNO.EINVAL);
        if (size > file.size) {
          if (this.used + size - file.size > this.capacity) raiseOSError(ERRNO.ENOSPC);
          chargeMemory(size - file.size);
        }
        this.used += size - file.size;
        file.resize(size);
        file.mtime = nowSeconds();
      },
      close: () => {
        closed = true;
      },
    };
  }

  remove(path: string): void {
    const [dir, name] = this.parent(path);
    const node = dir.entries.get(name);
    if (node === undefined) raiseOSError(ERRNO.ENOENT);
    if (node instanceof DirNode) raiseOSError(ERRNO.EISDIR);
    this.used -= node.size;
    dir.entries.delete(name);
    dir.mtime = nowSeconds();
  }

  rename(from: string, to: string): void {
    const [fromDir, fromName] = this.parent(from);
    const node = fromDir.entries.get(fromName);
    if (node === undefined) raiseOSError(ERRNO.ENOENT);
    const [toDir, toName] = this.parent(to);
    const target = toDir.entries.get(toName);
    if (target === node) return;
    if (node instanceof DirNode) {
      // A directory cannot move inside itself.
      if (components(to).join("/").startsWith(components(from).join("/") + "/")) {
        raiseOSError(ERRNO.EINVAL);
      }
    }
    if (target instanceof DirNode) {
      if (!(node instanceof DirNode)) raiseOSError(ERRNO.EISDIR);
      if (target.entries.size > 0) raiseOSError(ERRNO.ENOTEMPTY);
    } else if (target !== undefined) {
      if (node instanceof DirNode) raiseOSError(ERRNO.ENOTDIR);
      this.used -= target.size;
    }
    fromDir.entries.delete(fromName);
    toDir.entries.set(toName, node);
    fromDir.mtime = toDir.mtime = nowSeconds();
  }

  mkdir(path: string): void {
    const [dir, name] = this.parent(path);
    if (dir.entries.has(name)) raiseOSError(ERRNO.EEXIST);
    dir.entries.set(name, new DirNode());
    dir.mtime = nowSeconds();
  }

  rmdir(path: string): void {
    if (components(path).length === 0) raiseOSError(ERRNO.EPERM);
    const [dir, name] = this.parent(path);
    const node = dir.entries.get(name);
    if (node === undefined) raiseOSError(ERRNO.ENOENT);
    if (!(node instanceof DirNode)) raiseOSError(ERRNO.ENOTDIR);
    if (node.entries.size > 0) raiseOSError(ERRNO.ENOTEMPTY);
    dir.entries.delete(name);
    dir.mtime = nowSeconds();
  }

  listdir(path: string): string[] {
    const node = this.lookup(path);
    if (node === undefined) raiseOSError(ERRNO.ENOENT);
    if (!(node instanceof DirNode)) raiseOSError(ERRNO.ENOTDIR);
    return [...node.entries.keys()];
  }

  stat(path: string): FileStat {
    const node = this.lookup(path);
    if (node === undefined) raiseOSError(ERRNO.ENOENT);
    return node instanceof DirNode
      ? { isDirectory: true, size: 0, mtime: node.mtime }
      : { isDirectory: false, size: node.size, mtime: node.mtime };
  }

  statvfs(): number[] {
    const block = 4096;
    const blocks = Math.floor(this.capacity / block);
    const free = blocks - Math.ceil(this.used / block);
    return [block, block, blocks, free, free, 0, 0, 0, 0, 255];
  }

  // ---- for embedders: seed and inspect files from JS ----

  /** Writes a whole file, creating parent directories as needed. */
  writeFile(path: string, data: Uint8Array): void {
    const names = components(path);
    for (let i = 1; i < names.length; i++) {
      const dir = "/" + names.slice(0, i).join("/");
      if (this.lookup(dir) === undefined) this.mkdir(dir);
    }
    const f = this.open(path, {
      read: false,
      write: true,
      append: false,
      create: true,
      truncate: true,
      exclusive: false,
    });
    f.write(data);
    f.close();
  }

  /** A whole file's bytes, or undefined if there is no such file. */
  readFile(path: string): Uint8Array | undefined {
    const node = this.lookup(path);
    return node instanceof FileNode ? node.data.slice(0, node.size) : undefined;
  }

  /** Bytes of file data held (what gc.mem_alloc counts for this file system). */
  get bytesUsed(): number {
    return this.used;
  }
}
