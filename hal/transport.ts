/**
 * The byte link to a board: one duplex stream shape that every transport (serial tty, Web Serial,
 * TCP, WebREPL, libusb) offers, so the raw REPL client above never knows which wire it talks over.
 *
 * The errors are the ones a user can act on: the port does not exist, someone else holds it, we
 * may not open it, or it went away while in use (board unplugged, QEMU killed, socket dropped).
 * Transports raise these classes (never a bare errno or a JS TypeError) so the CLI can say what to
 * do about it.
 *
 * ```ts
 * import { openSerialPort } from "./serial/serial_port.ts";
 * const link: Transport = await openSerialPort("/dev/ttyACM0");
 * await link.close();
 * ```
 */

/** A duplex byte stream to a board. `close()` is idempotent and ends both directions. */
export interface Transport {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  /** Human-readable name of the far end, e.g. `/dev/ttyACM0` or `127.0.0.1:4555`. */
  readonly description?: string;
  close(): Promise<void>;
}

/** Base class of every transport-level failure; `port` names the device or address involved. */
export class TransportError extends Error {
  readonly port: string;
  constructor(message: string, port: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TransportError";
    this.port = port;
  }
}

/** The port or address does not exist (no such tty, connection refused, unknown host). */
export class PortNotFoundError extends TransportError {
  constructor(port: string, detail = "no such port", options?: ErrorOptions) {
    super(`${port}: ${detail}`, port, options);
    this.name = "PortNotFoundError";
  }
}

/** Another process (or another handle in this one) holds the port. */
export class PortBusyError extends TransportError {
  constructor(port: string, detail = "port is in use by another program", options?: ErrorOptions) {
    super(`${port}: ${detail}`, port, options);
    this.name = "PortBusyError";
  }
}

/** The OS refused access (on Linux: join the `dialout` group or fix the udev rule). */
export class PortAccessError extends TransportError {
  constructor(port: string, detail = "permission denied", options?: ErrorOptions) {
    super(`${port}: ${detail}`, port, options);
    this.name = "PortAccessError";
  }
}

/** The port disappeared or the peer hung up while the link was in use. */
export class PortVanishedError extends TransportError {
  constructor(port: string, detail = "the board disconnected", options?: ErrorOptions) {
    super(`${port}: ${detail}`, port, options);
    this.name = "PortVanishedError";
  }
}

/** The link was used after `close()`. */
export class TransportClosedError extends TransportError {
  constructor(port: string) {
    super(`${port}: the connection is closed`, port);
    this.name = "TransportClosedError";
  }
}
