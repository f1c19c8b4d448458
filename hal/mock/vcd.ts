/**
 * The trace as a Value Change Dump (IEEE 1364 §18), for GTKWave or Surfer.
 *
 * Pins are 1-bit wires named GPn; a PWM output is a real-valued duty cycle (0..1) beside its
 * pin; each bus (I2C0, SPI1, UART0 tx...) is an 8-bit vector showing every byte it carried,
 * bytes of one transaction 100 ns apart (the mock's transfers take no time). Timescale 1 ns.
 */

import type { TraceEvent } from "./trace.ts";

const BYTE_SPACING_NS = 100;

interface Change {
  t: number;
  order: number;
  id: string;
  value: string;
}

/** Short VCD identifiers: printable ASCII 33..126, then two characters. */
function identifier(n: number): string {
  let s = "";
  do {
    s += String.fromCharCode(33 + (n % 94));
    n = Math.floor(n / 94);
  } while (n > 0);
  return s;
}

/** Before the first change: pins start low (reset pulls), buses unknown, analog values 0. */
function initialValue(decl: string): string {
  if (decl.startsWith("$var wire 1 ")) return "0";
  if (decl.startsWith("$var wire 8 ")) return "bxxxxxxxx ";
  return "r0 ";
}

function bits8(byte: number): string {
  return "b" + byte.toString(2).padStart(8, "0") + " ";
}

export function toVcd(events: readonly TraceEvent[], date = new Date(0)): string {
  const vars = new Map<string, { id: string; decl: string }>();
  const changes: Change[] = [];
  let order = 0;
  const variable = (name: string, kind: "wire1" | "byte" | "real") => {
    let v = vars.get(name);
    if (v === undefined) {
      const id = identifier(vars.size);
      const decl = kind === "wire1"
        ? `$var wire 1 ${id} ${name} $end`
        : kind === "byte"
        ? `$var wire 8 ${id} ${name} [7:0] $end`
        : `$var real 64 ${id} ${name} $end`;
      v = { id, decl };
      vars.set(name, v);
    }
    return v.id;
  };
  const change = (t: number, id: string, value: string) =>
    changes.push({ t: Math.round(t), order: order++, id, value });
  const bytes = (t: number, name: string, data: Uint8Array) => {
    const id = variable(name, "byte");
    for (let i = 0; i < data.length; i++) change(t + i * BYTE_SPACING_NS, id, bits8(data[i]));
  };

  for (const e of events) {
    const t = e.t * 1000;
    switch (e.kind) {
      case "pin":
        change(t, variable(`GP${e.pin}`, "wire1"), `${e.value ? 1 : 0}`);
        break;
      case "pwm":
        change(
          t,
          variable(`GP${e.pin}_pwm_duty`, "real"),
          `r${e.running ? e.dutyU16 / 65535 : 0} `,
        );
        break;
      case "i2c": {
        const rw = e.read !== null && e.write === null ? 1 : 0;
        const all = [(e.addr << 1) | rw, ...(e.write ?? []), ...(e.read ?? [])];
        bytes(t, e.bus, new Uint8Array(all));
        break;
      }
      case "spi":
        bytes(t, `${e.bus}_mosi`, e.out);
        bytes(t, `${e.bus}_miso`, e.in);
        break;
      case "uart":
        bytes(t, `UART${e.bus}_${e.dir}`, e.data);
        break;
      case "adc":
        change(t, variable(`ADC${e.channel}`, "real"), `r${e.value / 65535} `);
        break;
      case "note":
        break;
    }
  }
  changes.sort((a, b) => a.t - b.t || a.order - b.order);

  const out: string[] = [
    `$date ${date.toISOString()} $end`,
    "$version upy mock Pico $end",
    "$timescale 1ns $end",
    "$scope module pico $end",
    ...[...vars.values()].map((v) => v.decl),
    "$upscope $end",
    "$enddefinitions $end",
    "#0",
    "$dumpvars",
    ...[...vars.values()].map((v) => initialValue(v.decl) + v.id),
    "$end",
  ];
  let last = -1;
  for (const c of changes) {
    if (c.t !== last) {
      out.push(`#${c.t}`);
      last = c.t;
    }
    out.push(c.value + c.id);
  }
  return out.join("\n") + "\n";
}
