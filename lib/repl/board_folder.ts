/**
 * A host folder as the whole file system of upy playing a board (`--raw-stdio`): the board's
 * `/` is the folder it was started in, as a Pico's `/` is its flash. Host tools that list `/`,
 * copy files or import a module they uploaded then see the board's files and nothing of the
 * host's, and `..` stops at the board's root.
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
  if (host.stat) board.stat = (path) => host.stat!(onHost(path));
  if (host.statvfs) board.statvfs = (path) => host.statvfs!(onHost(path));
  return board;
}
