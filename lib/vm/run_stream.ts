/**
 * Running a program as it arrives: a readable stream of source (text or UTF-8
 * bytes) goes through the streaming compiler, and each top-level statement runs
 * as soon as it is complete, so a program piped over stdin, HTTP or a socket
 * starts before it is fully received and is never held whole in memory.
 *
 * The outcome is `micropython file.py`'s: an uncaught exception (a syntax error
 * included, which ends the stream there) prints its traceback and gives exit
 * code 1, SystemExit gives its code, and the rest of the stream is cancelled.
 * Unlike a whole-file run, statements before a syntax error have already run
 * when the error arrives: that is what running before the end is received means.
 */

import type { CompiledUnit } from "../compiler/stream.ts";
import { compileByteStream, compileStream } from "../compiler/stream.ts";
import type { RunResult, VM } from "./vm.ts";
import { syntaxErrorFrom } from "./compile_bridge.ts";
import { toPyException } from "./interpreter.ts";

export interface RunStreamOptions {
  filename?: string;
}

export async function runStream(
  vm: VM,
  source: ReadableStream<string> | ReadableStream<Uint8Array>,
  options: RunStreamOptions = {},
): Promise<RunResult> {
  const filename = options.filename ?? "<stdin>";
  vm.main.dict.setStr("__file__", filename);
  const compileOptions = { filename, mode: "module" as const, optLevel: vm.state.optLevel };
  const reader = await unitsOf(source, compileOptions);
  try {
    for (;;) {
      const { value: unit, done } = await reader.read();
      if (done) return { exitCode: 0, exception: null };
      if (unit.kind === "error") throw syntaxErrorFrom(unit.error);
      await vm.run(unit.code);
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    const exc = vm.withActive(() => toPyException(e));
    return { exitCode: vm.reportUncaught(exc), exception: exc };
  }
}

/** Peeks at the first chunk to pick the text or the bytes compiler. */
async function unitsOf(
  source: ReadableStream<string> | ReadableStream<Uint8Array>,
  options: { filename: string; mode: "module"; optLevel: number },
): Promise<ReadableStreamDefaultReader<CompiledUnit>> {
  const [probe, rest] = (source as ReadableStream<unknown>).tee();
  const first = await probe.getReader().read();
  probe.cancel().catch(() => {});
  const isText = first.done || typeof first.value === "string";
  const compiler = isText ? compileStream(options) : compileByteStream(options);
  (rest as ReadableStream<never>).pipeTo(compiler.writable as WritableStream<never>).catch(
    () => {},
  );
  return compiler.readable.getReader();
}
