/**
 * machine on the mock Pico, driven from TypeScript: a button pressed from JS runs the Python
 * IRQ handler (in virtual and in real time), the trace comes out as a stream, a VCD file and
 * a timeline, a stuck bus times out, a UART talks to JS streams, and a HAL that answers with
 * Promises (as the board link will) works the same.
 */

import { deepEqual, equal, match, ok } from "node:assert/strict";
import { VM } from "../mod.ts";
import { MockPico } from "../hal/mock/pico.ts";
import { Bme280 } from "../hal/mock/bme280.ts";
import { Eeprom24 } from "../hal/mock/eeprom.ts";
import type { Hal } from "../hal/hal.ts";
import type { TraceEvent } from "../hal/mock/trace.ts";

async function run(board: Hal, source: string): Promise<{ out: string; exitCode: number }> {
  let out = "";
  const vm = new VM({ stdout: (t) => (out += t), stderr: (t) => (out += t), board });
  const { exitCode } = await vm.runMain(source, "test.py");
  return { out, exitCode };
}

const BUTTON_PROGRAM = `
from machine import Pin
import time
presses = []
def pressed(pin):
    presses.append((time.ticks_ms(), pin.value()))
button = Pin(14, Pin.IN, Pin.PULL_UP)
button.irq(pressed, Pin.IRQ_FALLING)
for i in range(100):
    time.sleep_ms(10)
    if len(presses) == 2:
        break
print(presses, button.value())
`;

Deno.test("machine: a button pressed from JS runs the Python IRQ handler (virtual clock)", async () => {
  const pico = new MockPico();
  pico.waveform(14, [[120, 0], [180, null], [300, 0], [350, null]]);
  const { out, exitCode } = await run(pico, BUTTON_PROGRAM);
  equal(exitCode, 0);
  // The loop ends during the second press (released at 350 ms): the button still reads 0.
  equal(out, "[(120, 0), (300, 0)] 0\n");
});

Deno.test("machine: a press from JS in real time wakes the sleeping program", async () => {
  const pico = new MockPico({ clock: "real" });
  const pressing = (async () => {
    for (const delay of [40, 40]) {
      await new Promise((r) => setTimeout(r, delay));
      pico.drive(14, 0);
      await new Promise((r) => setTimeout(r, 5));
      pico.drive(14, null);
    }
  })();
  const { out, exitCode } = await run(pico, BUTTON_PROGRAM);
  await pressing;
  equal(exitCode, 0);
  match(out, /^\[\(\d+, 0\), \(\d+, 0\)\] [01]\n$/);
});

Deno.test("machine: the trace streams pin changes and bus transactions", async () => {
  const pico = new MockPico();
  pico.attachI2c(0x76, new Bme280({ temperature: 30 }));
  const events: TraceEvent[] = [];
  const reader = pico.trace.stream().getReader();
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      events.push(value);
    }
  })();
  await run(
    pico,
    `
from machine import Pin, I2C
import time
led = Pin(25, Pin.OUT)
led.on()
time.sleep_ms(5)
I2C(0).readfrom_mem(0x76, 0xD0, 1)
led.off()
`,
  );
  pico.trace.close();
  await reading;
  const pins = events.filter((e) => e.kind === "pin" && e.pin === 25);
  deepEqual(pins.map((e) => [e.t, (e as { value: number }).value]), [[0, 1], [5000, 0]]);
  const i2c = events.find((e) => e.kind === "i2c");
  ok(i2c !== undefined && i2c.kind === "i2c");
  equal(i2c.addr, 0x76);
  deepEqual([...i2c.write!], [0xd0]);
  deepEqual([...i2c.read!], [0x60]);
  match(
    pico.timeline(),
    /0\.000 ms {2}GP25 1\n.*I2C0 0x76 w\[d0\] r\[60\]\n +5\.000 ms {2}GP25 0\n$/s,
  );
});

