/**
 * Remote `machine` end to end against upy itself as the board (tests/board_upy.ts): a script run
 * with `mod.ts --board <pty>` drives the far board's mock Raspberry Pi Pico (hal/mock/demo.ts:
 * a BME280 at 0x76 and a 24C32 EEPROM at 0x50 on I2C0, UART0 cross-wired to UART1, a SPI echo
 * on SPI0 selected by GP17, a potentiometer on ADC0, a stuck line on GP3, a button on GP14).
 *
 * The oracle is the same script run locally on the same mock without --board: every operation
 * then happens in this process, so the outputs must match line for line. Each test also checks
 * a few lines by hand so that two identical failures cannot pass.
 */

import assert from "node:assert/strict";
import { connect } from "../hal/board.ts";
import { RemoteHal } from "../hal/remote/machine_adapter.ts";
import { PinEdge, PinMode, PinPull } from "../hal/hal.ts";
import { hasSocat, runUpy, withUpyBoard } from "./board_upy.ts";

/** Runs `lines` locally and on the board; asserts both agree and returns the output. */
async function sameOnBoard(board: string, folder: string, name: string, lines: string[]) {
  const script = `${folder}/${name}.py`;
  await Deno.writeTextFile(script, lines.join("\n") + "\n");
  const local = await runUpy([script]);
  const remote = await runUpy(["--board", board, script]);
  assert.equal(remote.stderr, local.stderr, `stderr of ${name}`);
  assert.equal(remote.stdout, local.stdout, `stdout of ${name}`);
  assert.equal(remote.code, local.code);
  return remote;
}

const PERIPHERALS = [
  "from machine import Pin, PWM, ADC, I2C, SPI, UART, SoftI2C, Signal",
  "import machine, time",
  "led = Pin(25, Pin.OUT, value=1)",
  "print(led.value(), led, Pin(6, Pin.IN, Pin.PULL_DOWN))",
  "led.toggle(); print(led.value())",
  "s = Signal(Pin(3, Pin.OUT), invert=True); s.on(); print(Pin(3).value())",
  "# PWM: the board's rounding comes back",
  "w = PWM(Pin(15), freq=1000, duty_u16=32768)",
  "print(w.freq(), w.duty_u16(), w.duty_ns())",
  "w.duty_ns(250000); print(w.duty_u16(), w.duty_ns())",
  "w.freq(3333); print(w.freq(), w.duty_u16())",
  "w.deinit(); print(Pin(15))",
  "v = PWM(Pin(16), freq=50_000, duty_u16=1000, invert=True); print(v, v.duty_ns())",
  "# ADC: the potentiometer, a pin, the temperature sensor",
  "print(ADC(0).read_u16(), ADC(Pin(27)).read_u16(), ADC(4).read_u16())",
  "# I2C: the BME280's chip id, the EEPROM, a missing address",
  "i2c = I2C(0, scl=Pin(5), sda=Pin(4), freq=100_000)",
  "print(i2c, i2c.scan(), Pin(4))",
  "print(hex(i2c.readfrom_mem(0x76, 0xD0, 1)[0]))",
  "buf = bytearray(6); i2c.readfrom_mem_into(0x76, 0xF7, buf); print(buf)",
  "i2c.writeto_mem(0x50, 0x0100, b'remote', addrsize=16)",
  "time.sleep_ms(6)",
  "print(i2c.readfrom_mem(0x50, 0x0100, 6, addrsize=16))",
  "i2c.writeto(0x50, b'\\x01\\x02', False); print(i2c.readfrom(0x50, 4))",
  "try:",
  "    i2c.readfrom(0x42, 1)",
  "except OSError as e:",
  "    print('OSError', e.errno)",
  "print(SoftI2C(scl=Pin(21), sda=Pin(20)).scan())",
  "# SPI: the echo answers each byte with the one before",
  "spi = SPI(0, baudrate=2_000_000)",
  "print(spi)",
  "cs = Pin(17, Pin.OUT, value=1); cs(0)",
  "spi.write(b'\\x01\\x02'); print(spi.read(3, 0x55))",
  "out = bytearray(4); spi.write_readinto(b'abcd', out); print(out)",
  "cs(1)",
  "# UART: UART0 is wired to UART1",
  "u0 = UART(0, 9600, timeout=50); u1 = UART(1, 9600, timeout=50)",
  "print(u0)",
  "u0.write(b'one\\ntwo\\nthr')",
  "print(u1.readline(), u1.readline(), u1.readline(), u1.any())",
  "u0.write(b'ee\\n'); print(u1.readline(), u1.read(5))",
  "u1.write(b'abcdef'); time.sleep_ms(10); print(u0.any(), u0.read(4), u0.read())",
  "u0.write(b'x' * 100); print(u0.txdone()); u0.flush(); print(u0.txdone())",
  "print(machine.freq(), machine.unique_id())",
  "# time_pulse_us is timed by the board: no low pulse starts, the high one outlasts 10 ms",
  "button = Pin(14, Pin.IN, Pin.PULL_UP)",
  "print(machine.time_pulse_us(button, 0, 10_000), machine.time_pulse_us(button, 1, 10_000))",
  "# the first press (0.5 s after GP14 became an input) is a low pulse the board times",
  "print(machine.time_pulse_us(button, 0, 1_000_000) > 0)",
];

