/**
 * Raw REPL and raw-paste mode, the machine-facing protocol of MicroPython's
 * docs/reference/repl.rst that host tools (mpremote, pyboard.py, IDEs) speak:
 *
 * raw REPL (entered with Ctrl-A): `raw REPL; CTRL-B to exit\r\n` then `>`.
 *   The host sends code then Ctrl-D; upy answers `OK`, runs the code (a module
 *   body, nothing echoed) and sends its output, `\x04`, the traceback if one
 *   (compile errors included), `\x04`, and the `>` prompt again. Ctrl-D on an
 *   empty buffer soft-resets (`OK\r\nMPY: soft reboot\r\n` and the raw banner);
 *   Ctrl-C clears the buffer; Ctrl-A restarts the raw REPL; Ctrl-B leaves it for
 *   the friendly REPL.
 *
 * raw-paste (the host sends `\x05A\x01` at the raw prompt): upy answers `R\x01`,
 *   its window increment W as two little-endian bytes and at once one `\x01`:
 *   like a board, it has room for two windows (MicroPython's 256-byte buffer, W
 *   = 128), and the window size itself grants the first. Each time upy has taken
 *   another W it sends `\x01`, allowing W more (flow control). The host ends with
 *   `\x04`; upy acknowledges with `\x04`, then runs the code and answers as the
 *   raw REPL does (output, `\x04`, error, `\x04`, `>`), without `OK`. A Ctrl-C
 *   instead of the end stops the transfer: `\x04`, then a KeyboardInterrupt in
 *   the error section (no traceback: nothing ran). Another letter than `A`
 *   after `\x05` is a command upy does not know: `R\x00`, then the prompt.
 */

import type { CodeObject } from "../compiler/bytecode.ts";
import { END_OF_INPUT } from "./byte_input.ts";
import { compileRawInput } from "./compile_input.ts";
import type { ReplSession } from "./session.ts";
import { runBootScripts } from "./boot_scripts.ts";
import { PyBaseException, PyKeyboardInterrupt } from "../objects/exception.ts";

const CTRL_A = 1;
const CTRL_B = 2;
const CTRL_C = 3;
const CTRL_D = 4;
const CTRL_E = 5;
const LETTER_A = 65;

const RAW_BANNER = "raw REPL; CTRL-B to exit\r\n";

/**
 * Runs the raw REPL until Ctrl-B ("friendly": the caller prints the friendly
 * banner) or the end of input ("end").
 */
export async function rawRepl(session: ReplSession): Promise<"friendly" | "end"> {
  const out = session.out;
  out.write(RAW_BANNER);
  for (;;) {
    out.write(">");
    let buffer: number[] = [];
    for (;;) {
      const byte = await session.input.next();
      if (byte === END_OF_INPUT) return "end";
      if (byte === CTRL_A) {
        if (buffer.length === 2 && buffer[0] === CTRL_E) {
          if (buffer[1] === LETTER_A) {
            const ended = await rawPaste(session);
            if (ended) return "end";
          } else {
            out.write("R\x00"); // a raw-paste command this side does not know
          }
          buffer = [];
          out.write(">");
          continue;
        }
        out.write(RAW_BANNER + ">");
        buffer = [];
        continue;
      }
      if (byte === CTRL_B) {
        return "friendly";
      }
      if (byte === CTRL_C) {
        buffer = [];
        continue;
      }
      if (byte === CTRL_D) break;
      buffer.push(byte);
    }
    // The acknowledgement leaves before compiling starts, as on a board (some host
    // tools expect `OK` on its own).
    out.write("OK");
    await out.flush();
    if (buffer.length === 0) {
      out.write("\r\n");
      session.softReset();
      await runBootScripts(session, "raw");
      out.write(RAW_BANNER);
      continue;
    }
    await runRaw(session, new TextDecoder().decode(new Uint8Array(buffer)));
  }
}

/** Receives a raw-paste transfer, then runs it. Returns true at the end of input. */
async function rawPaste(session: ReplSession): Promise<boolean> {
  const out = session.out;
  const window = session.rawPasteWindow;
  // The window size grants the first window and the `\x01` a second one.
  out.write("R\x01");
  out.writeBytes(new Uint8Array([window & 0xff, (window >> 8) & 0xff, 0x01]));
  await out.flush();
  const bytes: number[] = [];
  let sinceGrant = 0;
  for (;;) {
    const byte = await session.input.next();
    if (byte === END_OF_INPUT) return true;
    if (byte === CTRL_D) break;
    if (byte === CTRL_C) {
      // The host gave up: stop it sending, and report the interrupt as the reply's error.
      out.write("\x04");
      await runRaw(session, new PyBaseException(PyKeyboardInterrupt, []));
      return false;
    }
    bytes.push(byte);
    if (++sinceGrant === window) {
      // The window's worth is consumed: the host may send another.
      sinceGrant = 0;
      out.write("\x01");
      await out.flush();
    }
  }
  out.write("\x04");
  await out.flush();
  await runRaw(session, new TextDecoder().decode(new Uint8Array(bytes)));
  return false;
}

/**
 * Compiles and runs raw input: output, `\x04`, error text, `\x04`. An exception in place of
 * the source is what stopped its transfer; it is reported as the error.
 */
async function runRaw(session: ReplSession, source: string | PyBaseException): Promise<void> {
  const out = session.out;
  let errors = "";
  session.errorSink = (text) => (errors += text.replace(/\r?\n/g, "\r\n"));
  try {
    let code: CodeObject | null = null;
    try {
      if (source instanceof PyBaseException) throw source;
      code = session.vm.withActive(() => compileRawInput(session.vm, source));
    } catch (e) {
      session.reportException(e);
    }
    if (code !== null) {
      const outcome = await session.run(code);
      if (outcome.kind === "exit" && session.board) {
        // SystemExit in raw mode: a board soft-resets after finishing the reply.
        out.write("\x04" + errors + "\x04");
        errors = "";
        session.errorSink = null;
        session.softReset();
        await runBootScripts(session, "raw");
        out.write(RAW_BANNER);
        return;
      }
    }
  } finally {
    session.errorSink = null;
  }
  out.write("\x04" + errors + "\x04");
}
