/**
 * An edge function that runs the Python snippets its users send, each in a
 * fresh sandbox: no files, no network, no environment, no `js`, and limits on
 * time, instructions, memory, output and recursion. A snippet that hits a
 * limit gets a clear error and cannot catch it; the server goes on serving.
 *
 *   PORT=8000 deno run --allow-net --allow-env examples/edge/server.ts
 *   curl -s localhost:8000/run --data-binary 'print(sum(range(10)))'
 *   -> {"stdout":"45\n","stderr":"","error":null,"usage":{...}}
 *
 * POST /run takes the source as the body (or JSON {"source": "...", "stdin": "..."}).
 * GET /health reports the process's memory (after a GC when --v8-flags=--expose-gc).
 *
 * A run holds the event loop while Python computes (JS is single-threaded), so
 * the time limit is also the longest stall another request can see.
 */

import { type Limits, type Usage, VM } from "../../mod.ts";

/** The limits of one request's run. */
export const REQUEST_LIMITS: Limits = {
  timeoutMs: 1_000,
  instructions: 20_000_000,
  memoryBytes: 32 * 1024 * 1024,
  outputChars: 1024 * 1024,
  recursionDepth: 200,
};

const MAX_SOURCE_BYTES = 64 * 1024;

export interface RunResponse {
  stdout: string;
  stderr: string;
  error: null | { type: string; message: string; traceback: string; limit?: string };
  usage: Usage;
}

/** Runs one snippet in a fresh sandbox and reports what happened. */
export async function runSnippet(source: string, stdin = ""): Promise<RunResponse> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  await using vm = new VM({
    sandbox: true,
    limits: REQUEST_LIMITS,
    stdin,
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
  });
  let error: RunResponse["error"] = null;
  try {
    await vm.exec(source, { filename: "<snippet>" });
  } catch (e) {
    const python = e as { pythonType?: string; pythonMessage?: string; traceback?: string };
    if (python.pythonType === undefined) throw e;
    error = {
      type: python.pythonType,
      message: python.pythonMessage ?? "",
      traceback: python.traceback ?? "",
    };
    const limit = (e as { limit?: string }).limit;
    if (limit !== undefined) error.limit = limit;
  }
  return { stdout: stdout.join(""), stderr: stderr.join(""), error, usage: vm.usage };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

/** Reads the request's snippet: the raw body, or JSON {source, stdin}. */
async function readSnippet(
  request: Request,
): Promise<{ source: string; stdin: string } | Response> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_SOURCE_BYTES) return json({ error: "source too large" }, 413);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > MAX_SOURCE_BYTES) return json({ error: "source too large" }, 413);
  const text = new TextDecoder().decode(bytes);
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    return { source: text, stdin: "" };
  }
  try {
    const body = JSON.parse(text);
    if (typeof body?.source !== "string") throw new Error();
    return { source: body.source, stdin: typeof body.stdin === "string" ? body.stdin : "" };
  } catch {
    return json({ error: 'expected JSON {"source": "..."}' }, 400);
  }
}

/** The server's request handler. */
export async function handler(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === "/run") {
    if (request.method !== "POST") return json({ error: "use POST" }, 405);
    const snippet = await readSnippet(request);
    if (snippet instanceof Response) return snippet;
    try {
      return json(await runSnippet(snippet.source, snippet.stdin));
    } catch (e) {
      // Not a Python error: a bug of upy's; say so without the details.
      console.error(e);
      return json({ error: "internal error" }, 500);
    }
  }
  if (url.pathname === "/health") {
    (globalThis as { gc?: () => void }).gc?.();
    const memory = Deno.memoryUsage();
    return json({ ok: true, heapUsed: memory.heapUsed, rss: memory.rss });
  }
  return json({ error: "not found" }, 404);
}

if (import.meta.main) {
  const port = Number(Deno.env.get("PORT") ?? "8000");
  const hostname = Deno.env.get("HOST") ?? "127.0.0.1";
  Deno.serve({
    port,
    hostname,
    onListen: ({ hostname, port }) => console.log(`listening on http://${hostname}:${port}/`),
  }, handler);
}
