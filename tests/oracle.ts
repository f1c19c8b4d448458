/**
 * The reference interpreter: MicroPython's WebAssembly port from npm, used to
 * learn MicroPython's exact output (tests/make_expected.ts) and as the
 * comparison engine in bench/run.ts.
 *
 *   deno run -A tests/oracle.ts file.py      # prints the output; exit 1 on an exception
 *   deno run -A tests/oracle.ts -c "code"
 */

import { loadMicroPython } from "micropython-wasm";

export interface ReferenceResult {
  output: string;
  exitCode: number;
}

/** Runs `source` on a fresh MicroPython (wasm) instance; stdout and stderr merged. */
export async function runReference(
  source: string,
  options: { filename?: string } = {},
): Promise<ReferenceResult> {
  let output = "";
  const write = (line: string) => (output += line + "\n");
  const mp = await loadMicroPython({ stdout: write, stderr: write, linebuffer: true });
  try {
    mp.runPython(source);
    return { output, exitCode: 0 };
  } catch (e) {
    let message = (e as Error).message ?? String(e);
    if (options.filename) {
      message = message.replaceAll('File "<stdin>"', `File "${options.filename}"`);
    }
    output += message.endsWith("\n") ? message : message + "\n";
    return { output, exitCode: 1 };
  }
}

if (import.meta.main) {
  const args = Deno.args;
  let source: string;
  let filename = "<stdin>";
  if (args[0] === "-c") source = args[1] ?? "";
  else {
    filename = args[0];
    source = Deno.readTextFileSync(filename);
  }
  // Stream output as it comes (benchmarks print at the end, so buffering is fine here).
  const result = await runReference(source, { filename });
  await Deno.stdout.write(new TextEncoder().encode(result.output));
  Deno.exit(result.exitCode);
}
