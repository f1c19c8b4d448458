/**
 * A serial tty (USB CDC like a Pico's /dev/ttyACM0, a USB-UART bridge, or a pty such as QEMU's)
 * as a `Transport`, through libc over Deno FFI.
 *
 * Reading: the descriptor is O_NONBLOCK; `read` is tried first and, when it reports EAGAIN, a
 * `poll` on a worker thread waits for data (so the event loop never blocks and nothing spins). A
 * self-pipe is polled alongside the tty: `close()` writes one byte to it, which wakes any waiting
 * poll at once, and only then are the descriptors closed, so no poll ever watches a closed (or
 * reused) descriptor. The poll also times out every second as a safety net.
 *
 * Vanishing: unplugging a USB board or killing QEMU shows up as POLLHUP/POLLERR, a read of 0, or
 * EIO; all three become `PortVanishedError` on both streams.
 *
 * Busy: the port is locked with flock(LOCK_EX|LOCK_NB) (which also binds root, unlike TIOCEXCL)
 * the way pyserial and most terminal programs do, so a second opener gets `PortBusyError`.
 */

import {
  PortAccessError,
  PortBusyError,
  PortNotFoundError,
  PortVanishedError,
  type Transport,
  TransportClosedError,
  TransportError,
} from "../transport.ts";
import {
  acquireLibc,
  BAUD_CODES,
  CFLAG_CLOCAL,
  CFLAG_CREAD,
  cString,
  describeErrno,
  EACCES,
  EAGAIN,
  EBUSY,
  EINTR,
  ENODEV,
  ENOENT,
  ENXIO,
  EPERM,
  lastErrno,
  type Libc,
  LOCK_EX,
  LOCK_NB,
  O_CLOEXEC,
  O_NOCTTY,
  O_NONBLOCK,
  O_RDWR,
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLNVAL,
  POLLOUT,
  releaseLibc,
  TCIOFLUSH,
  TCSANOW,
  TERMIOS_CFLAG_OFFSET,
  TERMIOS_SIZE,
  TIOCEXCL,
  TIOCM_DTR,
  TIOCM_RTS,
  TIOCMBIC,
  TIOCMBIS,
} from "./libc.ts";

export interface SerialPortOptions {
  /** Line speed; USB CDC ignores it, UART bridges need it. Default 115200. */
  baudRate?: number;
  /** Assert DTR after opening (a Pico only sends REPL output while DTR is set). Default true. */
  dtr?: boolean;
  /** Assert RTS after opening. Default true. */
  rts?: boolean;
  /** Take an exclusive lock so a second program cannot open the port too. Default true. */
  exclusive?: boolean;
  /** Bytes per read call. Default 4096. */
  readSize?: number;
}

/** Modem control lines that `setSignals` drives. */
export interface SerialSignals {
  dtr?: boolean;
  rts?: boolean;
}

const POLL_TIMEOUT_MS = 1000;

/** Opens a tty as a board link; throws `PortNotFoundError`, `PortBusyError`, `PortAccessError`. */
export function openSerialPort(path: string, options: SerialPortOptions = {}): Promise<SerialPort> {
  // Async for symmetry with the other transports; all the work is synchronous syscalls.
  try {
    return Promise.resolve(SerialPort.open(path, options));
  } catch (error) {
    return Promise.reject(error);
  }
}

export class SerialPort implements Transport {
  readonly description: string;
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly #libc: Libc;
  readonly #fd: number;
  readonly #wakeRead: number;
  readonly #wakeWrite: number;
  readonly #readBuffer: Uint8Array<ArrayBuffer>;
  #closing: boolean;
  #closed: Promise<void> | null;
  /** Polls running on worker threads; close() waits for them before closing descriptors. */
  #pendingPolls: Set<Promise<number>>;
  readonly #afterRead: (() => void) | null;

