/**
 * A raw TCP socket as a board link: `host:port` (the QEMU board's `-serial tcp:`, ser2net, an
 * ESP-Link bridge). Bytes pass through untouched; Nagle is turned off because the raw REPL is a
 * stream of tiny request/response exchanges where batching only adds latency.
 */

import {
  PortAccessError,
  PortNotFoundError,
  PortVanishedError,
  type Transport,
  TransportError,
} from "../transport.ts";
import { connectQuickAckTcp, isIpv4 } from "./tcp_socket.ts";

export interface TcpOptions {
  /** Give up connecting after this long. Default 5000 ms. */
  connectTimeoutMs?: number;
}

/** Splits `host:port` (or `[v6]:port`); returns null when the text is not an address. */
export function parseHostPort(address: string): { hostname: string; port: number } | null {
  const match = /^(?:\[([^\]]+)\]|([^:\s/]+)):(\d{1,5})$/.exec(address);
  if (!match) return null;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return null;
  return { hostname: match[1] ?? match[2], port };
}

/**
 * Connects to `host:port`; throws `PortNotFoundError` when nothing listens there. On Linux an
 * IPv4 address goes through libc for quick ACKs (tcp_socket.ts: ~100x the round trips per
 * second against boards that send with Nagle on).
 */
export async function connectTcp(address: string, options: TcpOptions = {}): Promise<Transport> {
  const target = parseHostPort(address);
  if (target === null) {
    throw new TransportError(`${address}: not a host:port address`, address);
  }
  const timeoutMs = options.connectTimeoutMs ?? 5000;
  const hostname = target.hostname === "localhost" ? "127.0.0.1" : target.hostname;
  if (Deno.build.os === "linux" && isIpv4(hostname)) {
    return await connectQuickAckTcp(hostname, target.port, timeoutMs);
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  let conn: Deno.TcpConn;
  try {
    conn = await Deno.connect({ ...target, transport: "tcp", signal: timeout });
  } catch (error) {
    throw connectError(address, error, timeoutMs);
  }
  conn.setNoDelay(true);
  return new TcpTransport(address, conn);
}

export class TcpTransport implements Transport {
  readonly description: string;
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly #conn: Deno.TcpConn;
  #closed: Promise<void> | null;

  constructor(address: string, conn: Deno.TcpConn) {
    this.description = address;
    this.#conn = conn;
    this.#closed = null;
    const socketReader = conn.readable.getReader();
    // The socket's own EOF is the board hanging up; report it as such instead of a quiet end.
    this.readable = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await socketReader.read();
        } catch (error) {
          if (this.#closed !== null) return controller.close();
          throw new PortVanishedError(address, "the connection was reset", { cause: error });
        }
        if (result.done) {
          if (this.#closed !== null) return controller.close();
          throw new PortVanishedError(address, "the remote end closed the connection");
        }
        controller.enqueue(result.value);
      },
      cancel: () => this.close(),
    }, { highWaterMark: 0 });
    const socketWriter = conn.writable.getWriter();
    this.writable = new WritableStream<Uint8Array>({
      write: async (chunk) => {
        try {
          await socketWriter.write(chunk);
        } catch (error) {
          throw new PortVanishedError(address, "the connection broke while sending", {
            cause: error,
          });
        }
      },
      close: () => this.close(),
      abort: () => this.close(),
    });
  }

  close(): Promise<void> {
    if (this.#closed === null) {
      try {
        this.#conn.close();
      } catch {
        // already closed by the peer
      }
      this.#closed = Promise.resolve();
    }
    return this.#closed;
  }
}

function connectError(address: string, error: unknown, timeoutMs: number): TransportError {
  if (error instanceof Deno.errors.ConnectionRefused) {
    return new PortNotFoundError(address, "connection refused (nothing listens there)", {
      cause: error,
    });
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new PortAccessError(address, "network access denied", { cause: error });
  }
  if (
    error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")
  ) {
    return new PortNotFoundError(address, `no answer within ${timeoutMs} ms`, { cause: error });
  }
  const text = error instanceof Error ? error.message : String(error);
  if (/lookup|resolve|not known|dns/i.test(text)) {
    return new PortNotFoundError(address, `unknown host (${text})`, { cause: error });
  }
  return new TransportError(`${address}: cannot connect (${text})`, address, { cause: error });
}
