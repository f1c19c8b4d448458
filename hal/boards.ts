/**
 * Which HAL adapter a target name means: the CLI's `--board NAME`. "mock" (the default) is
 * the simulated Pico with its demo wiring (hal/mock/demo.ts); other adapters register
 * themselves here (the board link will register serial ports and host:port targets), so the
 * CLI never needs to know them.
 */

import type { Hal } from "./hal.ts";
import { demoPico } from "./mock/demo.ts";

export interface BoardOptions {
  /** Board time moves only with the program (deterministic runs). Mock only. */
  virtualClock?: boolean;
}

export interface BoardAdapter {
  /** Whether this adapter serves `target` ("mock", "/dev/ttyACM0", "host:4555"...). */
  matches(target: string): boolean;
  create(target: string, options: BoardOptions): Hal;
}

const adapters: BoardAdapter[] = [
  {
    matches: (target) => target === "mock" || target === "mock-pico",
    create: (_target, options) => demoPico({ clock: options.virtualClock ? "virtual" : "real" }),
  },
];

/** Makes `--board target` reach `adapter` (checked before the built-in ones). */
export function registerBoardAdapter(adapter: BoardAdapter): void {
  adapters.unshift(adapter);
}

/** Whether some adapter serves `target` (so a CLI can refuse a typo before running). */
export function knownBoard(target: string): boolean {
  return adapters.some((a) => a.matches(target));
}

export function createBoard(target: string, options: BoardOptions = {}): Hal {
  const adapter = adapters.find((a) => a.matches(target));
  if (adapter === undefined) throw new Error(`unknown board '${target}'`);
  return adapter.create(target, options);
}
