/**
 * Round trips per second over the board link, against the QEMU board of ../shared/board over
 * its pty or TCP port, and against upy's own raw REPL behind a socat pty (raw-paste):
 * `deno run -A bench/board_link.ts [pty|tcp|upy]`.
 *
 * - exec: `board.exec("pass")`, the smallest raw REPL round trip;
 * - pin toggle, one round trip each: a remote machine pin write sent on its own;
 * - pin read: `Pin.value()` needs the board's answer, one round trip;
 * - pin toggle, batched: writes queued by the adapter and sent together.
 */

import { connect } from "../hal/board.ts";
import { RemoteHal } from "../hal/remote/machine_adapter.ts";
import { PinMode } from "../hal/hal.ts";
import { startQemuBoard } from "../tests/board_qemu.ts";
import { startUpyBoard } from "../tests/board_upy.ts";

const TARGETS = {
  pty: () => startQemuBoard("pty"),
  tcp: () => startQemuBoard("tcp"),
  upy: () => startUpyBoard(),
};
type Target = keyof typeof TARGETS;

function rate(count: number, started: number): string {
  return `${Math.round(count / ((performance.now() - started) / 1000))}/s`;
}

async function measure(link: Target): Promise<void> {
  const running = await TARGETS[link]();
  try {
    const board = await connect(running.address, { softReset: true });
    for (let i = 0; i < 500; i++) await board.exec("pass"); // warm up both ends
    let started = performance.now();
    for (let i = 0; i < 1000; i++) await board.exec("pass");
    const exec = rate(1000, started);
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
    await running.stop();
  }
}

const links = Deno.args.length > 0 ? Deno.args : Object.keys(TARGETS);
for (const link of links) {
  if (!(link in TARGETS)) throw new Error(`unknown target ${link} (pty, tcp or upy)`);
  await measure(link as Target);
}
