/**
 * Remote `machine` speed against upy itself as the board (tests/board_upy.ts, needs socat):
 * `deno run -A bench/remote_machine.ts`.
 *
 * - exec: `board.exec("pass")`, the raw REPL round trip everything else is built on;
 * - I2C readfrom_mem: the BME280's chip id through RemoteHal, one round trip each;
 * - the same from a Python script run with `mod.ts --board` (timed by the script itself);
 * - batched pin writes: 10,000 `Pin.value()` writes, queued and sent in few programs;
 * - Pin.irq latency: how long after the board's button edge the local handler runs, while the
 *   program waits (the board presses 500, 1000 and 1500 ms after the pin is set up; the time
 *   the setup took to come back is counted against us, so this is an upper bound).
 */

import { connect } from "../hal/board.ts";
import { RemoteHal } from "../hal/remote/machine_adapter.ts";
import { PinEdge, PinMode, PinPull } from "../hal/hal.ts";
import { runUpy, startUpyBoard } from "../tests/board_upy.ts";
import { DEMO_PRESSES_MS } from "../hal/mock/demo.ts";

function perSecond(count: number, started: number): number {
  return Math.round(count / ((performance.now() - started) / 1000));
}

const board = await startUpyBoard();
try {
  const link = await connect(board.address, { softReset: true });
  let started = performance.now();
  for (let i = 0; i < 200; i++) await link.exec("pass");
  const exec = perSecond(200, started);

  const hal = new RemoteHal(link);
  await hal.i2cInit(0, {});
  started = performance.now();
  for (let i = 0; i < 200; i++) {
    await hal.i2cTransfer(0, 0x76, [{ write: new Uint8Array([0xd0]) }, { read: 1 }], true);
  }
  const i2c = perSecond(200, started);

  await hal.pinInit(25, { mode: PinMode.OUT, value: 0 });
  const trips = hal.roundTrips;
  started = performance.now();
  for (let i = 0; i < 10000; i++) hal.pinWrite(25, i & 1);
  await hal.flush();
  const writes = perSecond(10000, started);
  const writeTrips = hal.roundTrips - trips;

  const firstEdges: number[] = [];
  let lastEdgeAt = -Infinity;
  await hal.pinInit(14, { mode: PinMode.IN, pull: PinPull.UP });
  const setUpAt = performance.now();
  await hal.pinIrq(14, PinEdge.FALLING, () => {
    const now = performance.now();
    // The first edge of each bouncing press.
    if (now - lastEdgeAt > 100) firstEdges.push(now - setUpAt);
    lastEdgeAt = now;
  });
  await hal.clock.waitUntil(hal.clock.nowUs() + 1_800_000, () => false);
  const latencies = firstEdges.map((at, i) => Math.round(at - DEMO_PRESSES_MS[i]));
  await hal.close();

  const script = `${board.folder}/i2c_loop.py`;
  await Deno.writeTextFile(
    script,
    [
      "from machine import I2C",
      "import time",
      "i2c = I2C(0)",
      "t = time.ticks_ms()",
      "for _ in range(200):",
      "    i2c.readfrom_mem(0x76, 0xD0, 1)",
      "print(round(200 * 1000 / time.ticks_diff(time.ticks_ms(), t)))",
    ].join("\n"),
  );
  const fromScript = await runUpy(["--board", board.address, script]);

  console.log(`exec round trips          ${exec}/s`);
  console.log(`I2C readfrom_mem          ${i2c}/s (RemoteHal)`);
  console.log(`I2C readfrom_mem          ${fromScript.stdout.trim()}/s (script, --board)`);
  console.log(`batched pin writes        ${writes}/s (10,000 in ${writeTrips} round trips)`);
  console.log(
    `Pin.irq latency (ms)      ${latencies.join(", ")} (poll every ${hal.clock.intervalMs} ms)`,
  );
} finally {
  await board.stop();
}