Deno.test("machine: the VCD file has the LED's waveform at the Timer's times", async () => {
  const pico = new MockPico();
  await run(
    pico,
    `
from machine import Pin, Timer
import time
led = Pin("LED", Pin.OUT)
Timer(period=250, callback=lambda t: led.toggle())
time.sleep(1.1)
`,
  );
  const vcd = pico.vcd();
  match(vcd, /\$timescale 1ns \$end/);
  const id = vcd.match(/\$var wire 1 (\S+) GP25 \$end/)![1];
  const changes: [number, string][] = [];
  let time = 0;
  for (const line of vcd.slice(vcd.indexOf("$enddefinitions")).split("\n")) {
    if (line.startsWith("#")) time = Number(line.slice(1));
    else if (line.endsWith(id) && /^[01]/.test(line)) changes.push([time, line[0]]);
  }
  deepEqual(changes, [
    [0, "0"],
    [250_000_000, "1"],
    [500_000_000, "0"],
    [750_000_000, "1"],
    [1_000_000_000, "0"],
  ]);
});

Deno.test("machine: a bus held low from JS times out with ETIMEDOUT, a NACK is EIO", async () => {
  const pico = new MockPico();
  pico.attachI2c(0x50, new Eeprom24());
  pico.drive(5, 0); // something holds SCL low
  const { out } = await run(
    pico,
    `
from machine import I2C
i2c = I2C(0)
for op in (i2c.scan, lambda: i2c.readfrom(0x50, 1)):
    try:
        op()
    except OSError as e:
        print(e)
`,
  );
  equal(out, "[Errno 110] ETIMEDOUT\n[Errno 110] ETIMEDOUT\n");
  pico.drive(5, null);
  const again = await run(
    pico,
    `
from machine import I2C
i2c = I2C(0)
print(i2c.scan())
try:
    i2c.readfrom(0x51, 1)
except OSError as e:
    print(e)
`,
  );
  equal(again.out, "[80]\n[Errno 5] EIO\n");
});

Deno.test("machine: a UART connected to JS streams", async () => {
  const pico = new MockPico({ clock: "real" });
  const fromBoard = pico.uart(0).readable.getReader();
  const toBoard = pico.uart(0).writable.getWriter();
  const program = run(
    pico,
    `
from machine import UART
import time
u = UART(0, 115200, timeout=2000)
print(u.readline())
u.write(b"pong\\n")
u.flush()
`,
  );
  // Sent once the program has set the UART up (bytes before that find no receiver).
  for (let i = 0; i < 500 && pico.uart(0).config === null; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  await toBoard.write(new TextEncoder().encode("ping\n"));
  const { out } = await program;
  equal(out, "b'ping\\n'\n");
  const { value } = await fromBoard.read();
  equal(new TextDecoder().decode(value), "pong\n");
});

/** The mock behind Promises: every answer arrives later, as over a serial link. */
function asyncBoard(pico: MockPico): Hal {
  return new Proxy(pico, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function" || name === "pinWrite" || name === "uartWrite") return value;
      return (...args: unknown[]) => {
        try {
          return Promise.resolve(value.apply(target, args));
        } catch (e) {
          return Promise.reject(e);
        }
      };
    },
  }) as Hal;
}

Deno.test("machine: a HAL that answers with Promises works the same", async () => {
  const pico = new MockPico();
  pico.attachI2c(0x76, new Bme280());
  const { out, exitCode } = await run(
    asyncBoard(pico),
    `
from machine import Pin, I2C, ADC
p = Pin(2, Pin.IN, Pin.PULL_UP)
print(p.value(), Pin(3, Pin.OUT, value=1).value())
i2c = I2C(0)
print(i2c.scan(), i2c.readfrom_mem(0x76, 0xD0, 1))
try:
    i2c.readfrom(0x42, 1)
except OSError as e:
    print(e)
try:
    I2C(0, scl=Pin(4))
except ValueError as e:
    print(e)
print(ADC(4).read_u16())
`,
  );
  equal(out, "1 1\n[118] b'`'\n[Errno 5] EIO\nbad SCL pin\n14019\n");
  equal(exitCode, 0);
});

