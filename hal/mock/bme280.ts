/**
 * A BME280-like temperature / pressure / humidity sensor at 0x76 (or 0x77).
 *
 * It keeps the BME280's register map where a driver first looks: chip id 0x60 at 0xD0, soft
 * reset at 0xE0 (write 0xB6), ctrl_hum 0xF2, status 0xF3, ctrl_meas 0xF4 (mode bits 1:0:
 * 00 sleep, 01 forced, 11 normal), config 0xF5, data burst 0xF7..0xFE. The data registers
 * hold compensated values rather than raw ADC counts plus calibration, so a program reads
 * them without the Bosch formulas:
 *   0xF7..0xF9  pressure in Pa / 1, unsigned 24-bit big-endian
 *   0xFA..0xFC  temperature in 0.01 °C, signed 24-bit big-endian
 *   0xFD..0xFE  humidity in 0.01 %RH, unsigned 16-bit big-endian
 * Until a measurement is taken (forced or normal mode) they read 0x80 00 00 like the chip.
 */

import { RegisterDevice } from "./devices.ts";

export const BME280_CHIP_ID = 0x60;

export interface Environment {
  /** °C */
  temperature: number;
  /** Pa */
  pressure: number;
  /** %RH */
  humidity: number;
}

export class Bme280 extends RegisterDevice {
  /** What the sensor would measure now; a test changes it to simulate weather. */
  environment: Environment;
  measurements = 0;

  constructor(environment: Partial<Environment> = {}) {
    super();
    this.environment = { temperature: 21.5, pressure: 101325, humidity: 45, ...environment };
    this.reset();
  }

  reset(): void {
    this.registers.fill(0);
    this.registers[0xd0] = BME280_CHIP_ID;
    this.registers.fill(0x80, 0xf7, 0xf8);
    this.registers.fill(0x80, 0xfa, 0xfb);
    this.registers[0xfd] = 0x80;
  }

  override writeRegister(reg: number, value: number): void {
    if (reg === 0xe0) {
      if (value === 0xb6) this.reset();
      return;
    }
    if (reg === 0xd0 || reg >= 0xf7 || reg === 0xf3) return; // read-only
    this.registers[reg] = value;
    if (reg === 0xf4 && (value & 3) !== 0) this.measure();
  }

  override readRegister(reg: number): number {
    // Normal mode measures continuously: a read of the data burst sees fresh values.
    if (reg === 0xf7 && (this.registers[0xf4] & 3) === 3) this.measure();
    return this.registers[reg];
  }

  private measure(): void {
    this.measurements++;
    const { temperature, pressure, humidity } = this.environment;
    const p = Math.max(0, Math.min(0xffffff, Math.round(pressure)));
    const t = Math.round(temperature * 100) & 0xffffff;
    const h = Math.max(0, Math.min(0xffff, Math.round(humidity * 100)));
    this.registers.set([p >> 16, (p >> 8) & 0xff, p & 0xff], 0xf7);
    this.registers.set([t >> 16, (t >> 8) & 0xff, t & 0xff], 0xfa);
    this.registers.set([h >> 8, h & 0xff], 0xfd);
    // Forced mode returns to sleep after one measurement.
    if ((this.registers[0xf4] & 3) !== 3) this.registers[0xf4] &= ~3;
  }
}
