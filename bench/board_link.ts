/**
 * Round trips per second over the board link, against the QEMU board of ../shared/board:
 * `deno run -A bench/board_link.ts [pty|tcp]`.
 *
 * - exec: `board.exec("pass")`, the smallest raw REPL round trip;
 * - pin toggle, one round trip each: a remote machine pin write sent on its own;
 * - pin read: `Pin.value()` needs the board's answer, one round trip;
 * - pin toggle, batched: writes queued by the adapter and sent together.
 */

import { connect } from "../hal/board.ts";
import { RemoteHal } from "../hal/remote/machine_adapter.ts";
import { PinMode } from "../hal/hal.ts";
import { type QemuLink, startQemuBoard } from "../tests/board_qemu.ts";

function rate(count: number, started: number): string {
  return `${Math.round(count / ((performance.now() - started) / 1000))}/s`;
}

async function measure(link: QemuLink): Promise<void> {
  const qemu = await startQemuBoard(link);
  try {
    const board = await connect(qemu.address, { softReset: true });
    let started = performance.now();
    for (let i = 0; i < 200; i++) await board.exec("pass");
    const exec = rate(200, started);
    const hal = new RemoteHal(board);
    await hal.pinInit(0, { mode: PinMode.OUT, value: 0 });
    started = performance.now();
    for (let i = 0; i < 200; i++) {
      hal.pinWrite(0, i & 1);
      await hal.flush();
    }
    const single = rate(200, started);
    started = performance.now();
    for (let i = 0; i < 200; i++) await hal.pinRead(0);
    const read = rate(200, started);
    started = performance.now();
    const trips = hal.roundTrips;
    for (let i = 0; i < 10000; i++) hal.pinWrite(0, i & 1);
    await hal.flush();
    const batched = `${rate(10000, started)} (${hal.roundTrips - trips} round trips)`;
    await hal.close();
    console.log(
      `${
        link.padEnd(4)
      } exec ${exec}  pin toggle ${single}  pin read ${read}  batched toggles ${batched}`,
    );
  } finally {
    await qemu.stop();
  }
}

for (const link of (Deno.args.length > 0 ? Deno.args : ["pty", "tcp"]) as QemuLink[]) {
  await measure(link);
}
