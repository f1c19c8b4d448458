/**
 * A host folder as the whole file system of upy playing a board (`--raw-stdio`): the board's
 * `/` is the folder it was started in, as a Pico's `/` is its flash. Host tools that list `/`,
 * copy files or import a module they uploaded then see the board's files and nothing of the
 * host's, and `..` stops at the board's root. `os.statvfs` reports a Pico's file system size, with
 * the blocks the folder's files take as used.
 */

import type { FileSystem } from "../modules/file.ts";

/** Where imports look on a Pico running MicroPython (`sys.path` after boot). */
export const BOARD_SYS_PATH = ["", ".frozen", "/lib"];

/** `host` seen through `folder`: every path the VFS passes is rooted there. */
export function folderAsBoardRoot(host: FileSystem, folder: string): FileSystem {
  const base = folder.replace(/\/+$/, "");
  // The VFS hands over absolute paths with `.` and `..` already resolved (never above `/`).
  const onHost = (path: string) => base + (path.startsWith("/") ? path : "/" + path);
  const board: FileSystem = {
    open: (path, flags) => host.open(onHost(path), flags),
    // The VFS keeps the current directory itself, starting from this one.
    getcwd: () => "/",
  };
  if (host.remove) board.remove = (path) => host.remove!(onHost(path));
  if (host.rename) board.rename = (from, to) => host.rename!(onHost(from), onHost(to));
  if (host.mkdir) board.mkdir = (path) => host.mkdir!(onHost(path));
  if (host.rmdir) board.rmdir = (path) => host.rmdir!(onHost(path));
  if (host.listdir) board.listdir = (path) => host.listdir!(onHost(path));
  if (host.stat) {
    board.stat = (path) => {
      const stat = host.stat!(onHost(path));
      // A board's file system (littlefs, FAT) gives folders no size.
      return stat.isDirectory ? { ...stat, size: 0 } : stat;
    };
  }
  if (host.listdir && host.stat) {
    board.statvfs = () => picoStatvfs(usedBlocks(host, base, PICO_FS_BLOCKS));
  }
  return board;
}

/** A Raspberry Pi Pico's file system: 1408 KB of its 2 MB flash, in 4 KB blocks. */
const PICO_FS_BLOCK = 4096;
const PICO_FS_BLOCKS = 352;

/** `os.statvfs` as a Pico answers it, with `used` of its blocks taken. */
function picoStatvfs(used: number): number[] {
  const free = Math.max(0, PICO_FS_BLOCKS - used);
  return [PICO_FS_BLOCK, PICO_FS_BLOCK, PICO_FS_BLOCKS, free, free, 0, 0, 0, 0, 255];
}

/** Blocks the files under `folder` take (each file rounded up), counted up to `limit`. */
function usedBlocks(host: FileSystem, folder: string, limit: number): number {
  let used = 0;
  const pending = [folder];
  while (pending.length > 0 && used < limit) {
    const dir = pending.pop()!;
    for (const name of host.listdir!(dir)) {
      const path = `${dir}/${name}`;
      const stat = host.stat!(path);
      if (stat.isDirectory) pending.push(path);
      else used += Math.ceil(stat.size / PICO_FS_BLOCK);
    }
  }
  return Math.min(used, limit);
}
