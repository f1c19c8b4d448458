/**
 * Each program in examples/pico/ runs on the default board (the demo mock Pico, virtual clock)
 * and prints what it is meant to: the same output every run.
 */

import { equal } from "node:assert/strict";
import { VM } from "../mod.ts";

async function runExample(name: string): Promise<string> {
  const path = new URL(`../examples/pico/${name}`, import.meta.url).pathname;
  let out = "";
  const vm = new VM({ stdout: (t) => (out += t), stderr: (t) => (out += t) });
  const { exitCode } = await vm.runMain(Deno.readTextFileSync(path), name);
  equal(exitCode, 0, out);
  return out;
}

Deno.test("examples/pico/blink.py toggles the LED twice a second", async () => {
  const out = await runExample("blink.py");
  equal(
    out,
    [500, 1000, 1500, 2000, 2500, 3000]
      .map((t, i) => `LED ${i % 2 === 0 ? "on " : "off"} at ${String(t).padStart(5)} ms\n`)
      .join("") + "done\n",
  );
});

Deno.test("examples/pico/button_irq.py counts three debounced presses", async () => {
  const out = await runExample("button_irq.py");
  equal(
    out,
    "button pressed (1)\nbutton pressed (2)\nbutton pressed (3)\n3 presses from 9 falling edges\n",
  );
});

Deno.test("examples/pico/i2c_sensor.py reads the BME280-like sensor", async () => {
  const out = await runExample("i2c_sensor.py");
  equal(
    out,
    "I2C(0, freq=100000, scl=5, sda=4, timeout=50000)\ndevices: ['0x50', '0x76']\nchip id: 0x60\n" +
      "21.50 C  1013.25 hPa  45.0 %RH\n".repeat(3),
  );
});

Deno.test("examples/pico/pwm_fade.py fades up and down", async () => {
  const lines = (await runExample("pwm_fade.py")).trim().split("\n");
  equal(lines[0], "<PWM slice=4 channel=1 invert=0> at 1000 Hz");
  equal(lines.length, 22);
  equal(lines[11], "65535 ##########");
});

Deno.test("examples/pico/uart_echo.py echoes each line upper-cased", async () => {
  const out = await runExample("uart_echo.py");
  equal(
    out.split("\n").filter((l) => l.startsWith("terminal got:")).join("\n"),
    [
      "terminal got: b'HELLO PICO\\n'",
      "terminal got: b'UPY SPEAKS UART\\n'",
      "terminal got: b'BYE\\n'",
    ].join("\n"),
  );
});
