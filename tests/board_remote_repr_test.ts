/**
 * hal/remote/board_repr.ts: what the remote HAL reads back from a board's reprs. The end-to-end
 * tests (board_remote_machine_test.ts) need socat and a board; these pin down the parsing of
 * the rp2 wording and the fallbacks for boards that word it otherwise.
 */

import assert from "node:assert/strict";
import { numbersFromRepr, pinStateFromRepr, reprFields } from "../hal/remote/board_repr.ts";
import { PinMode, PinPull } from "../hal/hal.ts";

Deno.test("board reprs: key=value fields", () => {
  const fields = reprFields("I2C(0, freq=399361, scl=5, sda=4, timeout=50000)");
  assert.deepEqual([...fields], [["freq", "399361"], ["scl", "5"], ["sda", "4"], [
    "timeout",
    "50000",
  ]]);
  assert.equal(reprFields("<MicroBitDigitalPin>").size, 0);
});

Deno.test("board reprs: numbers overwrite what was asked, other fields stay", () => {
  const asked = { freq: 400000, scl: -1, sda: -1, timeout: 50000 };
  assert.deepEqual(
    numbersFromRepr("I2C(0, freq=399361, scl=5, sda=4, timeout=50000)", asked),
    { freq: 399361, scl: 5, sda: 4, timeout: 50000 },
  );
  const uart = { baudrate: 9600, parity: 0 as number | null, timeoutChar: 0, tx: -1 };
  assert.deepEqual(
    numbersFromRepr(
      "UART(0, baudrate=9600, bits=8, parity=None, stop=1, tx=0, timeout_char=2, invert=None)",
      uart,
      { timeoutChar: "timeout_char" },
    ),
    { baudrate: 9600, parity: null, timeoutChar: 2, tx: 0 },
  );
  // Another port's wording: what was asked is kept.
  assert.deepEqual(numbersFromRepr("<I2C object>", asked), asked);
});

Deno.test("board reprs: pin states", () => {
  assert.deepEqual(pinStateFromRepr("Pin(GPIO4, mode=ALT, pull=PULL_UP, alt=I2C)"), {
    mode: PinMode.ALT,
    pull: PinPull.UP,
    alt: "I2C",
  });
  assert.deepEqual(pinStateFromRepr("Pin(GPIO25, mode=OUT)"), {
    mode: PinMode.OUT,
    pull: 0,
    alt: null,
  });
  assert.deepEqual(pinStateFromRepr("Pin(GPIO6, mode=IN, pull=PULL_UP|PULL_DOWN)")?.pull, 3);
  assert.equal(pinStateFromRepr(""), null); // the micro:bit's helpers answer ''
  assert.equal(pinStateFromRepr("Pin(GPIO6, mode=SOMETHING)"), null);
});
