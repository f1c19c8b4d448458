/**
 * Remote `machine` end to end: a Python script run by upy on this computer with
 * `--board <port>` drives the QEMU board's pins (hal/remote/machine_adapter.ts), and the adapter's
 * batching keeps pin writes to a few round trips. The board is MicroPython 1.9.2 for the
 * micro:bit: its pins are `microbit.pinN` (the adapter's helpers use them when `machine.Pin` is
 * missing), they accept writes and read 0, have no interrupts (Pin.irq raises
 * NotImplementedError), and it has no ADC in `machine`.
 */

import assert from "node:assert/strict";
import { connect } from "../hal/board.ts";
import { RemoteHal } from "../hal/remote/machine_adapter.ts";
import { HalError, PinMode } from "../hal/hal.ts";
import { withQemuBoard } from "./board_qemu.ts";
import { runUpy } from "./board_upy.ts";

Deno.test("remote machine over the QEMU board", async (t) => {
  await withQemuBoard("pty", async (port) => {
    const folder = await Deno.makeTempDir({ prefix: "upy-remote-machine-" });
    try {
      await t.step("a script's machine.Pin runs on the board (--board)", async () => {
        const script = `${folder}/pins.py`;
        await Deno.writeTextFile(
          script,
          [
            "from machine import Pin",
            "led = Pin(0, Pin.OUT, value=1)",
            "for i in range(200):",
            "    led.value(i % 2)",
            "print('pin0 reads', led.value())",
            "try:",
            "    Pin(99, Pin.OUT)",
            "except ValueError as e:",
            "    print('ValueError:', e)",
            "import machine",
            "try:",
            "    machine.ADC(0)",
            "except Exception as e:",
            "    print(type(e).__name__)",
            "try:",
            "    Pin(2, Pin.IN).irq(lambda p: None)",
            "except Exception as e:",
            "    print(type(e).__name__, e)",
            "led.value(1)  # queued: goes out when the script ends",
            "",
          ].join("\n"),
        );
        const result = await runUpy(["--board", port, script]);
        const seen = `exit ${result.code}, stderr: ${result.stderr}`;
        assert.equal(
          result.stdout,
          "pin0 reads 0\nValueError: invalid pin\nNotImplementedError\n" +
            "NotImplementedError Pin.irq is not available on this board\n",
          seen,
        );
        assert.equal(result.stderr, "");
        assert.equal(result.code, 0);
        // The writes did happen on the board, the last one (queued) too: the pin is back in
        // digital output mode after the read (QEMU's pins read 0 whatever was written, so the
        // mode is what shows it).
        const board = await connect(port);
        try {
          await board.exec("import microbit");
          assert.equal(await board.eval("microbit.pin0.get_mode()"), "write_digital");
          assert.equal(await board.eval("microbit.pin1.get_mode()"), "unused");
        } finally {
          await board.close();
        }
      });

      await t.step("a missing port is reported before the script runs", async () => {
        const result = await runUpy(["--board", "/dev/ttyACM_missing", `${folder}/pins.py`]);
        assert.equal(result.code, 1);
        assert.equal(result.stdout, "");
        assert.equal(result.stderr.trim(), "micropython: /dev/ttyACM_missing: no such port");
      });

      await t.step("pin writes are batched: many writes, few round trips", async () => {
        const hal = new RemoteHal(await connect(port, { softReset: true }));
        try {
          await hal.pinInit(1, { mode: PinMode.OUT, value: 0 });
          const before = hal.roundTrips;
          for (let i = 0; i < 1000; i++) hal.pinWrite(1, i & 1);
          assert.equal(await hal.pinRead(1), 0);
          assert.ok(hal.roundTrips - before <= 5, `${hal.roundTrips - before} round trips`);
          const error = await hal.pinInit(77, { mode: PinMode.OUT }).catch((e) => e);
          assert.ok(error instanceof HalError);
          assert.equal(error.kind, "value");
        } finally {
          await hal.close();
        }
      });
    } finally {
      await Deno.remove(folder, { recursive: true }).catch(() => {});
    }
  });
});
