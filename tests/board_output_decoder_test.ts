/** Board output that arrives in pieces decodes as if it had come whole (the pico CLI's `run`). */

import assert from "node:assert/strict";
import { decodeOutput, OutputDecoder } from "../hal/remote/raw_repl.ts";

const sample = new TextEncoder().encode("count 0\r\ncount 1\r\nπ ≈ 3.14\r\nend\r");

Deno.test("output split at every place decodes like the whole", () => {
  const whole = decodeOutput(sample) + "";
  for (let cut = 0; cut <= sample.length; cut++) {
    for (let second = cut; second <= sample.length; second++) {
      const decoder = new OutputDecoder();
      const text = decoder.decode(sample.subarray(0, cut)) +
        decoder.decode(sample.subarray(cut, second)) +
        decoder.decode(sample.subarray(second)) + decoder.flush();
      assert.equal(text, whole, `cut at ${cut} and ${second}`);
    }
  }
});
