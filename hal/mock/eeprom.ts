/**
 * A 24Cxx serial EEPROM (default a 24C32: 4 KiB, 32-byte pages, two address bytes).
 *
 * Like the chip: a write message is address then data, wrapping inside its page; after a
 * stop the chip is busy for its write cycle (5 ms of board time) and NACKs its address, so
 * drivers must poll for the ACK; a read continues from the current address and wraps at the
 * end of memory.
 */

import type { Clock } from "../hal.ts";
import type { I2cTarget } from "./devices.ts";

export interface EepromOptions {
  /** Bytes of memory. Default 4096. */
  size?: number;
  /** Page size for writes. Default 32. */
  pageSize?: number;
  /** Address bytes (1 for 24C01..24C16, 2 above). Default 2. */
  addressBytes?: number;
  /** Write cycle in microseconds. Default 5000. */
  writeCycleUs?: number;
}

export class Eeprom24 implements I2cTarget {
  readonly memory: Uint8Array;
  private readonly pageSize: number;
  private readonly addressBytes: number;
  private readonly writeCycleUs: number;
  private pointer = 0;
  private pendingWrite = false;
  private busyUntil = 0;
  private clock: Clock | null = null;

  constructor(options: EepromOptions = {}) {
    this.memory = new Uint8Array(options.size ?? 4096).fill(0xff);
    this.pageSize = options.pageSize ?? 32;
    this.addressBytes = options.addressBytes ?? 2;
    this.writeCycleUs = options.writeCycleUs ?? 5000;
  }

  attach(clock: Clock): void {
    this.clock = clock;
  }

  ack(): boolean {
    return this.clock === null || this.clock.nowUs() >= this.busyUntil;
  }

  write(data: Uint8Array): number {
    let i = 0;
    let address = 0;
    for (; i < this.addressBytes && i < data.length; i++) address = (address << 8) | data[i];
    if (i < this.addressBytes) return data.length;
    this.pointer = address % this.memory.length;
    const pageStart = this.pointer - (this.pointer % this.pageSize);
    let offset = this.pointer - pageStart;
    for (; i < data.length; i++) {
      this.memory[pageStart + offset] = data[i];
      offset = (offset + 1) % this.pageSize;
      this.pendingWrite = true;
    }
    this.pointer = pageStart + offset;
    return data.length;
  }

  read(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.memory[this.pointer];
      this.pointer = (this.pointer + 1) % this.memory.length;
    }
    return out;
  }

  stop(): void {
    if (this.pendingWrite && this.clock !== null) {
      this.busyUntil = this.clock.nowUs() + this.writeCycleUs;
    }
    this.pendingWrite = false;
  }
}
