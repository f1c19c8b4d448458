/**
 * The slice of libc the serial transport needs, bound with Deno FFI (Linux, glibc or musl).
 *
 * Why FFI and not `Deno.open`: a tty must be opened non-blocking and without becoming our
 * controlling terminal, put in raw mode with termios, locked against a second user, and its modem
 * lines (DTR/RTS) set; none of that is reachable through Deno's file API.
 *
 * Reads never block the JS thread: `poll` is bound twice, once as a `nonblocking` symbol (Deno
 * runs it on a worker thread and hands back a Promise) to wait for data, and once synchronously
 * for zero-timeout checks. Every other call is synchronous on an O_NONBLOCK descriptor, so `errno`
 * read right after it belongs to that call (errno is thread-local; the sync calls and the errno
 * lookup share the JS thread).
 *
 * The library is reference-counted: opened with the first port, closed with the last, so test
 * runs that check for leaked resources stay clean.
 */

const symbols = {
  open: { parameters: ["buffer", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  pollNow: { name: "poll", parameters: ["buffer", "u64", "i32"], result: "i32" },
  pollAsync: {
    name: "poll",
    parameters: ["buffer", "u64", "i32"],
    result: "i32",
    nonblocking: true,
  },
  pipe: { parameters: ["buffer"], result: "i32" },
  flock: { parameters: ["i32", "i32"], result: "i32" },
  isatty: { parameters: ["i32"], result: "i32" },
  // ioctl is variadic; on x86-64 and aarch64 Linux an int/pointer third argument travels exactly
  // like a fixed one, which is what binding it with a fixed signature relies on.
  ioctlPtr: { name: "ioctl", parameters: ["i32", "u64", "buffer"], result: "i32" },
  ioctlInt: { name: "ioctl", parameters: ["i32", "u64", "u64"], result: "i32" },
  tcgetattr: { parameters: ["i32", "buffer"], result: "i32" },
  tcsetattr: { parameters: ["i32", "i32", "buffer"], result: "i32" },
  tcflush: { parameters: ["i32", "i32"], result: "i32" },
  cfmakeraw: { parameters: ["buffer"], result: "void" },
  cfsetispeed: { parameters: ["buffer", "u32"], result: "i32" },
  cfsetospeed: { parameters: ["buffer", "u32"], result: "i32" },
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
  errnoLocation: { name: "__errno_location", parameters: [], result: "pointer" },
  strerror: { parameters: ["i32"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

export type Libc = Deno.DynamicLibrary<typeof symbols>["symbols"];

/** Linux constants (identical on x86-64 and aarch64 for everything used here). */
export const O_RDWR = 0o2;
export const O_NOCTTY = 0o400;
export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;
export const POLLIN = 0x1;
export const POLLOUT = 0x4;
export const POLLERR = 0x8;
export const POLLHUP = 0x10;
export const POLLNVAL = 0x20;
export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const TCSANOW = 0;
export const TCIOFLUSH = 2;
export const TIOCEXCL = 0x540c;
export const TIOCMBIS = 0x5416;
export const TIOCMBIC = 0x5417;
export const TIOCM_DTR = 0x002;
export const TIOCM_RTS = 0x004;

export const AF_INET = 2;
export const SOCK_STREAM = 1;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;
export const SOL_SOCKET = 1;
export const SO_ERROR = 4;
export const IPPROTO_TCP = 6;
export const TCP_NODELAY = 1;
export const TCP_QUICKACK = 12;
export const EINPROGRESS = 115;
export const ECONNREFUSED = 111;

export const EINTR = 4;
export const EIO = 5;
export const ENXIO = 6;
export const EAGAIN = 11;
export const EACCES = 13;
export const EBUSY = 16;
export const ENODEV = 19;
export const ENOENT = 2;
export const EPERM = 1;

/** glibc's struct termios is 60 bytes; the buffer is larger so a libc with a longer one is safe. */
export const TERMIOS_SIZE = 128;
export const TERMIOS_CFLAG_OFFSET = 8;
export const CFLAG_CLOCAL = 0o4000;
export const CFLAG_CREAD = 0o200;

/** Linux `Bnnn` codes for the standard rates (termios wants codes, not numbers). */
export const BAUD_CODES: ReadonlyMap<number, number> = new Map([
  [1200, 0o11],
  [2400, 0o13],
  [4800, 0o14],
  [9600, 0o15],
  [19200, 0o16],
  [38400, 0o17],
  [57600, 0o10001],
  [115200, 0o10002],
  [230400, 0o10003],
  [460800, 0o10004],
  [500000, 0o10005],
  [576000, 0o10006],
  [921600, 0o10007],
  [1000000, 0o10010],
  [1152000, 0o10011],
  [1500000, 0o10012],
  [2000000, 0o10013],
  [2500000, 0o10014],
  [3000000, 0o10015],
  [3500000, 0o10016],
  [4000000, 0o10017],
]);

let library: Deno.DynamicLibrary<typeof symbols> | null = null;
let users = 0;

/** Opens libc (or shares the open handle); pair every call with `releaseLibc()`. */
export function acquireLibc(): Libc {
  if (Deno.build.os !== "linux") {
    throw new Error(
      `serial ports over FFI are implemented for Linux only (this is ${Deno.build.os}); ` +
        "use a TCP or Web Serial transport",
    );
  }
  if (library === null) {
    let lastError: unknown = null;
    for (const name of ["libc.so.6", "libc.so", `libc.musl-${Deno.build.arch}.so.1`]) {
      try {
        library = Deno.dlopen(name, symbols);
        break;
      } catch (error) {
        lastError = error;
      }
    }
    if (library === null) throw new Error(`cannot load libc: ${lastError}`);
  }
  users++;
  return library.symbols;
}

export function releaseLibc(): void {
  users--;
  if (users === 0 && library !== null) {
    library.close();
    library = null;
  }
}

/** errno of the last failed synchronous call on this thread. */
export function lastErrno(libc: Libc): number {
  const where = libc.errnoLocation();
  return where === null ? 0 : new Deno.UnsafePointerView(where).getInt32();
}

export function describeErrno(libc: Libc, errno: number): string {
  const text = libc.strerror(errno);
  return text === null ? `errno ${errno}` : Deno.UnsafePointerView.getCString(text);
}

/** NUL-terminated bytes for a path argument. */
export function cString(text: string): Uint8Array<ArrayBuffer> {
  const encoded = new TextEncoder().encode(text);
  const bytes = new Uint8Array(encoded.length + 1);
  bytes.set(encoded);
  return bytes;
}
