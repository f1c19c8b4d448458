/**
 * Web Serial (`navigator.serial`) ports as board links, for browsers and any runtime that has
 * the API. The types below are the subset of the spec this adapter uses, so it compiles where
 * the DOM typings lack Web Serial.
 *
 * Spec points that shape the code:
 * - `port.readable` is replaced by a fresh stream after a non-fatal read error (BreakError,
 *   FramingError, ParityError, BufferOverrunError): the reader is re-acquired and reading goes
 *   on. A NetworkError (device lost) or `port.readable === null` means the port is gone.
 * - `port.close()` rejects while either stream is locked, so closing first cancels the reader and
 *   releases the writer.
 * - DTR is raised after opening because a Pico only sends REPL output while DTR is set.
 */

import {
  PortBusyError,
  PortNotFoundError,
  PortVanishedError,
  type Transport,
  TransportClosedError,
} from "../transport.ts";

export interface WebSerialPortInfo {
  usbVendorId?: number;
  usbProductId?: number;
}

export interface WebSerialOpenOptions {
  baudRate: number;
  dataBits?: number;
  stopBits?: number;
  parity?: "none" | "even" | "odd";
  bufferSize?: number;
  flowControl?: "none" | "hardware";
}

export interface WebSerialSignals {
  dataTerminalReady?: boolean;
  requestToSend?: boolean;
  break?: boolean;
}

/** The part of the Web Serial `SerialPort` interface used here. */
export interface WebSerialPort {
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
  open(options: WebSerialOpenOptions): Promise<void>;
  close(): Promise<void>;
  setSignals(signals: WebSerialSignals): Promise<void>;
  getInfo(): WebSerialPortInfo;
}

/** The part of `navigator.serial` used here. */
export interface WebSerial {
  requestPort(options?: { filters?: WebSerialPortInfo[] }): Promise<WebSerialPort>;
  getPorts(): Promise<WebSerialPort[]>;
}

export interface WebSerialOptions {
  /** Default 115200. */
  baudRate?: number;
  /** Raise DTR and RTS after opening. Default true. */
  assertSignals?: boolean;
  /** Read buffer size passed to `open()`. Default 4096. */
  bufferSize?: number;
}

/** USB ids of MicroPython boards, as Web Serial request filters. */
export const MICROPYTHON_FILTERS: WebSerialPortInfo[] = [
  { usbVendorId: 0x2e8a }, // Raspberry Pi (Pico, Pico W)
  { usbVendorId: 0xf055 }, // MicroPython
  { usbVendorId: 0x303a }, // Espressif
];

/** `navigator.serial` when the runtime has it. */
export function webSerial(): WebSerial | undefined {
  return (globalThis.navigator as unknown as { serial?: WebSerial } | undefined)?.serial;
}

/**
 * Asks the user to pick a port (must run from a user gesture in a browser). Resolves with the
 * port, unopened; rejects with PortNotFoundError when nothing was chosen.
 */
export async function requestWebSerialPort(
  options: { filters?: WebSerialPortInfo[]; serial?: WebSerial } = {},
): Promise<WebSerialPort> {
  const serial = options.serial ?? webSerial();
  if (serial === undefined) {
    throw new PortNotFoundError("webserial", "this runtime has no Web Serial API");
  }
  try {
    return await serial.requestPort({ filters: options.filters ?? MICROPYTHON_FILTERS });
  } catch (error) {
    throw new PortNotFoundError("webserial", "no port was selected", { cause: error });
  }
}

/** Opens a Web Serial port as a board link. */
export async function openWebSerialPort(
  port: WebSerialPort,
  options: WebSerialOptions = {},
): Promise<WebSerialTransport> {
  const info = port.getInfo();
  const hex = (id?: number) => (id ?? 0).toString(16).padStart(4, "0");
  const name = info.usbVendorId === undefined
    ? "webserial"
    : `webserial:${hex(info.usbVendorId)}:${hex(info.usbProductId)}`;
  try {
    await port.open({
      baudRate: options.baudRate ?? 115200,
      bufferSize: options.bufferSize ?? 4096,
    });
  } catch (error) {
    throw mapOpenError(name, error);
  }
  if (options.assertSignals ?? true) {
    await port.setSignals({ dataTerminalReady: true, requestToSend: true }).catch(() => {});
  }
  return new WebSerialTransport(name, port);
}

export class WebSerialTransport implements Transport {
  readonly description: string;
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly #port: WebSerialPort;
  #reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  #writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
  #closing = false;
  #closed: Promise<void> | null = null;

  constructor(name: string, port: WebSerialPort) {
    this.description = name;
    this.#port = port;
    this.readable = new ReadableStream<Uint8Array>({
      pull: (controller) => this.#pull(controller),
      cancel: () => this.close(),
    }, { highWaterMark: 0 });
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) => this.#write(chunk),
      close: () => this.close(),
      abort: () => this.close(),
    });
  }

  async #pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    for (;;) {
      if (this.#closing) return controller.close();
      if (this.#reader === null) {
        const stream = this.#port.readable;
        if (stream === null) throw new PortVanishedError(this.description);
        this.#reader = stream.getReader();
      }
      try {
        const { value, done } = await this.#reader.read();
        if (done) {
          this.#releaseReader();
          if (this.#closing) return controller.close();
          continue; // the stream ended (e.g. after a break): take the next one
        }
        if (value.length > 0) {
          controller.enqueue(value);
          return;
        }
      } catch (error) {
        this.#releaseReader();
        if (this.#closing) return controller.close();
        if (isFatal(error) || this.#port.readable === null) {
          throw new PortVanishedError(this.description, "the device was lost", { cause: error });
        }
        // Non-fatal line error: the port already offers a new readable; keep reading.
      }
    }
  }

  async #write(chunk: Uint8Array): Promise<void> {
    if (this.#closing) throw new TransportClosedError(this.description);
    if (this.#writer === null) {
      const stream = this.#port.writable;
      if (stream === null) throw new PortVanishedError(this.description);
      this.#writer = stream.getWriter();
    }
    try {
      await this.#writer.write(chunk);
    } catch (error) {
      throw new PortVanishedError(this.description, "the device was lost while sending", {
        cause: error,
      });
    }
  }

  #releaseReader(): void {
    try {
      this.#reader?.releaseLock();
    } catch {
      // a pending read keeps the lock until it settles; cancel() below deals with it
    }
    this.#reader = null;
  }

  close(): Promise<void> {
    if (this.#closed === null) {
      this.#closing = true;
      this.#closed = (async () => {
        if (this.#reader !== null) {
          await this.#reader.cancel().catch(() => {});
          this.#releaseReader();
        }
        if (this.#writer !== null) {
          await this.#writer.close().catch(() => {});
          try {
            this.#writer.releaseLock();
          } catch {
            // already released
          }
          this.#writer = null;
        }
        await this.#port.close().catch(() => {});
      })();
    }
    return this.#closed;
  }
}

function isFatal(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === "NetworkError" || name === "NotFoundError" || name === "InvalidStateError";
}

function mapOpenError(name: string, error: unknown): Error {
  const kind = (error as { name?: string } | null)?.name;
  if (kind === "InvalidStateError") {
    return new PortBusyError(name, "the port is already open", { cause: error });
  }
  if (kind === "NetworkError") {
    // Chrome's answer when the OS refuses the open, almost always another program holding it.
    return new PortBusyError(name, "the port could not be opened (in use by another program?)", {
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
