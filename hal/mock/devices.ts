/**
 * What a virtual device attached to the mock board implements.
 *
 * I2C targets see whole messages (the mock moves bytes, not bit edges): `write` gets the bytes
 * of one write message, `read` is asked for n bytes; returning false from `ack` is a NACK of
 * the address. SPI devices see each transfer while their chip select is low.
 */

import type { Clock } from "../hal.ts";

/** A device on the mock's I2C bus, at the address it is attached with. */
export interface I2cTarget {
  /** Whether the device answers its address now (an EEPROM busy writing does not). */
  ack(): boolean;
  /** One write message; returns how many bytes were ACKed (data.length for all). */
  write(data: Uint8Array): number;
  /** One read message of n bytes. */
  read(n: number): Uint8Array;
  /** The bus saw a stop condition. */
  stop?(): void;
  /** Called once when attached, with the board's clock. */
  attach?(clock: Clock): void;
}

/** A device on the mock's SPI bus, behind its chip-select pin. */
export interface SpiTarget {
  /** Full-duplex: the bytes clocked in for the bytes clocked out. */
  transfer(out: Uint8Array): Uint8Array;
  /** Chip select went active (true) or inactive. */
  select?(active: boolean): void;
}

/**
 * A device that is a bank of 8-bit registers behind an address pointer (most sensors): a
 * write sets the pointer from its first byte and stores the rest; a read continues from the
 * pointer, which auto-increments.
 */
export class RegisterDevice implements I2cTarget {
  readonly registers = new Uint8Array(256);
  pointer = 0;

  ack(): boolean {
    return true;
  }

  write(data: Uint8Array): number {
    if (data.length === 0) return 0;
    this.pointer = data[0];
    for (let i = 1; i < data.length; i++) {
      this.writeRegister(this.pointer, data[i]);
      this.pointer = (this.pointer + 1) & 0xff;
    }
    return data.length;
  }

  read(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.readRegister(this.pointer);
      this.pointer = (this.pointer + 1) & 0xff;
    }
    return out;
  }

  /** Override for registers with side effects. */
  writeRegister(reg: number, value: number): void {
    this.registers[reg] = value;
  }

  readRegister(reg: number): number {
    return this.registers[reg];
  }
}

/** A SPI device that answers each byte with the one before it (a shift register). */
export class SpiEcho implements SpiTarget {
  private last = 0;
  transfer(out: Uint8Array): Uint8Array {
    const back = new Uint8Array(out.length);
    for (let i = 0; i < out.length; i++) {
      back[i] = this.last;
      this.last = out[i];
    }
    return back;
  }
}
