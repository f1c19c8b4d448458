/**
 * A scripted MicroPython board for protocol tests that need no QEMU: it speaks the friendly
 * REPL, raw REPL, raw-paste (with a small window, checking the host never overruns it), soft
 * reset and Ctrl-C, over an in-memory Transport. What a program prints is decided by a handler
 * the test supplies; the board can also hang (until Ctrl-C), go silent, or vanish.
 *
 * Protocol details mirror the real firmware: `OK` after Ctrl-D, output, `\x04`, traceback,
 * `\x04>`; Ctrl-A re-prints the banner and clears the line; old firmware (rawPaste "absent")
 * swallows `\x05A` into the line and answers the Ctrl-A with the banner.
 */

import { PortVanishedError, type Transport } from "../hal/transport.ts";
import { LOADER_DEFINITION, LOADER_PIECE } from "../hal/remote/flow_loader.ts";

export interface FakeProgramResult {
  stdout?: string;
  /** Exception line, e.g. `ZeroDivisionError: division by zero` (a traceback is built). */
  error?: string;
  /** Run until Ctrl-C (then KeyboardInterrupt), printing `stdout` first. */
  hang?: boolean;
}

export type FakeHandler = (code: string, board: FakeBoard) => FakeProgramResult | undefined;

export interface FakeBoardOptions {
  /** "present": R\x01 + window; "refused": R\x00; "absent": old firmware. Default "absent". */
  rawPaste?: "present" | "refused" | "absent";
  /** Raw-paste window size. Default 32. */
  window?: number;
  handler?: FakeHandler;
  /** Start in the middle of something: "friendly" (default), "raw", "running" (a program that
   * only stops on Ctrl-C), "paste" (friendly paste mode). */
  startState?: "friendly" | "raw" | "running" | "paste";
  /** Loses the byte at this index of the first program read through the flow-control loader
   * (a byte dropped on the wire), once. */
  dropLoadedByte?: number;
  /** The first this many loader definitions arrive damaged: their self-check prints instead of
   * defining the loader (see LOADER_DEFINITION). */
  damagedLoaderDefinitions?: number;
}

type Mode = "friendly" | "paste" | "raw" | "rawPaste" | "running" | "loading" | "dead";

const BANNER = "raw REPL; CTRL-B to exit\r\n>";
const FRIENDLY_BANNER =
  '\r\nMicroPython v1.99 on fake; FakeBoard\r\nType "help()" for more information.\r\n>>> ';

export class FakeBoard {
  readonly transport: Transport;
  /** Every program the board ran, in order. */
  readonly programs: string[] = [];
  /** Set when the host sent more raw-paste bytes than the window allowed. */
  windowViolation = false;
  /** Count of soft resets. */
  softResets = 0;
  /** Everything the host sent. */
  received: number[] = [];
  /** Set when the host sent loader bytes the board had not asked for. */
  flowViolation = false;
  /** Whether the flow-control loader (flow_loader.ts) is defined in this interpreter. */
  loaderDefined = false;
  /** When true the board ignores all input (a wedged or absent board). */
  silent = false;
  mode: Mode;
  readonly #options: Required<
    Omit<FakeBoardOptions, "startState" | "dropLoadedByte" | "damagedLoaderDefinitions">
  >;
  #dropLoadedByte: number | undefined;
  #damagedLoaderDefinitions: number;
  #loadRemaining = 0;
  #loadPiece = 0;
  #loaded: number[] = [];
  #line: number[] = [];
  #pasteAllowance = 0;
  #pasteSinceGrant = 0;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #closed = false;
  #escape = 0; // progress through \x05 A \x01 in raw mode

