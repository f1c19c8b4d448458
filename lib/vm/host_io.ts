/**
 * A VM's standard streams as the embedder gives them: output to a callback or
 * a WritableStream of UTF-8 bytes, input from a ReadableStream or a string.
 * Output to a stream is written without waiting (Python's print does not
 * block); close() waits for what is queued and releases the stream's lock.
 */

import { PyBaseException, PyEOFError } from "../objects/exception.ts";
import type { OutputSink } from "./state.ts";

export interface OutputChannel extends OutputSink {
  close(): Promise<void>;
}

const encoder = new TextEncoder();

export function openOutput(
  target: ((text: string) => void) | WritableStream<Uint8Array> | undefined,
): OutputChannel {
  if (target === undefined) return { write() {}, close: () => Promise.resolve() };
  if (typeof target === "function") return { write: target, close: () => Promise.resolve() };
  if (!(target instanceof WritableStream)) {
    throw new TypeError("stdout/stderr must be a function or a WritableStream");
  }
  const writer = target.getWriter();
  let failure: unknown = null;
  let last: Promise<void> = Promise.resolve();
  return {
    write(text: string): void {
      if (failure !== null) return;
      last = writer.write(encoder.encode(text)).catch((e) => void (failure = e));
    },
    async close(): Promise<void> {
      await last;
      writer.releaseLock();
    },
  };
}

/**
 * input()'s line source over a string or a byte stream. From a stream each
 * call returns a Promise (the VM suspends the Python caller until a line
 * arrives); the end of input raises EOFError as MicroPython does.
 */
export function lineReader(
  source: ReadableStream<Uint8Array> | string,
): () => string | null | Promise<string> {
  if (typeof source === "string") {
    const lines = source.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    let next = 0;
    return () => (next < lines.length ? lines[next++] : null);
  }
  const reader = source.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let ended = false;
  return async () => {
    for (;;) {
      const newline = buffered.indexOf("\n");
      if (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        return line;
      }
      if (ended) {
        if (buffered !== "") {
          const line = buffered;
          buffered = "";
          return line;
        }
        throw new PyBaseException(PyEOFError, []);
      }
      const { value, done } = await reader.read();
      if (done) ended = true;
      else buffered += value;
    }
  };
}
