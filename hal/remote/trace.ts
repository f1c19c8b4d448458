/**
 * A transport that logs every byte both ways, for diagnosing a link: set UPY_BOARD_TRACE to a
 * file name and `connect()` appends lines like `> "print(1)\x04"` (to the board) and
 * `< "OK1\r\n\x04\x04>"` (from it), with milliseconds since the link opened.
 */

import type { Transport } from "../transport.ts";

export function traceTransport(inner: Transport, path: string): Transport {
  const started = performance.now();
  const decoder = new TextDecoder("latin1");
  const log = (direction: string, chunk: Uint8Array) => {
    const at = (performance.now() - started).toFixed(1).padStart(9);
    Deno.writeTextFileSync(path, `${at} ${direction} ${JSON.stringify(decoder.decode(chunk))}\n`, {
      append: true,
    });
  };
  const tap = (direction: string) =>
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        log(direction, chunk);
        controller.enqueue(chunk);
      },
    });
  const incoming = tap("<");
  const outgoing = tap(">");
  inner.readable.pipeTo(incoming.writable).catch(() => {});
  outgoing.readable.pipeTo(inner.writable).catch(() => {});
  return {
    readable: incoming.readable,
    writable: outgoing.writable,
    description: inner.description,
    close: () => inner.close(),
  };
}
