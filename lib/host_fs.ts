/**
 * The host's file system for open() and os, through Deno's synchronous file
 * API (what the CLI gives its VM; embedders choose their own or none). Every
 * Deno error becomes an OSError with the matching errno.
 */

import type { FileStat, FileSystem, HostFile, OpenFlags } from "./modules/file.ts";
import { PyBaseException, raiseOSError } from "./objects/exception.ts";
import { ERRNO } from "./modules/errno_table.ts";

function errnoOf(e: unknown): number {
  if (e instanceof Deno.errors.NotFound) return ERRNO.ENOENT;
  if (e instanceof Deno.errors.AlreadyExists) return ERRNO.EEXIST;
  if (e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable) {
    return ERRNO.EACCES;
  }
  if (e instanceof Deno.errors.IsADirectory) return ERRNO.EISDIR;
  if (e instanceof Deno.errors.NotADirectory) return ERRNO.ENOTDIR;
  if (e instanceof Error && /bad file descriptor/i.test(e.message)) return ERRNO.EBADF;
  if (e instanceof Error && /not empty/i.test(e.message)) return ERRNO.ENOTEMPTY;
  return ERRNO.EIO;
}

/** Runs a host operation, turning any JS error into an OSError. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PyBaseException) throw e;
    raiseOSError(errnoOf(e));
  }
}

function openHost(path: string, flags: OpenFlags): HostFile {
  const isDirectory = (() => {
    try {
      return Deno.statSync(path).isDirectory;
    } catch {
      return false;
    }
  })();
  if (isDirectory) raiseOSError(ERRNO.EISDIR);
  const file = guarded(() =>
    Deno.openSync(path, {
      read: flags.read,
      write: flags.write && !flags.append,
      append: flags.append,
      create: flags.create && !flags.exclusive,
      createNew: flags.exclusive,
      truncate: flags.truncate,
    })
  );
  return {
    read(max: number): Uint8Array {
      if (!flags.read) raiseOSError(ERRNO.EBADF);
      const buf = new Uint8Array(max);
      const n = guarded(() => file.readSync(buf));
      return n === null ? new Uint8Array(0) : buf.subarray(0, n);
    },
    write(data: Uint8Array): number {
      if (!flags.write) raiseOSError(ERRNO.EBADF);
      let written = 0;
      while (written < data.length) {
        written += guarded(() => file.writeSync(data.subarray(written)));
      }
      return written;
    },
    seek(offset: number, whence: number): number {
      const mode = whence === 0
        ? Deno.SeekMode.Start
        : whence === 1
        ? Deno.SeekMode.Current
        : Deno.SeekMode.End;
      return guarded(() => file.seekSync(offset, mode));
    },
    truncate(size: number): void {
      if (!flags.write) raiseOSError(ERRNO.EINVAL);
      guarded(() => file.truncateSync(size));
    },
    close(): void {
      guarded(() => file.close());
    },
  };
}

export const hostFileSystem: FileSystem = {
  open: openHost,
  remove: (path) => guarded(() => Deno.removeSync(path)),
  rename: (from, to) => guarded(() => Deno.renameSync(from, to)),
  mkdir: (path) => guarded(() => Deno.mkdirSync(path)),
  rmdir: (path) =>
    guarded(() => {
      if (!Deno.statSync(path).isDirectory) raiseOSError(ERRNO.ENOTDIR);
      Deno.removeSync(path);
    }),
  listdir: (path) => guarded(() => [...Deno.readDirSync(path)].map((e) => e.name)),
  stat: (path): FileStat =>
    guarded(() => {
      const s = Deno.statSync(path);
      return {
        isDirectory: s.isDirectory,
        size: s.size,
        mtime: Math.floor((s.mtime?.getTime() ?? 0) / 1000),
      };
    }),
  getcwd: () => Deno.cwd(),
  chdir: (path) => guarded(() => Deno.chdir(path)),
};

/** Deno's standard input as a VM's stdin source (what the CLI gives sys.stdin). */
export const hostStdin = {
  async read(max: number): Promise<Uint8Array | null> {
    const buf = new Uint8Array(max);
    const n = await Deno.stdin.read(buf);
    return n === null ? null : buf.subarray(0, n);
  },
  readSync(max: number): Uint8Array | null {
    const buf = new Uint8Array(max);
    const n = Deno.stdin.readSync(buf);
    return n === null ? null : buf.subarray(0, n);
  },
};
