/**
 * What a board runs from its own files when it starts and after every soft reset, in
 * MicroPython's order: `boot.py`, then `main.py` when it comes up in the friendly REPL (a soft
 * reset from the raw REPL runs `boot.py` only, so host tools get a board that is not busy with
 * its main program). Only for a session that plays a board. Output and tracebacks go to the
 * line, the scripts run in `__main__` (their globals stay for the REPL), and a Ctrl-C stops one
 * (a Pico's endless main loop) and lets the REPL come up.
 *
 * One difference on purpose: where a Pico soft-resets on sys.exit() in boot.py or main.py (and so
 * runs them again, forever if they always exit), upy goes on to the REPL.
 */

import { getLoader } from "../vm/import.ts";
import type { ReplSession, RunOutcome } from "./session.ts";

export async function runBootScripts(
  session: ReplSession,
  mode: "friendly" | "raw",
): Promise<void> {
  if (!session.board) return;
  for (const name of mode === "friendly" ? ["boot.py", "main.py"] : ["boot.py"]) {
    const vm = session.vm;
    // Read through the VM's own file system (the board's), as its imports are.
    const source = getLoader(vm.state)?.readText(name) ?? null;
    if (source === null) continue;
    let outcome: RunOutcome;
    try {
      const code = vm.compile(source, name, "exec");
      vm.setGlobal("__file__", name);
      outcome = await session.run(code);
    } catch (e) {
      outcome = session.reportException(e);
    }
    // A failed boot.py keeps main.py from running, as on a Pico. sys.exit() in a script skips
    // the rest too and the REPL comes up (a Pico soft-resets then, and runs them again).
    if (outcome.kind !== "done") return;
  }
}
