/**
 * The trace as a short text timeline, one line per event:
 *
 *     12.500 ms  GP25 1
 *     13.000 ms  I2C0 0x76 w[d0] r[60]
 */

import { hex, type TraceEvent } from "./trace.ts";

export function describeEvent(e: TraceEvent): string {
  switch (e.kind) {
    case "pin":
      return `GP${e.pin} ${e.value}`;
    case "pwm":
      return e.running
        ? `PWM GP${e.pin} ${e.freq} Hz duty ${(e.dutyU16 / 655.35).toFixed(1)}%`
        : `PWM GP${e.pin} off`;
    case "i2c": {
      const parts = [`${e.bus} 0x${e.addr.toString(16).padStart(2, "0")}`];
      if (e.write !== null) parts.push(`w[${hex(e.write)}]`);
      if (e.read !== null) parts.push(`r[${hex(e.read)}]`);
      if (!e.ack) parts.push("NACK");
      return parts.join(" ");
    }
    case "spi":
      return `${e.bus} out[${hex(e.out)}] in[${hex(e.in)}]`;
    case "uart":
      return `UART${e.bus} ${e.dir} ${JSON.stringify(new TextDecoder().decode(e.data))}`;
    case "adc":
      return `ADC${e.channel} ${e.value}`;
    case "note":
      return e.text;
  }
}

/** Formats events as lines "   time  what"; at most `max` lines (then a count of the rest). */
export function timeline(events: readonly TraceEvent[], max = Infinity): string {
  const lines: string[] = [];
  for (const e of events) {
    if (lines.length >= max) {
      lines.push(`... ${events.length - max} more`);
      break;
    }
    lines.push(`${(e.t / 1000).toFixed(3).padStart(10)} ms  ${describeEvent(e)}`);
  }
  return lines.join("\n") + (lines.length > 0 ? "\n" : "");
}