const ERRORS = [
  "from machine import Pin, PWM, ADC, I2C, UART",
  "import machine",
  "def attempt(what, fn):",
  "    try:",
  "        fn()",
  "    except Exception as e:",
  "        print(what, type(e).__name__, e.args)",
  "attempt('scl', lambda: I2C(0, scl=Pin(7)))",
  "attempt('bus', lambda: I2C(1, scl=Pin(3), sda=Pin(2)).scan())",
  "i2c = I2C(0)",
  "attempt('nak', lambda: i2c.readfrom_mem(0x33, 0, 1))",
  "attempt('pwm', lambda: PWM(Pin(2), freq=1))",
  "attempt('adc', lambda: ADC(5))",
  "attempt('adcpin', lambda: ADC(Pin(3)))",
  "attempt('bits', lambda: UART(0, bits=9))",
  "attempt('tx', lambda: UART(0, tx=Pin(5)))",
  "attempt('freq', lambda: machine.freq(1))",
  "i2c.readfrom(0x11, 1)  # uncaught: the traceback is the local script's",
];

Deno.test({
  name: "remote machine over upy as the board",
  ignore: !hasSocat(),
  async fn(t) {
    await withUpyBoard(async (board) => {
      const folder = await Deno.makeTempDir({ prefix: "upy-remote-periph-" });
      try {
        await t.step("Pin, PWM, ADC, I2C, SPI and UART run on the board", async () => {
          const { stdout } = await sameOnBoard(board, folder, "peripherals", PERIPHERALS);
          assert.match(stdout, /^0x60$/m); // the BME280's chip id
          assert.match(stdout, /^b'remote'$/m);
          assert.match(stdout, /\[80, 118\] Pin\(GPIO4, mode=ALT, pull=PULL_UP, alt=I2C\)/);
          assert.match(stdout, /^OSError 5$/m);
          assert.match(stdout, /^b'one\\n' b'two\\n' b'thr' 0$/m);
          assert.match(stdout, /^I2C\(0, freq=100000, scl=5, sda=4, timeout=50000\)/m);
          assert.match(stdout, /^-2 -1\nTrue\n$/m);
        });

        await t.step("board errors surface as the same Python exceptions", async () => {
          const { stdout, stderr } = await sameOnBoard(board, folder, "errors", ERRORS);
          assert.match(stdout, /^scl ValueError \('bad SCL pin',\)$/m);
          assert.match(stdout, /^bus OSError \(110,\)$/m);
          assert.match(stdout, /^nak OSError \(5,\)$/m);
          assert.match(stderr, /line 18[\s\S]*OSError: \[Errno 5\] EIO/);
        });

        await t.step("WDT: the board's watchdog, its expiry ends the program", async () => {
          const { stdout, stderr } = await sameOnBoard(board, folder, "watchdog", [
            "from machine import WDT",
            "import time",
            "wdt = WDT(timeout=300)",
            "for i in range(6):",
            "    time.sleep_ms(100)",
            "    wdt.feed()",
            "print('fed', i + 1)",
            "time.sleep_ms(500)",
            "print('not reached')",
          ]);
          assert.equal(stdout, "fed 6\n");
          assert.equal(stderr, "machine: watchdog timeout, board reset\n");
        });

        await t.step("Pin.irq: a board edge runs the local handler", async () => {
          // The demo's button on GP14 is pressed 0.5 s, 1 s and 1.5 s after the pin becomes an
          // input; each press bounces (three falling and two rising edges in a millisecond) and
          // is released 200 ms later.
          const { stdout } = await sameOnBoard(board, folder, "irq", [
            "from machine import Pin",
            "import time",
            "seen = []",
            "def edge(pin):",
            "    # pin.value() in a handler: answered from the event, no round trip needed",
            "    seen.append((pin, pin.irq().flags(), pin.value() in (0, 1)))",
            "    led.toggle()  # reads the output's level: known here, no round trip needed",
            "led = Pin(25, Pin.OUT, value=0)",
            "button = Pin(14, Pin.IN, Pin.PULL_UP)",
            "button.irq(edge, Pin.IRQ_FALLING)",
            "time.sleep(0.85)  # the first press: three falling edges",
            "print(len(seen), set(seen), 'LED', led.value())",
            "seen.clear()",
            "button.irq(edge, Pin.IRQ_RISING)",
            "time.sleep(0.5)  # the second press: two rising edges, then its release",
            "print(len(seen), set(seen))",
            "seen.clear()",
            "button.irq(edge, Pin.IRQ_FALLING)",
            "while not seen:  # computing, not sleeping: the third press still gets through",
            "    pass",
            "button.irq(None)",
            "print('busy loop saw', seen[0])",
          ]);
          assert.equal(
            stdout,
            "3 {(Pin(GPIO14, mode=IN, pull=PULL_UP), 4, True)} LED 1\n" +
              "3 {(Pin(GPIO14, mode=IN, pull=PULL_UP), 8, True)}\n" +
              "busy loop saw (Pin(GPIO14, mode=IN, pull=PULL_UP), 4, True)\n",
          );
        });

        await t.step("an irq handler waits for the board like the program does", async () => {
          // The handler reads the BME280 over the link: it is driven as a frame of its own while
          // the sleeping program stays parked. Its exception is printed with the handler's own
          // traceback and the program goes on, as on the board.
          const { stdout, stderr } = await sameOnBoard(board, folder, "handler_waits", [
            "from machine import Pin, I2C",
            "import time",
            "i2c = I2C(0)",
            "readings = []",
            "def edge(pin):",
            "    readings.append(hex(i2c.readfrom_mem(0x76, 0xD0, 1)[0]))",
            "    time.sleep_ms(1)",
            "    if len(readings) == 2:",
            "        i2c.readfrom(0x42, 1)  # refused by the bus",
            "button = Pin(14, Pin.IN, Pin.PULL_UP)",
            "button.irq(edge, Pin.IRQ_FALLING)",
            "time.sleep(0.6)  # the first press: three falling edges",
            "print(readings)",
            "while len(readings) < 4:  # computing, not sleeping: the next press's handler waits too",
            "    pass",
            "button.irq(None)",
            "print(readings[3])",
          ]);
          assert.equal(stdout, "['0x60', '0x60', '0x60']\n0x60\n");
          assert.match(
            stderr,
            /^Traceback[^\n]*\n {2}File "[^"]+", line 9, in edge\nOSError: \[Errno 5\] EIO\n$/,
          );
        });

        await t.step("an irq handler waits for the board under asyncio too", async () => {
          const { stdout } = await sameOnBoard(board, folder, "handler_waits_asyncio", [
            "import asyncio",
            "from machine import Pin, I2C",
            "i2c = I2C(0)",
            "readings = []",
            "def edge(pin):",
            "    readings.append(i2c.readfrom_mem(0x76, 0xD0, 1))",
            "async def watcher():",
            "    while len(readings) < 3:  # the first press: three falling edges",
            "        await asyncio.sleep_ms(5)",
            "async def busy():",
            "    while len(readings) < 3:",
            "        await asyncio.sleep_ms(0)",
            "        for j in range(500):  # computing between awaits",
            "            pass",
            "button = Pin(14, Pin.IN, Pin.PULL_UP)",
            "button.irq(edge, Pin.IRQ_FALLING)",
            "asyncio.run(asyncio.gather(watcher(), busy()))",
            "button.irq(None)",
            "print(readings[:3])",
          ]);
          assert.equal(stdout, "[b'`', b'`', b'`']\n");
        });

        await t.step("UART.irq: bytes arriving on the board run the local handler", async () => {
          const { stdout } = await sameOnBoard(board, folder, "uart_irq", [
            "from machine import UART",
            "import time",
            "u0 = UART(0, 115200); u1 = UART(1, 115200)",
            "got = []",
            "u1.irq(lambda u: got.append(u.read()))  # the handler reads at once",
            "u0.write(b'ping'); time.sleep_ms(100)",
            "u0.write(b'pong!'); time.sleep_ms(100)",
            "u1.irq(None)",
            "u0.write(b'late'); time.sleep_ms(50)",
            "print(got, u1.read())",
          ]);
          assert.equal(stdout, "[b'ping', b'pong!'] b'late'\n");
        });

        await t.step("RemoteHal: edges arrive with round trips and while waiting", async () => {
          const hal = new RemoteHal(await connect(board, { softReset: true }));
          try {
            const seen: number[] = [];
            await hal.pinInit(14, { mode: PinMode.IN, pull: PinPull.UP });
            const levels: unknown[] = [];
            await hal.pinIrq(14, PinEdge.RISING, (flags) => {
              seen.push(flags);
              levels.push(hal.pinRead(14)); // at once, from the event: not a Promise
            });
            // A local wait polls the board: the first release comes back within the wait.
            const stop = () => seen.length > 0;
            await hal.clock.waitUntil(hal.clock.nowUs() + 3_000_000, stop);
            // (the first bounce's rising edges, all collected by the same poll)
            assert.ok(seen.length >= 1 && seen.every((flags) => flags === PinEdge.RISING));
            assert.ok(levels.every((level) => level === 0 || level === 1), String(levels));
            await hal.pinIrq(14, 0, null);
            assert.equal(hal.lostEvents, 0);
            // Without an irq, no poll and no event collection in the programs.
            const before = hal.roundTrips;
            await hal.clock.waitUntil(hal.clock.nowUs() + 50_000, () => false);
            assert.equal(hal.roundTrips, before);
          } finally {
            await hal.close();
          }
        });
      } finally {
        await Deno.remove(folder, { recursive: true }).catch(() => {});
      }
    });
  },
});
