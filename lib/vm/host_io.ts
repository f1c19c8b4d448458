/**
 * A VM's standard streams as the embedder gives them: output to a callback or
 * a WritableStream of UTF-8 bytes, input from a ReadableStream, a string or a
 * StdinSource.
 * Output to a stream is written without waiting (Python's print does not
 * block); close() waits for what is queued and releases the stream's lock.
 */

import type { PyValue } from "../objects/base.ts";
import { PyBaseException, PyEOFError } from "../objects/exception.ts";
import { readStdin, type StdinSource } from "../modules/stdin.ts";
import type { OutputSink } from "./state.ts";

export interface OutputChannel extends OutputSink {
  close(): Promise<void>;
}

const encoder = new TextEncoder();

/** An output that takes text and raw bytes (sys.stdout.buffer.write) apart. */
export interface OutputWriter {
  /** Text: print(), sys.stdout.write(), tracebacks. */
  write(text: string): void;
  /** Bytes as they are: sys.stdout.buffer.write(). */
  writeBytes(data: Uint8Array): void;
}

export function openOutput(
  target: ((text: string) => void) | WritableStream<Uint8Array> | OutputWriter | undefined,
): OutputChannel {
  if (target === undefined) return { write() {}, close: () => Promise.resolve() };
  if (typeof target === "function") return { write: target, close: () => Promise.resolve() };
  if (!(target instanceof WritableStream)) {
    if (typeof target?.write === "function" && typeof target.writeBytes === "function") {
      return {
        write: (text) => target.write(text),
        writeBytes: (data) => target.writeBytes(data),
        close: () => Promise.resolve(),
      };
    }
    throw new TypeError("stdout/stderr must be a function, a WritableStream or an OutputWriter");
  }
  const writer = target.getWriter();
  let failure: unknown = null;
  let last: Promise<void> = Promise.resolve();
  const send = (data: Uint8Array) => {
    if (failure !== null) return;
    last = writer.write(data).catch((e) => void (failure = e));
  };
  return {
    write: (text: string) => send(encoder.encode(text)),
    writeBytes: send,
    async close(): Promise<void> {
      await last;
      writer.releaseLock();
    },
  };
}

/**
 * The embedder's stdin as a StdinSource (lib/modules/stdin.ts buffers it for
 * sys.stdin and input() alike): a string is the whole input, a byte stream is
 * read as Python asks for more.
 */
export function stdinSource(
  stdin: StdinSource | ReadableStream<Uint8Array> | string | null,
): StdinSource | null {
  if (stdin === null) return null;
  if (typeof stdin === "string") {
    let rest: Uint8Array | null = encoder.encode(stdin);
    const take = (max: number): Uint8Array | null => {
      if (rest === null || rest.length === 0) return null;
      const chunk: Uint8Array = rest.subarray(0, max);
      rest = rest.subarray(chunk.length);
      return chunk;
    };
    return { read: (max) => Promise.resolve(take(max)), readSync: take };
  }
  // A StdinSource first: naming the global ReadableStream makes Deno load its streams code,
  // a few ms of every CLI start that never reads a stream.
  if (typeof (stdin as StdinSource).read === "function") return stdin as StdinSource;
  if (stdin instanceof ReadableStream) {
    const reader = stdin.getReader();
    return {
      async read(): Promise<Uint8Array | null> {
        const { value, done } = await reader.read();
        return done ? null : value;
      },
    };
  }
  throw new TypeError("stdin must be a string, a ReadableStream or a StdinSource");
}

const decoder = new TextDecoder();

/**
 * input()'s line over the VM's stdin: the line without its newline, waiting
 * (a Promise) where the VM can suspend; the end of input raises EOFError as
 * MicroPython does.
 */
export function inputLine(): PyValue {
  return readStdin(-1, true, (bytes) => {
    if (bytes.length === 0) throw new PyBaseException(PyEOFError, []);
    const text = decoder.decode(bytes);
    return text.endsWith("\n") ? text.slice(0, -1) : text;
  });
}
