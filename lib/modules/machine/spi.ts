/**
 * machine.SPI (the two hardware blocks) and machine.SoftSPI (any three pins): full-duplex
 * byte transfers with read, readinto, write and write_readinto. The hardware block rounds
 * the baud rate to what its prescalers reach, and the repr shows the rounded rate.
 */

import type { PyValue } from "../../objects/base.ts";
import { PyObject } from "../../objects/base.ts";
import { PyType } from "../../objects/type.ts";
import { native } from "../../objects/function.ts";
import {
  PyNotImplementedError,
  PyTypeError,
  PyValueError,
  raise,
} from "../../objects/exception.ts";
import { PyBytes } from "../../objects/bytes.ts";
import type { SpiConfig } from "../../../hal/hal.ts";
import { bindArgs, countOf, intOf, intOr } from "./args.ts";
import { andThen, hal, type MachineState, machineState } from "./board.ts";
import { gpioOf } from "./pin.ts";
import { readBuffer, writeBuffer } from "./buffers.ts";

export const spiType = new PyType("SPI", []);
export const softSpiType = new PyType("SoftSPI", []);

const MSB = 1;
const LSB = 0;

class PySPI extends PyObject {
  config: SpiConfig = { baudrate: 0, polarity: 0, phase: 0, bits: 8, sck: 0, mosi: 0, miso: 0 };
  handle = 0;
  constructor(readonly machine: MachineState, readonly id: number, type: PyType) {
    super(type);
  }
}

const FORMAT_PARAMS = [
  { name: "baudrate" },
  { name: "polarity", kwOnly: true },
  { name: "phase", kwOnly: true },
  { name: "bits", kwOnly: true },
  { name: "firstbit", kwOnly: true },
  { name: "sck", kwOnly: true },
  { name: "mosi", kwOnly: true },
  { name: "miso", kwOnly: true },
];

function configFrom(values: (PyValue | undefined)[], base: Partial<SpiConfig>): Partial<SpiConfig> {
  const [baudrate, polarity, phase, bits, firstbit, sck, mosi, miso] = values;
  const config: Partial<SpiConfig> = { ...base };
  if (baudrate !== undefined) config.baudrate = intOf(baudrate);
  if (polarity !== undefined) config.polarity = intOf(polarity) ? 1 : 0;
  if (phase !== undefined) config.phase = intOf(phase) ? 1 : 0;
  if (bits !== undefined) {
    config.bits = intOf(bits);
    if (config.bits !== 8) raise(PyValueError, "bits must be 8");
  }
  if (firstbit !== undefined && intOf(firstbit) === LSB) raise(PyNotImplementedError, "LSB");
  if (sck !== undefined && sck !== null) config.sck = gpioOf(sck);
  if (mosi !== undefined && mosi !== null) config.mosi = gpioOf(mosi);
  if (miso !== undefined && miso !== null) config.miso = gpioOf(miso);
  return config;
}

function init(bus: PySPI, config: Partial<SpiConfig>): PyValue {
  return hal(() => bus.machine.hal.spiInit(bus.id, config), (got) => {
    bus.config = got;
    bus.handle = (got as SpiConfig & { handle?: number }).handle ?? bus.id;
    return bus;
  });
}

spiType.newSlot = (_cls, args, kwnames) => {
  const values = bindArgs(args, kwnames, [{ name: "id", required: true }, ...FORMAT_PARAMS]);
  const id = intOf(values[0]);
  if (id < 0 || id > 1) raise(PyValueError, `SPI(${id}) doesn't exist`);
  const config = configFrom(values.slice(1), {});
  return init(new PySPI(machineState(), id, spiType), config);
};

softSpiType.newSlot = (_cls, args, kwnames) => {
  const values = bindArgs(args, kwnames, FORMAT_PARAMS);
  const config = configFrom(values, { baudrate: 500000 });
  return init(new PySPI(machineState(), -1, softSpiType), config);
};

spiType.reprSlot = (self: PySPI) => {
  const c = self.config;
  return `SPI(${self.id}, baudrate=${c.baudrate}, polarity=${c.polarity}, phase=${c.phase}, bits=${c.bits}, sck=${c.sck}, mosi=${c.mosi}, miso=${c.miso})`;
};

softSpiType.reprSlot = (self: PySPI) => {
  const c = self.config;
  return `SoftSPI(baudrate=${c.baudrate}, polarity=${c.polarity}, phase=${c.phase}, sck=${c.sck}, mosi=${c.mosi}, miso=${c.miso})`;
};

function busArg(v: PyValue): PySPI {
  if (!(v instanceof PySPI)) raise(PyTypeError, "expecting an SPI object");
  return v;
}

function exchange(bus: PySPI, out: Uint8Array, then: (back: Uint8Array) => PyValue): PyValue {
  return hal(() => bus.machine.hal.spiTransfer(bus.handle, out), then);
}

const methods: Record<string, ReturnType<typeof native>> = {
  init: native("init", 1, -1, (a, kw) => {
    const bus = busArg(a[0]);
    const values = bindArgs(a, kw, FORMAT_PARAMS.map((p) => ({ ...p, kwOnly: true })), 1);
    const r = init(bus, configFrom(values, bus.config));
    return andThen(r, () => null);
  }, true),
  deinit: native("deinit", 1, 1, () => null),
  read: native("read", 2, 3, (a) => {
    const bus = busArg(a[0]);
    const out = new Uint8Array(countOf(a[1])).fill(intOr(a[2], 0));
    return exchange(bus, out, (back) => new PyBytes(back));
  }),
  readinto: native("readinto", 2, 3, (a) => {
    const bus = busArg(a[0]);
    const buf = writeBuffer(a[1]);
    const out = new Uint8Array(buf.length).fill(intOr(a[2], 0));
    return exchange(bus, out, (back) => {
      buf.set(back);
      return null;
    });
  }),
  write: native("write", 2, 2, (a) => {
    const bus = busArg(a[0]);
    return exchange(bus, readBuffer(a[1]).slice(), () => null);
  }),
  write_readinto: native("write_readinto", 3, 3, (a) => {
    const bus = busArg(a[0]);
    const out = readBuffer(a[1]).slice();
    const buf = writeBuffer(a[2]);
    if (out.length !== buf.length) raise(PyValueError, "buffers must be the same length");
    return exchange(bus, out, (back) => {
      buf.set(back);
      return null;
    });
  }),
};

for (const type of [spiType, softSpiType]) {
  for (const [name, fn] of Object.entries(methods)) type.define(name, fn);
  type.define("MSB", MSB).define("LSB", LSB);
}
