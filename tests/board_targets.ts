/**
 * The boards the board link's end-to-end tests run against, and what differs between them, as
 * data: the tests' steps are the same for every target and read their differences from here.
 *
 * - `QEMU_PTY` and `QEMU_TCP`: real MicroPython firmware (a micro:bit build of 1.9.2 under QEMU,
 *   ../shared/board) over its pty and its TCP port: no raw-paste, 16 KB of RAM, a flat file
 *   system, `microbit` in place of `machine`, pins that read 0.
 * - `UPY_PTY`: upy itself (`mod.ts --raw-stdio` behind a socat pty, see board_upy.ts): raw-paste
 *   with flow control, `machine` on a mock Raspberry Pi Pico whose output pins read back what
 *   was written, files in a temp folder.
 */

import { PyExpression } from "../hal/board.ts";
import { startQemuBoard } from "./board_qemu.ts";
import { hasSocat, startUpyBoard } from "./board_upy.ts";

export interface RunningBoard {
  /** What `connect()` and `pico connect` take. */
  address: string;
  stop(): Promise<void>;
}

/** A remote object the agent builds and calls a method on. */
export interface RemoteObjectCase {
  factory: string;
  args: unknown[];
  kwargs?: Record<string, unknown>;
  method: string;
  methodArgs: unknown[];
  expected: unknown;
}

export interface BoardTarget {
  name: string;
  /** Why this target cannot run on this machine, or null when it can. */
  unavailable: string | null;
  start(): Promise<RunningBoard>;
  /** Whether the board offers raw-paste (the client must then use it). */
  rawPaste: boolean;
  /** The message of `10 // 0`'s ZeroDivisionError (it changed between MicroPython versions). */
  zeroDivisionMessage: string;
  /** Whether SystemExit in raw mode soft-resets the board (current ports; not the micro:bit). */
  exitSoftResets: boolean;
  /** What `pico df` prints: a flat file system knows only what its files use. */
  dfLine: RegExp;
  /** Python that defines `sleep_ms(ms)` on this board. */
  sleepMs: string;
  /** Python run once before the pin steps (imports, the pin object). */
  pinSetup: string;
  /** Expressions for a pin's write(value) and read() methods after `pinSetup`. */
  pinWrite: string;
  pinRead: string;
  /** What reading the pin gives after writing `value` to it. */
  pinReadsBack(value: number): number;
  /** Arguments that make `pinWrite` raise on the board. */
  pinBadArgs: unknown[];
  remoteObject: RemoteObjectCase;
}

const socatMissing = hasSocat() ? null : "socat is not installed (.ci/run installs it)";

const qemu = (link: "pty" | "tcp"): BoardTarget => ({
  name: `QEMU micro:bit MicroPython 1.9.2 over ${link === "pty" ? "its pty" : "TCP"}`,
  unavailable: null,
  start: () => startQemuBoard(link),
  rawPaste: false,
  zeroDivisionMessage: "division by zero",
  dfLine: /^used \d+ bytes/,
  exitSoftResets: false,
  // The micro:bit build has no time.sleep_ms.
  sleepMs: "from microbit import sleep as sleep_ms\n",
  pinSetup: "import microbit",
  pinWrite: "microbit.pin0.write_digital",
  pinRead: "microbit.pin0.read_digital",
  pinReadsBack: () => 0, // QEMU's pins read 0
  pinBadArgs: ["x"],
  remoteObject: {
    factory: "microbit.Image",
    args: ["90009:09090:00900:09090:90009"],
    method: "get_pixel",
    methodArgs: [0, 0],
    expected: 9,
  },
});

export const QEMU_PTY = qemu("pty");
export const QEMU_TCP = qemu("tcp");

export const UPY_PTY: BoardTarget = {
  name: "upy's own raw REPL over a pty",
  unavailable: socatMissing,
  start: () => startUpyBoard(),
  rawPaste: true,
  zeroDivisionMessage: "divide by zero", // MicroPython 1.27's, which upy follows
  dfLine: /^size 1441792 {2}used \d+ {2}free \d+$/, // a Pico's 1408 KB
  exitSoftResets: true,
  sleepMs: "from time import sleep_ms\n",
  pinSetup: "import machine\n_led = machine.Pin(25, machine.Pin.OUT)",
  pinWrite: "_led.value",
  pinRead: "_led.value",
  pinReadsBack: (value) => value, // the mock Pico's output latch
  pinBadArgs: [1, 2],
  remoteObject: {
    factory: "machine.PWM",
    args: [new PyExpression("machine.Pin(15)")],
    kwargs: { freq: 1000 },
    method: "freq",
    methodArgs: [],
    expected: 1000,
  },
};

export const ALL_TARGETS: readonly BoardTarget[] = [QEMU_PTY, QEMU_TCP, UPY_PTY];

/** One Deno test per target running `steps`, skipped (saying why) where the target cannot run. */
export function testOnTargets(
  prefix: string,
  targets: readonly BoardTarget[],
  steps: (target: BoardTarget, t: Deno.TestContext) => Promise<void>,
): void {
  for (const target of targets) {
    const skipped = target.unavailable ? ` (skipped: ${target.unavailable})` : "";
    Deno.test({
      name: `${prefix}: ${target.name}${skipped}`,
      ignore: target.unavailable !== null,
      fn: (t) => steps(target, t),
    });
  }
}
