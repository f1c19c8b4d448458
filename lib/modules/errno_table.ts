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

const NAMES = new Map<number, string>(Object.entries(ERRNO).map(([name, code]) => [code, name]));

export function errnoName(code: number): string | undefined {
  return NAMES.get(code);
}
