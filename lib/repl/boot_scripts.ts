/**
 * What a board runs from its own files when it starts and after every soft reset, in
 * MicroPython's order: `boot.py`, then `main.py` when it comes up in the friendly REPL (a soft
 * reset from the raw REPL runs `boot.py` only, so host tools get a board that is not busy with
 * its main program). Only for a session that plays a board. Output and tracebacks go to the
 * line, the scripts run in `__main__` (their globals stay for the REPL), and a Ctrl-C stops one
 * (a Pico's endless main loop) and lets the REPL come up.
 */

import type { CodeObject } from "../compiler/bytecode.ts";
import { getLoader } from "../vm/import.ts";
import type { ReplSession } from "./session.ts";

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
    let code: CodeObject;
    try {
      code = vm.compile(source, name, "exec");
    } catch (e) {
      session.reportException(e);
      continue;
    }
    vm.setGlobal("__file__", name);
    const outcome = await session.run(code);
    // sys.exit() in a boot script: the rest are skipped and the REPL comes up.
    if (outcome.kind === "exit") return;
  }
}
