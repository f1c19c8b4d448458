/**
 * One UART block of the mock Pico: its receive FIFO, and the JS side of its wires (loopback,
 * a cross-wire to another UART, bytes sent in from JS, or a stream pair such as a socket).
 */

import type { UartConfig } from "../hal.ts";
import type { MockPico } from "./pico.ts";

/** One of the mock Pico's UARTs, as the world outside the chip sees it. */
export class MockUart {
  /** The settings in force; null until the program sets the UART up. */
  config: UartConfig | null = null;
  /** Received bytes the program has not read yet. */
  readonly rx: number[] = [];
  /** Board time (µs) when the transmitter will have sent what it holds. */
  txBusyUntil = 0;
  /** TX wired back to RX (loopback()). */
  looped = false;
  /** The UART whose RX this one's TX drives (crossWire()), if any. */
  peer: MockUart | null = null;
  /** The program's UART.irq callback for received bytes. */
  listener: (() => void) | null = null;
  private outside = new Set<ReadableStreamDefaultController<Uint8Array>>();

  /** UART `id` of `board`. */
  constructor(private board: MockPico, readonly id: number) {}

  /** Wires TX back to RX: what the program writes, it reads. */
  loopback(on = true): this {
    this.looped = on;
    return this;
  }

  /** Bytes arriving on RX from outside (a terminal, a GPS...). */
  send(data: Uint8Array | string): void {
    this.board.uartReceive(this, typeof data === "string" ? new TextEncoder().encode(data) : data);
  }

  /** What the board transmits, from now on. */
  get readable(): ReadableStream<Uint8Array> {
    let self: ReadableStreamDefaultController<Uint8Array>;
    return new ReadableStream<Uint8Array>({
      start: (c) => {
        self = c;
        this.outside.add(c);
      },
      cancel: () => {
        this.outside.delete(self);
      },
    });
  }

  /** Write here to send bytes into the board's RX. */
  get writable(): WritableStream<Uint8Array> {
    return new WritableStream<Uint8Array>({ write: (chunk) => this.send(chunk) });
  }

  /** Wires this UART's TX to `other`'s RX and back (two boards, or two UARTs of one). */
  crossWire(other: MockUart): void {
    this.peer = other;
    other.peer = this;
  }

  /** Connects the UART to a stream pair (e.g. a socket): TX to its writable, its readable to RX. */
  connect(peer: { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> }) {
    this.readable.pipeTo(peer.writable).catch(() => {});
    peer.readable.pipeTo(this.writable).catch(() => {});
  }

  /** The program sent `data`: to the streams reading it, the loopback and the cross-wire. */
  transmitted(data: Uint8Array): void {
    for (const c of this.outside) c.enqueue(data.slice());
    if (this.looped) this.send(data);
    this.peer?.send(data);
  }
}
