/**
 * sys.stdin's bytes: a per-VM buffer over the embedder's input source
 * (VMOptions.stdin; the CLI gives Deno's stdin, see host_fs.ts). Reads wait on
 * the source's Promise when the VM can suspend (so Deno's event loop keeps
 * running, asyncio tasks included) and fall back to its synchronous read from
 * nested calls; with no source, stdin is at end of file at once.
 */

import type { PyValue } from "../objects/base.ts";
import { raiseOSError } from "../objects/exception.ts";
import { activeVM, type VMState } from "../vm/state.ts";
import { ERRNO } from "./errno_table.ts";

/** Where a VM's standard input comes from. Both reads return null at end of input. */
export interface StdinSource {
  /** Up to `max` bytes once some have arrived. */
  read(max: number): Promise<Uint8Array | null>;
  /** The same without waiting, for where the VM cannot wait (iteration); absent: EAGAIN there. */
  readSync?(max: number): Uint8Array | null;
}

const CHUNK = 4096;

class StdinBuffer {
  pending = new Uint8Array(0);
  ended = false;
  /** A read started by select/poll that has not finished. */
  reading: Promise<void> | null = null;
  constructor(readonly source: StdinSource | null) {}

  append(chunk: Uint8Array | null): void {
    if (chunk === null || chunk.length === 0) {
      this.ended = true;
      return;
    }
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending);
    joined.set(chunk, this.pending.length);
    this.pending = joined;
  }

  take(n: number): Uint8Array {
    const out = this.pending.slice(0, n);
    this.pending = this.pending.slice(n);
    return out;
  }

  /** How many bytes satisfy the request now, or -1 if more input is needed. */
  ready(want: number, line: boolean): number {
    if (line) {
      const nl = this.pending.indexOf(0x0a);
      if (nl >= 0) return want >= 0 ? Math.min(nl + 1, want) : nl + 1;
    }
    if (want >= 0 && this.pending.length >= want) return want;
    return this.ended ? this.pending.length : -1;
  }
}

const buffers = new WeakMap<VMState, StdinBuffer>();

function bufferOf(vm: VMState): StdinBuffer {
  let b = buffers.get(vm);
  if (b === undefined) {
    b = new StdinBuffer((vm.host.stdin as StdinSource | null | undefined) ?? null);
    buffers.set(vm, b);
  }
  return b;
}

/**
 * Reads up to `want` bytes (-1: to the end), or one line with `line`; returns
 * the bytes (mapped by `done`), or a Promise of them when it has to wait.
 */
export function readStdin(
  want: number,
  line: boolean,
  done: (bytes: Uint8Array) => PyValue,
): PyValue {
  const vm = activeVM();
  const b = bufferOf(vm);
  if (b.source === null) b.ended = true;
  let n = b.ready(want, line);
  if (n >= 0) return done(b.take(n));
  if (vm.canSuspend) {
    const source = b.source!;
    const more = async (): Promise<PyValue> => {
      if (b.reading !== null) await b.reading;
      while ((n = b.ready(want, line)) < 0) b.append(await source.read(CHUNK));
      return done(b.take(n));
    };
    return more();
  }
  if (b.source?.readSync === undefined) raiseOSError(ERRNO.EAGAIN);
  while ((n = b.ready(want, line)) < 0) b.append(b.source.readSync(CHUNK));
  return done(b.take(n));
}

/** Whether a read of stdin would return at once (data buffered, or at its end). */
export function stdinReady(): boolean {
  const b = bufferOf(activeVM());
  if (b.source === null) b.ended = true;
  return b.ended || b.pending.length > 0;
}

/** Resolves once stdin has data or has ended (starting one read if none is running). */
export function stdinWhenReady(): Promise<void> {
  const b = bufferOf(activeVM());
  if (b.ended || b.pending.length > 0 || b.source === null) return Promise.resolve();
  if (b.reading === null) {
    b.reading = b.source.read(CHUNK).then((chunk) => {
      b.reading = null;
      b.append(chunk);
    });
  }
  return b.reading;
}
