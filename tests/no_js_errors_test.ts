/**
 * "No program ever shows a JS error": runs tests/fuzz/no_js_errors.py, which
 * calls every builtin, every method of many values and every operator over
 * odd argument combinations. A JS error inside a native escapes the VM (it is
 * not a Python exception), so it fails this test; Python-level messages with
 * JS wording are counted by the program itself.
 */

import { equal as assertEquals } from "node:assert/strict";
import { runUpy } from "./py_test.ts";

Deno.test("fuzz: builtins, methods and operators never leak a JS error", async () => {
  const path = new URL("./fuzz/no_js_errors.py", import.meta.url).pathname;
  const output = await runUpy(path);
  assertEquals(output, "calls True problems 0\n");
});