Deno.test("machine: a wait that gives the host a turn resumes inside its VM", async () => {
  // A virtual-clock wait yields to the host now and then (after ~20 ms of real time): what
  // runs after it must still see its VM (time_pulse_us reads the pin after waiting).
  const pico = new MockPico();
  pico.waveform(14, [[500, 0], [520, null]]);
  const { out, exitCode } = await run(
    pico,
    `
import machine, time
from machine import Pin
t0 = time.ticks_ms()
while time.ticks_diff(time.ticks_ms(), t0) < 300:
    pass  # real time passes too, so the next wait yields to the host
print(machine.time_pulse_us(Pin(14, Pin.IN, Pin.PULL_UP), 0, 1_000_000))
`,
  );
  equal(out, "20000\n");
  equal(exitCode, 0);
});

const WAITING_HANDLERS = `
from machine import Pin, I2C, Timer
import micropython, time
i2c = I2C(0)
log = []
def chip_id():
    return hex(i2c.readfrom_mem(0x76, 0xD0, 1)[0])
def on_edge(pin):
    log.append("irq start")
    log.append(chip_id())
    time.sleep_ms(3)  # more edges and ticks come meanwhile: they wait for this one
    log.append("irq end")
def on_tick(t):
    log.append("tick " + chip_id())
def scheduled(arg):
    log.append("scheduled " + arg + " " + chip_id())
    i2c.readfrom(0x42, 1)  # refused: printed, and the program goes on
button = Pin(14, Pin.IN, Pin.PULL_UP)
button.irq(on_edge, Pin.IRQ_FALLING)
Timer(mode=Timer.ONE_SHOT, period=30, callback=on_tick)
micropython.schedule(scheduled, "early")
time.sleep_ms(20)
n = 0
while len(log) < 8:  # computing: the handlers still wait for the board
    n += 1
button.irq(None)
print(log)
`;

Deno.test("machine: IRQ, Timer and scheduled handlers may wait for the board", async () => {
  // With the Promise-answering HAL every I2C read in a handler is an await: each handler runs
  // as a frame chain of its own while the program stays parked, one at a time, in order.
  const outputs: string[] = [];
  for (const wrap of [(pico: MockPico) => pico, asyncBoard]) {
    const pico = new MockPico();
    pico.attachI2c(0x76, new Bme280());
    pico.waveform(14, [[10, 0], [11, null], [12, 0], [40, null]]);
    const { out, exitCode } = await run(wrap(pico), WAITING_HANDLERS);
    equal(exitCode, 0);
    outputs.push(out);
  }
  equal(outputs[1], outputs[0]);
  match(
    outputs[0],
    /^Traceback[^\n]*\n {2}File "test\.py", line 17, in scheduled\nOSError: \[Errno 5\] EIO\n/,
  );
  match(
    outputs[0],
    /\n\['scheduled early 0x60', 'irq start', '0x60', 'irq end', 'irq start', '0x60', 'irq end', 'tick 0x60'\]\n$/,
  );
});

Deno.test("machine: an IRQ handler may wait while an asyncio task computes", async () => {
  // The edge comes while a task's step runs (a nested run that cannot suspend): the handler
  // is put off to the loop's own code between two steps, where it is driven and can wait.
  const program = `
import asyncio
from machine import I2C, Pin
i2c = I2C(0)
got = []
def edge(pin):
    got.append(i2c.readfrom_mem(0x76, 0xD0, 1))
Pin(14, Pin.IN, Pin.PULL_UP).irq(edge, Pin.IRQ_FALLING)
async def watcher():
    for i in range(200):
        if got:
            break
        await asyncio.sleep_ms(1)
    print(got)
async def busy():
    for i in range(40):
        await asyncio.sleep_ms(0)
        for j in range(2000):
            pass
asyncio.run(asyncio.gather(watcher(), busy()))
`;
  for (const wrap of [(pico: MockPico) => pico, asyncBoard]) {
    const pico = new MockPico();
    pico.attachI2c(0x76, new Bme280());
    pico.waveform(14, [[5, 0], [6, null]]);
    const { out, exitCode } = await run(wrap(pico), program);
    equal(out, "[b'`']\n");
    equal(exitCode, 0);
  }
});
