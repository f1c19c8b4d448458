/**
 * Error numbers and their symbolic names, as MicroPython's errno module (Linux
 * values) and OSError's message use them.
 */

export const ERRNO: Record<string, number> = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EEXIST: 17,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENOSPC: 28,
  EXDEV: 18,
  EROFS: 30,
  EPIPE: 32,
  ENOTEMPTY: 39,
  EOPNOTSUPP: 95,
  EADDRINUSE: 98,
  ECONNABORTED: 103,
  ECONNRESET: 104,
  ENOBUFS: 105,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTUNREACH: 113,
  EALREADY: 114,
  EINPROGRESS: 115,
};

/**
 * The names MicroPython's errno module has (its default list): only these show
 * as `[Errno N] NAME` in an OSError's message and appear in errno.errorcode.
 */
export const ERRNO_LIST = [
  "EPERM",
  "ENOENT",
  "EIO",
  "EBADF",
  "EAGAIN",
  "ENOMEM",
  "EACCES",
  "EEXIST",
  "ENODEV",
  "EISDIR",
  "EINVAL",
  "EOPNOTSUPP",
  "EADDRINUSE",
  "ECONNABORTED",
  "ECONNRESET",
  "ENOBUFS",
  "ENOTCONN",
  "ETIMEDOUT",
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "EALREADY",
  "EINPROGRESS",
];

const NAMES = new Map<number, string>(ERRNO_LIST.map((name) => [ERRNO[name], name]));

export function errnoName(code: number): string | undefined {
  return NAMES.get(code);
}
