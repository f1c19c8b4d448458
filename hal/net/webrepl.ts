/**
 * WebREPL (MicroPython's REPL over a WebSocket, port 8266 on a Pico W or ESP32) as a board link.
 *
 * The handshake: the board sends `Password: `, the client answers with the password and `\r`,
 * and the board replies `\r\nWebREPL connected\r\n>>> ` or `\r\nAccess denied\r\n` (then hangs
 * up). After that the terminal travels as text frames both ways; binary frames are the board's
 * file-transfer protocol, so terminal bytes must never be sent as binary. Outgoing bytes go
 * through a streaming UTF-8 decoder so a multi-byte character split across writes stays whole.
 */

import {
  PortAccessError,
  PortNotFoundError,
  PortVanishedError,
  type Transport,
  TransportClosedError,
} from "../transport.ts";

export interface WebReplOptions {
  password: string;
  /** Give up on connecting or the password exchange after this long. Default 5000 ms. */
  timeoutMs?: number;
}

const CONNECTED = "WebREPL connected\r\n";
const DENIED = "Access denied";

/** `ws://host:port/` for a `ws://…` URL or a bare `host` / `host:port` (default port 8266). */
export function webReplUrl(target: string): string {
  if (/^wss?:\/\//.test(target)) return target;
  const bare = target.replace(/^webrepl:\/\//, "");
  return /:\d+$/.test(bare) ? `ws://${bare}/` : `ws://${bare}:8266/`;
}

/** Opens a WebREPL session and logs in; the returned link starts after the login banner. */
export async function connectWebRepl(target: string, options: WebReplOptions): Promise<Transport> {
  const url = webReplUrl(target);
  const timeoutMs = options.timeoutMs ?? 5000;
  const socket = new WebSocket(url);
  socket.binaryType = "arraybuffer";
  const transport = new WebReplTransport(url, socket);
  try {
    await transport.login(options.password, timeoutMs);
  } catch (error) {
    await transport.close();
    throw error;
  }
  return transport;
}

class WebReplTransport implements Transport {
  readonly description: string;
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly #socket: WebSocket;
  readonly #encoder = new TextEncoder();
  readonly #decoder = new TextDecoder();
  #controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  /** Text received before login completed; the login watches it for the prompts. */
  #loginText = "";
  #loggedIn = false;
  #loginWaiter: (() => void) | null = null;
  #closing = false;
  #closed: Promise<void> | null = null;
  #socketClosed: Promise<void>;

  constructor(url: string, socket: WebSocket) {
    this.description = url;
    this.#socket = socket;
    this.#socketClosed = new Promise((resolve) =>
      socket.addEventListener("close", () => resolve())
    );
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      cancel: () => this.close(),
    });
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) => {
        if (this.#closing || socket.readyState !== WebSocket.OPEN) {
          throw this.#closing
            ? new TransportClosedError(url)
            : new PortVanishedError(url, "the WebREPL connection closed");
        }
        const text = this.#decoder.decode(chunk, { stream: true });
        if (text.length > 0) socket.send(text);
      },
      close: () => this.close(),
      abort: () => this.close(),
    });
    socket.addEventListener("message", (event) => this.#receive(event.data));
    socket.addEventListener("close", () => {
      this.#loginWaiter?.();
      if (this.#closing) {
        this.#settle(() => this.#controller?.close());
      } else {
        this.#settle(() =>
          this.#controller?.error(new PortVanishedError(url, "the WebREPL connection closed"))
        );
      }
    });
  }

  async login(password: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const waitFor = async (test: () => boolean, what: string) => {
      while (!test()) {
        if (this.#socket.readyState === WebSocket.CLOSED) {
          if (this.#loginText.includes(DENIED)) {
            throw new PortAccessError(this.description, "WebREPL refused the password");
          }
          throw new PortNotFoundError(this.description, `WebREPL connection failed (${what})`);
        }
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new PortNotFoundError(this.description, `no WebREPL answer within ${timeoutMs} ms`);
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          this.#loginWaiter = resolve;
          timer = setTimeout(resolve, left);
        });
        clearTimeout(timer);
        this.#loginWaiter = null;
      }
    };
    await waitFor(() => this.#loginText.includes("Password:"), "waiting for the password prompt");
    this.#socket.send(password + "\r");
    await waitFor(
      () => this.#loginText.includes(CONNECTED) || this.#loginText.includes(DENIED),
      "waiting for the login answer",
    );
    if (this.#loginText.includes(DENIED)) {
      throw new PortAccessError(this.description, "WebREPL refused the password");
    }
    const rest = this.#loginText.slice(this.#loginText.indexOf(CONNECTED) + CONNECTED.length);
    this.#loggedIn = true;
    if (rest.length > 0) this.#controller?.enqueue(this.#encoder.encode(rest));
  }

  #receive(data: unknown): void {
    const bytes = typeof data === "string"
      ? this.#encoder.encode(data)
      : new Uint8Array(data as ArrayBuffer);
    if (this.#loggedIn) {
      try {
        this.#controller?.enqueue(bytes);
      } catch {
        // stream already closed or errored: late frames are dropped
      }
      return;
    }
    this.#loginText += typeof data === "string" ? data : new TextDecoder().decode(bytes);
    this.#loginWaiter?.();
  }

  #settle(action: () => void): void {
    try {
      action();
    } catch {
      // the stream was already closed
    }
  }

  close(): Promise<void> {
    if (this.#closed === null) {
      this.#closing = true;
      if (
        this.#socket.readyState === WebSocket.CONNECTING ||
        this.#socket.readyState === WebSocket.OPEN
      ) {
        this.#socket.close();
        this.#closed = this.#socketClosed;
      } else {
        this.#closed = Promise.resolve();
      }
      this.#closed = this.#closed.then(() => this.#settle(() => this.#controller?.close()));
    }
    return this.#closed;
  }
}
