/**
 * Soak: two Timers and a pin IRQ fed by a square wave from JS, under a program that sleeps
 * and allocates heavily, for 60 s of virtual time. Every callback must run exactly once, at
 * its time (each records its tick, so a lost or doubled one shows).
 */

import { deepEqual, equal } from "node:assert/strict";
import { VM } from "../mod.ts";
import { MockPico } from "../hal/mock/pico.ts";

const SOAK = `
from machine import Pin, Timer
import time
a, b, edges = [], [], []
ta = Timer(period=10, callback=lambda t: a.append(time.ticks_ms()))
tb = Timer(period=7, callback=lambda t: b.append(time.ticks_ms()))
Pin(14, Pin.IN).irq(lambda p: edges.append(time.ticks_ms()), Pin.IRQ_FALLING)
start = time.ticks_ms()
junk = []
while time.ticks_diff(time.ticks_ms(), start) < 60_000:
    # Heavy allocation between sleeps: lists, dicts and strings, most of them dropped.
    junk = [{"i": i, "s": str(i) * 3} for i in range(40)] + junk[:20]
    time.sleep_ms(3)
end = time.ticks_ms()
ta.deinit()
tb.deinit()
time.sleep_ms(1)  # callbacks already queued run now
print(end)
for ticks in (a, b, edges):
    # In order, and each one ran after its expiry (a callback waits for the next poll).
    print(len(ticks), ticks == sorted(ticks), ticks[0])
`;

Deno.test("machine: soak, 60 s of virtual time with Timers, IRQs, sleeps and allocation", async () => {
  const pico = new MockPico();
  // A square wave on GP14 from JS: falling every 13 ms, rising 5 ms later, for 60 s.
  let fallAt = 13;
  const wave = () => {
    pico.drive(14, 0);
    pico.at(fallAt + 5, () => pico.drive(14, 1));
    fallAt += 13;
    if (fallAt < 60_000) pico.at(fallAt, wave);
  };
  pico.drive(14, 1);
  pico.at(fallAt, wave);
  let out = "";
  const vm = new VM({ stdout: (t) => (out += t), stderr: (t) => (out += t), board: pico });
  const { exitCode } = await vm.runMain(SOAK, "soak.py");
  equal(exitCode, 0, out);
  const [end, ...lines] = out.trim().split("\n");
  const endMs = Number(end);
  // Every expiry up to the end ran exactly once: none lost, none doubled.
  deepEqual(lines, [
    `${Math.floor(endMs / 10)} True 10`,
    `${Math.floor(endMs / 7)} True 7`,
    `${Math.floor(59_999 / 13)} True 13`,
  ]);
  equal(endMs >= 60_000 && endMs < 60_010, true, end);
});