  constructor(options: FakeBoardOptions = {}) {
    this.#options = {
      rawPaste: options.rawPaste ?? "absent",
      window: options.window ?? 32,
      handler: options.handler ?? (() => undefined),
    };
    this.mode = options.startState === "running" ? "running" : options.startState ?? "friendly";
    this.#dropLoadedByte = options.dropLoadedByte;
    this.#damagedLoaderDefinitions = options.damagedLoaderDefinitions ?? 0;
    const readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
    });
    const writable = new WritableStream<Uint8Array>({
      write: (chunk) => {
        if (this.mode === "dead") throw new PortVanishedError("fake");
        for (const byte of chunk) {
          this.received.push(byte);
          if (!this.silent) this.#receive(byte);
        }
      },
    });
    this.transport = {
      readable,
      writable,
      description: "fake",
      close: () => {
        this.#closed = true;
        try {
          this.#controller.close();
        } catch {
          // already errored
        }
        return Promise.resolve();
      },
    };
  }

  /** Bytes the board sends on its own (garbage, boot messages). */
  send(text: string | Uint8Array): void {
    if (this.#closed || this.mode === "dead") return;
    this.#controller.enqueue(typeof text === "string" ? latin1Bytes(text) : text);
  }

  /** The port disappears: reads fail, writes fail. */
  vanish(): void {
    this.mode = "dead";
    this.#controller.error(new PortVanishedError("fake", "the board disconnected"));
  }

  #receive(byte: number): void {
    switch (this.mode) {
      case "dead":
        return;
      case "running":
        if (byte === 0x03) {
          this.#finish(
            "",
            'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nKeyboardInterrupt: \r\n',
          );
        }
        return;
      case "friendly":
        return this.#friendly(byte);
      case "paste":
        if (byte === 0x03) {
          this.mode = "friendly";
          this.send("\r\n>>> ");
        } else if (byte === 0x04) {
          this.mode = "friendly";
          this.#line = [];
          this.send("\r\n>>> ");
        } else {
          this.send(String.fromCharCode(byte));
        }
        return;
      case "raw":
        return this.#raw(byte);
      case "rawPaste":
        return this.#rawPaste(byte);
      case "loading":
        return this.#load(byte);
    }
  }

  /** The loader reading its program: exactly the bytes it asked for, then `\x02` and run. */
  #load(byte: number): void {
    if (byte === 0x03) {
      this.#finish(
        "",
        'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\n' +
          '  File "<string>", line 13, in _upy_x\r\nKeyboardInterrupt: \r\n',
      );
      return;
    }
    if (this.#loadPiece === 0) this.flowViolation = true;
    if (this.#dropLoadedByte !== undefined && this.#loaded.length === this.#dropLoadedByte) {
      this.#dropLoadedByte = undefined; // lost on the way; the loader keeps waiting
      return;
    }
    this.#loaded.push(byte);
    this.#loadPiece--;
    this.#loadRemaining--;
    if (this.#loadPiece > 0) return;
    if (this.#loadRemaining > 0) {
      this.#loadPiece = Math.min(LOADER_PIECE, this.#loadRemaining);
      this.send("\x01");
      return;
    }
    this.send("\x02");
    const code = new TextDecoder().decode(new Uint8Array(this.#loaded));
    this.#execute(
      code,
      '  File "<stdin>", line 1, in <module>\r\n  File "<string>", line 14, in _upy_x\r\n' +
        '  File "<string>", line 1, in <module>\r\n',
    );
  }

  #friendly(byte: number): void {
    if (byte === 0x01) {
      this.mode = "raw";
      this.#line = [];
      this.send("\r\n" + BANNER);
    } else if (byte === 0x03) {
      this.#line = [];
      this.send("\r\n>>> ");
    } else if (byte === 0x04 && this.#line.length === 0) {
      this.softResets++;
      this.loaderDefined = false;
      this.send("MPY: soft reboot" + FRIENDLY_BANNER);
    } else if (byte === 0x05) {
      this.mode = "paste";
      this.send("\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ");
    } else if (byte === 0x0d) {
      const code = String.fromCharCode(...this.#line);
      this.#line = [];
      this.send("\r\n");
      if (code.trim() !== "") {
        const result = this.#run(code);
        this.send((result.stdout ?? "").replaceAll("\n", "\r\n"));
        if (result.error) this.send(`Traceback (most recent call last):\r\n${result.error}\r\n`);
      }
      this.send(">>> ");
    } else if (byte >= 0x20) {
      this.#line.push(byte);
      this.send(String.fromCharCode(byte));
    }
  }

  #raw(byte: number): void {
    // The raw-paste request: \x05 'A' \x01 at the start of a line.
    if (this.#options.rawPaste !== "absent") {
      if (this.#escape === 0 && byte === 0x05 && this.#line.length === 0) {
        this.#escape = 1;
        return;
      }
      if (this.#escape === 1) {
        this.#escape = byte === 0x41 ? 2 : 0;
        if (this.#escape === 2) return;
      }
      if (this.#escape === 2) {
        this.#escape = 0;
        if (byte === 0x01) {
          if (this.#options.rawPaste === "refused") {
            this.send("R\x00");
            return;
          }
          const window = this.#options.window;
          this.send(new Uint8Array([0x52, 0x01, window & 0xff, window >> 8]));
          this.mode = "rawPaste";
          this.#line = [];
          this.#pasteAllowance = window;
          this.#pasteSinceGrant = 0;
          return;
        }
      }
    }
    if (byte === 0x01) {
      this.#line = [];
      this.send(BANNER);
    } else if (byte === 0x02) {
      this.mode = "friendly";
      this.#line = [];
      this.send(FRIENDLY_BANNER);
    } else if (byte === 0x03) {
      this.#line = [];
    } else if (byte === 0x04) {
      if (this.#line.length === 0) {
        this.softResets++;
        this.loaderDefined = false;
        this.send("OK\r\nMPY: soft reboot\r\n" + BANNER);
        return;
      }
      const code = new TextDecoder().decode(new Uint8Array(this.#line));
      this.#line = [];
      this.send("OK");
      this.#execute(code);
    } else {
      this.#line.push(byte);
    }
  }

  #rawPaste(byte: number): void {
    if (byte === 0x04) {
      this.send("\x04");
      const code = new TextDecoder().decode(new Uint8Array(this.#line));
      this.#line = [];
      this.#execute(code);
      return;
    }
    if (byte === 0x03) {
      this.#line = [];
      this.send("\x04");
      this.#finish("", "KeyboardInterrupt: \r\n");
      return;
    }
    if (this.#pasteAllowance <= 0) this.windowViolation = true;
    this.#pasteAllowance--;
    this.#line.push(byte);
    // The board frees a window's worth once it has "compiled" that many bytes.
    if (++this.#pasteSinceGrant === this.#options.window) {
      this.#pasteSinceGrant = 0;
      this.#pasteAllowance += this.#options.window;
      this.send("\x01");
    }
  }

  #run(code: string): FakeProgramResult {
    this.programs.push(code);
    const sync = /^print\('upy','sync',(\d+)\*7\)$/.exec(code.trim());
    if (sync) return { stdout: `upy sync ${Number(sync[1]) * 7}\n` };
    const handled = this.#options.handler(code, this);
    if (handled) return handled;
    const printed = /^print\(repr\((-?\d+)\)\)$/.exec(code.trim());
    if (printed) return { stdout: `${printed[1]}\n` };
    return {};
  }

  #execute(code: string, frames = '  File "<stdin>", line 1, in <module>\r\n'): void {
    if (code === LOADER_DEFINITION) {
      this.programs.push(code);
      if (this.#damagedLoaderDefinitions > 0) {
        this.#damagedLoaderDefinitions--;
        this.#finish("damaged\r\n", "");
        return;
      }
      this.loaderDefined = true;
      this.#finish("", "");
      return;
    }
    const call = /^_upy_x\((\d+)\)$/.exec(code);
    if (call) {
      if (!this.loaderDefined) {
        this.#finish(
          "",
          `Traceback (most recent call last):\r\n${frames}NameError: name '_upy_x' isn't defined\r\n`,
        );
        return;
      }
      this.mode = "loading";
      this.#loaded = [];
      this.#loadRemaining = Number(call[1]);
      this.#loadPiece = Math.min(LOADER_PIECE, this.#loadRemaining);
      this.send("\x01");
      return;
    }
    const result = this.#run(code);
    if (result.hang) {
      this.mode = "running";
      this.send((result.stdout ?? "").replaceAll("\n", "\r\n"));
      return;
    }
    this.mode = "running";
    const traceback = result.error
      ? `Traceback (most recent call last):\r\n${frames}${result.error}\r\n`
      : "";
    this.#finish((result.stdout ?? "").replaceAll("\n", "\r\n"), traceback);
  }

  #finish(stdout: string, traceback: string): void {
    this.mode = "raw";
    this.send(stdout + "\x04" + traceback + "\x04>");
  }
}

function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}
