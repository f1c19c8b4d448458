/**
 * machine.I2C (the two hardware blocks) and machine.SoftI2C (any two pins), with the methods
 * of MicroPython's extmod I2C: scan, readfrom/readfrom_into/writeto/writevto, the memory
 * helpers, and for SoftI2C the primitive start/stop/readinto/write.
 *
 * Errors as on the rp2 port: a hardware NACK is OSError EIO, a stalled bus ETIMEDOUT; the
 * software bus reports an address NACK as ENODEV and a data NACK as a short ACK count.
 */

import type { PyValue } from "../../objects/base.ts";
import { PyObject } from "../../objects/base.ts";
import { PyType } from "../../objects/type.ts";
import { native } from "../../objects/function.ts";
import {
  PyBaseException,
  PyOSError,
  PyTypeError,
  PyValueError,
  raise,
  raiseOSError,
} from "../../objects/exception.ts";
import { PyBytes } from "../../objects/bytes.ts";
import { isTruthy, toArray } from "../../objects/ops.ts";
import { PyList } from "../../objects/list.ts";
import { HalError, type I2cConfig, type I2cSegment } from "../../../hal/hal.ts";
import { ERRNO } from "../errno_table.ts";
import { bindArgs, countOf, intOf, intOr } from "./args.ts";
import { andThen, hal, type MachineState, machineState, pythonError } from "./board.ts";
import { gpioOf } from "./pin.ts";
import { readBuffer, writeBuffer } from "./buffers.ts";

export const i2cType = new PyType("I2C", []);
export const softI2cType = new PyType("SoftI2C", []);

/** A SoftI2C transaction being built by the primitive operations. */
interface Session {
  addr: number | null;
  writes: number[];
}

class PyI2C extends PyObject {
  config: I2cConfig = { freq: 0, scl: 0, sda: 0, timeout: 0 };
  handle = 0;
  session: Session | null = null;
  constructor(readonly machine: MachineState, readonly id: number, type: PyType) {
    super(type);
  }
  get soft(): boolean {
    return this.id < 0;
  }
}

function busArg(v: PyValue): PyI2C {
  if (!(v instanceof PyI2C)) raise(PyTypeError, "expecting an I2C object");
  return v;
}

/** A transfer with this bus's error mapping. */
function transfer(
  bus: PyI2C,
  addr: number,
  segments: I2cSegment[],
  stop: boolean,
  then: (reads: Uint8Array[]) => PyValue,
): PyValue {
  const mapError = (e: unknown): never => {
    if (bus.soft && e instanceof HalError && e.kind === "io") {
      throw new PyBaseException(PyOSError, [ERRNO.ENODEV]);
    }
    throw pythonError(e);
  };
  let answer;
  try {
    answer = bus.machine.hal.i2cTransfer(bus.handle, addr, segments, stop);
  } catch (e) {
    mapError(e);
  }
  return andThen(answer!, then, mapError);
}

function memAddress(memaddr: number, addrsize: number): Uint8Array {
  if (addrsize < 8 || addrsize > 32 || addrsize % 8 !== 0) raise(PyValueError, "invalid addrsize");
  const out = new Uint8Array(addrsize / 8);
  for (let i = out.length - 1; i >= 0; i--) {
    out[i] = memaddr & 0xff;
    memaddr = Math.floor(memaddr / 256);
  }
  return out;
}

function init(bus: PyI2C, config: Partial<I2cConfig>): PyValue {
  return hal(() => bus.machine.hal.i2cInit(bus.id, config), (got) => {
    bus.config = got;
    bus.handle = (got as I2cConfig & { handle?: number }).handle ?? bus.id;
    return bus;
  });
}

i2cType.newSlot = (_cls, args, kwnames) => {
  const [id, freq, scl, sda, timeout] = bindArgs(args, kwnames, [
    { name: "id" },
    { name: "freq" },
    { name: "scl", kwOnly: true },
    { name: "sda", kwOnly: true },
    { name: "timeout", kwOnly: true },
  ]);
  const busId = intOr(id, 0);
  const config: Partial<I2cConfig> = { freq: intOr(freq, 400000), timeout: intOr(timeout, 50000) };
  if (scl !== undefined && scl !== null) config.scl = gpioOf(scl);
  if (sda !== undefined && sda !== null) config.sda = gpioOf(sda);
  if (busId < 0 || busId > 1) raise(PyValueError, `I2C(${busId}) doesn't exist`);
  return init(new PyI2C(machineState(), busId, i2cType), config);
};