  private constructor(
    path: string,
    libc: Libc,
    fd: number,
    wakeRead: number,
    wakeWrite: number,
    readSize: number,
    afterRead: (() => void) | null = null,
  ) {
    this.#afterRead = afterRead;
    this.description = path;
    this.#libc = libc;
    this.#fd = fd;
    this.#wakeRead = wakeRead;
    this.#wakeWrite = wakeWrite;
    this.#readBuffer = new Uint8Array(readSize);
    this.#closing = false;
    this.#closed = null;
    this.#pendingPolls = new Set();
    this.readable = new ReadableStream<Uint8Array>({
      pull: (controller) => this.#pull(controller),
      cancel: () => this.#shutdown(),
    }, { highWaterMark: 0 });
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) => this.#write(chunk),
      close: () => this.#shutdown(),
      abort: () => this.#shutdown(),
    });
  }

  static open(path: string, options: SerialPortOptions): SerialPort {
    const libc = acquireLibc();
    let fd = -1;
    const pipeFds = new Int32Array(2).fill(-1);
    try {
      fd = libc.open(cString(path), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0) throw openError(libc, path, lastErrno(libc));
      if (libc.isatty(fd) !== 1) {
        throw new TransportError(`${path}: not a serial port (not a tty)`, path);
      }
      if (options.exclusive ?? true) {
        if (libc.flock(fd, LOCK_EX | LOCK_NB) !== 0) {
          throw new PortBusyError(path);
        }
        libc.ioctlInt(fd, BigInt(TIOCEXCL), 0n); // best effort; root ignores it anyway
      }
      configureRaw(libc, fd, path, options.baudRate ?? 115200);
      libc.tcflush(fd, TCIOFLUSH); // drop bytes a previous session left in the kernel buffer
      setModemLines(libc, fd, { dtr: options.dtr ?? true, rts: options.rts ?? true });
      if (libc.pipe(new Uint8Array(pipeFds.buffer)) !== 0) {
        throw new TransportError(`${path}: pipe() failed`, path);
      }
      return new SerialPort(path, libc, fd, pipeFds[0], pipeFds[1], options.readSize ?? 4096);
    } catch (error) {
      if (fd >= 0) libc.close(fd);
      if (pipeFds[0] >= 0) libc.close(pipeFds[0]);
      if (pipeFds[1] >= 0) libc.close(pipeFds[1]);
      releaseLibc();
      throw error;
    }
  }

  /**
   * Any other non-blocking descriptor (a TCP socket, see hal/net/tcp_socket.ts) with the same
   * reading, writing and closing; `afterRead` runs after each successful read. Takes ownership
   * of `fd` and of one `acquireLibc()`.
   */
  static adopt(fd: number, description: string, libc: Libc, afterRead?: () => void): SerialPort {
    const pipeFds = new Int32Array(2).fill(-1);
    if (libc.pipe(new Uint8Array(pipeFds.buffer)) !== 0) {
      libc.close(fd);
      releaseLibc();
      throw new TransportError(`${description}: pipe() failed`, description);
    }
    return new SerialPort(description, libc, fd, pipeFds[0], pipeFds[1], 4096, afterRead ?? null);
  }

  /** Drives DTR/RTS (e.g. toggling DTR resets some boards). Ptys have no modem lines: no-op. */
  setSignals(signals: SerialSignals): void {
    if (this.#closing) throw new TransportClosedError(this.description);
    setModemLines(this.#libc, this.#fd, signals);
  }

  close(): Promise<void> {
    return this.#shutdown();
  }

  #shutdown(): Promise<void> {
    if (this.#closed === null) {
      this.#closing = true;
      this.#libc.write(this.#wakeWrite, new Uint8Array([1]), 1n);
      this.#closed = Promise.allSettled([...this.#pendingPolls]).then(() => {
        this.#libc.close(this.#fd);
        this.#libc.close(this.#wakeRead);
        this.#libc.close(this.#wakeWrite);
        releaseLibc();
      });
    }
    return this.#closed;
  }

  /** Waits on a worker thread until `fd` is ready for `events` or the port is closing. */
  async #waitFor(events: number): Promise<"ready" | "closing"> {
    const fds = new Int32Array(4);
    const view = new DataView(fds.buffer);
    view.setInt32(0, this.#fd, true);
    view.setInt16(4, events, true);
    view.setInt32(8, this.#wakeRead, true);
    view.setInt16(12, POLLIN, true);
    for (;;) {
      if (this.#closing) return "closing";
      const poll = this.#libc.pollAsync(new Uint8Array(fds.buffer), 2n, POLL_TIMEOUT_MS);
      this.#pendingPolls.add(poll);
      let count: number;
      try {
        count = await poll;
      } finally {
        this.#pendingPolls.delete(poll);
      }
      if (this.#closing || view.getInt16(14, true) !== 0) return "closing";
      if (count <= 0) continue; // timeout or EINTR: look again
      const revents = view.getInt16(6, true);
      if (revents & (POLLERR | POLLHUP | POLLNVAL) && !(revents & events)) {
        throw new PortVanishedError(this.description);
      }
      if (revents & events) return "ready";
    }
  }

  async #pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    for (;;) {
      if (this.#closing) {
        controller.close();
        return;
      }
      const count = Number(
        this.#libc.read(this.#fd, this.#readBuffer, BigInt(this.#readBuffer.length)),
      );
      if (count > 0) {
        this.#afterRead?.();
        controller.enqueue(this.#readBuffer.slice(0, count));
        return;
      }
      if (count === 0) throw new PortVanishedError(this.description);
      const errno = lastErrno(this.#libc);
      if (errno === EINTR) continue;
      if (errno !== EAGAIN) throw this.#ioError(errno);
      if (await this.#waitFor(POLLIN) === "closing") {
        controller.close();
        return;
      }
    }
  }

  async #write(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#closing) throw new TransportClosedError(this.description);
      const rest = offset === 0 ? chunk : chunk.slice(offset);
      const count = Number(this.#libc.write(this.#fd, rest, BigInt(rest.length)));
      if (count > 0) {
        offset += count;
        continue;
      }
      const errno = lastErrno(this.#libc);
      if (count < 0 && errno === EINTR) continue;
      if (count < 0 && errno !== EAGAIN) throw this.#ioError(errno);
      if (await this.#waitFor(POLLOUT) === "closing") {
        throw new TransportClosedError(this.description);
      }
    }
  }

  #ioError(errno: number): TransportError {
    // EIO (pty master gone, USB device unplugged), ENXIO/ENODEV (device removed).
    return new PortVanishedError(
      this.description,
      `the board disconnected (${describeErrno(this.#libc, errno)})`,
    );
  }
}

function openError(libc: Libc, path: string, errno: number): TransportError {
  const reason = describeErrno(libc, errno);
  if (errno === ENOENT) return new PortNotFoundError(path);
  if (errno === ENXIO || errno === ENODEV) {
    return new PortNotFoundError(path, `device not present (${reason})`);
  }
  if (errno === EACCES || errno === EPERM) {
    return new PortAccessError(path, `permission denied (on Linux, join the 'dialout' group)`);
  }
  if (errno === EBUSY) return new PortBusyError(path);
  return new TransportError(`${path}: cannot open (${reason})`, path);
}

function configureRaw(libc: Libc, fd: number, path: string, baudRate: number): void {
  const code = BAUD_CODES.get(baudRate);
  if (code === undefined) {
    throw new TransportError(
      `${path}: unsupported baud rate ${baudRate} (use one of ${
        [...BAUD_CODES.keys()].join(", ")
      })`,
      path,
    );
  }
  const termios = new Uint8Array(TERMIOS_SIZE);
  if (libc.tcgetattr(fd, termios) !== 0) {
    throw new TransportError(`${path}: tcgetattr failed`, path);
  }
  libc.cfmakeraw(termios);
  const view = new DataView(termios.buffer);
  const cflag = view.getUint32(TERMIOS_CFLAG_OFFSET, true);
  view.setUint32(TERMIOS_CFLAG_OFFSET, cflag | CFLAG_CLOCAL | CFLAG_CREAD, true);
  libc.cfsetispeed(termios, code);
  libc.cfsetospeed(termios, code);
  if (libc.tcsetattr(fd, TCSANOW, termios) !== 0) {
    throw new TransportError(`${path}: tcsetattr failed`, path);
  }
}

function setModemLines(libc: Libc, fd: number, signals: SerialSignals): void {
  const apply = (request: number, bits: number) => {
    if (bits === 0) return;
    const word = new Int32Array([bits]);
    // Ptys reject modem ioctls (ENOTTY/EINVAL); there is nothing to drive there, so it is ignored.
    libc.ioctlPtr(fd, BigInt(request), new Uint8Array(word.buffer));
  };
  let set = 0;
  let clear = 0;
  if (signals.dtr !== undefined) signals.dtr ? (set |= TIOCM_DTR) : (clear |= TIOCM_DTR);
  if (signals.rts !== undefined) signals.rts ? (set |= TIOCM_RTS) : (clear |= TIOCM_RTS);
  apply(TIOCMBIS, set);
  apply(TIOCMBIC, clear);
}
