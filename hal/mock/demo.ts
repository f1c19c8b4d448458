/**
 * The mock Pico as it comes out of the box for the CLI and for a VM without a board: a Pico
 * on a breadboard with a few parts wired up, so examples and tests have something to talk to.
 *
 *   I2C0 (GP4 SDA, GP5 SCL)   BME280-like sensor at 0x76, 24C32 EEPROM at 0x50
 *   GP14                      a push button to ground (use Pin.PULL_UP); once the program
 *                             makes GP14 an input, a scripted finger presses it three times,
 *                             0.5 s apart, each press bouncing for a millisecond
 *   UART0 (GP0/GP1)           cross-wired to UART1 (GP8 TX / GP9 RX)
 *   ADC0 (GP26)               a potentiometer at mid travel (1.65 V)
 *   SPI0 (GP18/GP19/GP16)     a shift-register echo (answers each byte with the previous
 *                             one), selected by GP17 low
 *   GP3 (I2C1 SCL on GP2/GP3) held low by a faulty device: I2C there times out
 */

import { Bme280 } from "./bme280.ts";
import { Eeprom24 } from "./eeprom.ts";
import { MockPico, type MockPicoOptions } from "./pico.ts";
import { SpiEcho } from "./devices.ts";

export const DEMO_BUTTON_PIN = 14;

/** Board times (ms after GP14 is set up) of the scripted presses. */
export const DEMO_PRESSES_MS = [500, 1000, 1500];

/** A MockPico with the demo wiring listed at the top of hal/mock/demo.ts (the default board). */
export function demoPico(options: MockPicoOptions = {}): MockPico {
  const pico = new MockPico(options);
  pico.attachI2c(0x76, new Bme280());
  pico.attachI2c(0x50, new Eeprom24());
  pico.uart(0).crossWire(pico.uart(1));
  pico.setAdcVoltage(0, 1.65);
  pico.attachSpi(new SpiEcho(), { bus: 0, cs: 17 });
  pico.drive(3, 0);
  let pressing = false;
  pico.onPinInit = (pin) => {
    if (pin !== DEMO_BUTTON_PIN || pressing) return;
    pressing = true;
    const start = pico.clock.nowUs() / 1000;
    for (const at of DEMO_PRESSES_MS) {
      // Contacts bounce: a few fast transitions, then a clean low for 200 ms, then release.
      pico.waveform(DEMO_BUTTON_PIN, [
        [start + at, 0],
        [start + at + 0.2, null],
        [start + at + 0.5, 0],
        [start + at + 0.7, null],
        [start + at + 1, 0],
        [start + at + 200, null],
      ]);
    }
  };
  return pico;
}