softI2cType.newSlot = (_cls, args, kwnames) => {
  const [scl, sda, freq, timeout] = bindArgs(args, kwnames, [
    { name: "scl", required: true },
    { name: "sda", required: true },
    { name: "freq", kwOnly: true },
    { name: "timeout", kwOnly: true },
  ]);
  const config = {
    scl: gpioOf(scl),
    sda: gpioOf(sda),
    freq: intOr(freq, 400000),
    timeout: intOr(timeout, 50000),
  };
  if (config.freq <= 0) raise(PyValueError, "freq must be positive");
  return init(new PyI2C(machineState(), -1, softI2cType), config);
};

i2cType.reprSlot = (self: PyI2C) => {
  const c = self.config;
  return `I2C(${self.id}, freq=${c.freq}, scl=${c.scl}, sda=${c.sda}, timeout=${c.timeout})`;
};

softI2cType.reprSlot = (self: PyI2C) => {
  // The software bus waits whole microseconds per half clock, so that is what freq can be.
  const delay = Math.max(1, Math.floor(500000 / self.config.freq));
  return `SoftI2C(scl=${self.config.scl}, sda=${self.config.sda}, freq=${
    Math.floor(500000 / delay)
  })`;
};

function stopArg(v: PyValue | undefined): boolean {
  return v === undefined ? true : isTruthy(v);
}

const methods: Record<string, ReturnType<typeof native>> = {
  init: native("init", 1, -1, (a, kw) => {
    const bus = busArg(a[0]);
    const [freq, scl, sda, timeout] = bindArgs(a, kw, [
      { name: "freq", kwOnly: true },
      { name: "scl", kwOnly: true },
      { name: "sda", kwOnly: true },
      { name: "timeout", kwOnly: true },
    ], 1);
    const config: Partial<I2cConfig> = { ...bus.config, freq: intOr(freq, bus.config.freq) };
    config.timeout = intOr(timeout, bus.config.timeout);
    if (scl !== undefined) config.scl = gpioOf(scl);
    if (sda !== undefined) config.sda = gpioOf(sda);
    const r = init(bus, config);
    return andThen(r, () => null);
  }, true),
  scan: native("scan", 1, 1, (a) => {
    const bus = busArg(a[0]);
    return hal(() => bus.machine.hal.i2cScan(bus.handle), (found) => new PyList(found));
  }),
  readfrom: native("readfrom", 3, 4, (a) => {
    const bus = busArg(a[0]);
    return transfer(
      bus,
      intOf(a[1]),
      [{ read: countOf(a[2]) }],
      stopArg(a[3]),
      (r) => new PyBytes(r[0]),
    );
  }),
  readfrom_into: native("readfrom_into", 3, 4, (a) => {
    const bus = busArg(a[0]);
    const buf = writeBuffer(a[2]);
    return transfer(bus, intOf(a[1]), [{ read: buf.length }], stopArg(a[3]), (r) => {
      buf.set(r[0]);
      return null;
    });
  }),
  writeto: native("writeto", 3, 4, (a) => {
    const bus = busArg(a[0]);
    const data = readBuffer(a[2]).slice();
    return transfer(bus, intOf(a[1]), [{ write: data }], stopArg(a[3]), () => data.length);
  }),
  writevto: native("writevto", 3, 4, (a) => {
    const bus = busArg(a[0]);
    const parts = toArray(a[2]).map(readBuffer);
    const total = parts.reduce((n, p) => n + p.length, 0);
    const data = new Uint8Array(total);
    let offset = 0;
    for (const p of parts) {
      data.set(p, offset);
      offset += p.length;
    }
    return transfer(bus, intOf(a[1]), [{ write: data }], stopArg(a[3]), () => total);
  }),
  readfrom_mem: native("readfrom_mem", 4, 4, (a, kw) => {
    const bus = busArg(a[0]);
    const [addr, memaddr, nbytes, addrsize] = memArgs(a, kw, "nbytes");
    const segments = [{ write: memAddress(memaddr, addrsize) }, { read: countOf(nbytes) }];
    return transfer(bus, addr, segments, true, (r) => new PyBytes(r[0]));
  }, true),
  readfrom_mem_into: native("readfrom_mem_into", 4, 4, (a, kw) => {
    const bus = busArg(a[0]);
    const [addr, memaddr, target, addrsize] = memArgs(a, kw, "buf");
    const buf = writeBuffer(target);
    const segments = [{ write: memAddress(memaddr, addrsize) }, { read: buf.length }];
    return transfer(bus, addr, segments, true, (r) => {
      buf.set(r[0]);
      return null;
    });
  }, true),
  writeto_mem: native("writeto_mem", 4, 4, (a, kw) => {
    const bus = busArg(a[0]);
    const [addr, memaddr, source, addrsize] = memArgs(a, kw, "buf");
    const head = memAddress(memaddr, addrsize);
    const body = readBuffer(source);
    const data = new Uint8Array(head.length + body.length);
    data.set(head);
    data.set(body, head.length);
    return transfer(bus, addr, [{ write: data }], true, () => null);
  }, true),
  // The primitive operations: only the software bus can be driven a condition at a time.
  start: native("start", 1, 1, (a) => {
    const bus = primitiveBus(a[0]);
    const flushed = flush(bus, false);
    bus.session = { addr: null, writes: [] };
    return flushed;
  }),
  stop: native("stop", 1, 1, (a) => {
    const bus = primitiveBus(a[0]);
    const flushed = flush(bus, true);
    bus.session = null;
    return flushed;
  }),
  write: native("write", 2, 2, (a) => {
    const bus = primitiveBus(a[0]);
    const data = readBuffer(a[1]);
    const session = bus.session ?? (bus.session = { addr: null, writes: [] });
    const queue = (bytes: Uint8Array) => {
      session.writes.push(...bytes);
      return bytes.length;
    };
    if (session.addr !== null || data.length === 0) return queue(data);
    // The address byte: probe it now, so a missing device is a NACK here, as on the wire.
    const address = data[0];
    session.addr = address;
    return hal(
      () => bus.machine.hal.i2cScan(bus.handle),
      (present) => present.includes(address >> 1) ? 1 + queue(data.subarray(1)) : 0,
    );
  }),
  readinto: native("readinto", 2, 3, (a) => {
    const bus = primitiveBus(a[0]);
    const buf = writeBuffer(a[1]);
    const session = bus.session;
    if (session === null || session.addr === null) raiseOSError(ERRNO.EIO);
    return transfer(bus, session.addr >> 1, [{ read: buf.length }], false, (r) => {
      buf.set(r[0]);
      return null;
    });
  }),
};

function memArgs(
  a: PyValue[],
  kw: string[] | null,
  third: string,
): [number, number, PyValue, number] {
  const [addr, memaddr, value, addrsize] = bindArgs(a, kw, [
    { name: "addr", required: true },
    { name: "memaddr", required: true },
    { name: third, required: true },
    { name: "addrsize", kwOnly: true },
  ], 1);
  return [intOf(addr), intOf(memaddr), value, intOr(addrsize, 8)];
}

function primitiveBus(v: PyValue): PyI2C {
  const bus = busArg(v);
  if (!bus.soft) raise(PyOSError, "I2C operation not supported");
  return bus;
}

/** Sends the bytes written since start() as one message (write direction only). */
function flush(bus: PyI2C, stop: boolean): PyValue {
  const session = bus.session;
  if (session === null || session.addr === null || (session.addr & 1) === 1) return null;
  if (session.writes.length === 0) return null;
  const data = new Uint8Array(session.writes);
  session.writes = [];
  return transfer(bus, session.addr >> 1, [{ write: data }], stop, () => null);
}

for (const type of [i2cType, softI2cType]) {
  for (const [name, fn] of Object.entries(methods)) type.define(name, fn);
}
