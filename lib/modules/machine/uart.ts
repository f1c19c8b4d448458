/**
 * machine.UART: the two hardware UARTs. Reads never block longer than the configured
 * `timeout` (ms, default 0: take what has arrived, None if nothing) and wait in board time,
 * running callbacks meanwhile; writes queue bytes that leave at the baud rate (txdone()).
 */

import type { PyValue } from "../../objects/base.ts";
import { PyObject } from "../../objects/base.ts";
import { PyType } from "../../objects/type.ts";
import { native } from "../../objects/function.ts";
import { PyTypeError, PyValueError, raise } from "../../objects/exception.ts";
import { PyBytes } from "../../objects/bytes.ts";
import type { UartConfig } from "../../../hal/hal.ts";
import { bindArgs, intOf, intOr } from "./args.ts";
import { andThen, hal, type MachineState, machineState } from "./board.ts";
import { gpioOf } from "./pin.ts";
import { readBuffer, writeBuffer } from "./buffers.ts";

export const uartType = new PyType("UART", []);

const IRQ_RXIDLE = 0x1000;
const IRQ_TXIDLE = 0x2000;
const IRQ_BREAK = 0x200;

class PyUART extends PyObject {
  config: UartConfig | null = null;
  irqTrigger = 0;
  constructor(readonly machine: MachineState, readonly id: number) {
    super(uartType);
  }
}

const UART_PARAMS = [
  { name: "baudrate" },
  { name: "bits" },
  { name: "parity" },
  { name: "stop" },
  { name: "tx", kwOnly: true },
  { name: "rx", kwOnly: true },
  { name: "cts", kwOnly: true },
  { name: "rts", kwOnly: true },
  { name: "txbuf", kwOnly: true },
  { name: "rxbuf", kwOnly: true },
  { name: "timeout", kwOnly: true },
  { name: "timeout_char", kwOnly: true },
  { name: "invert", kwOnly: true },
  { name: "flow", kwOnly: true },
];

function initUart(uart: PyUART, values: (PyValue | undefined)[]): PyValue {
  const [baudrate, bits, parity, stop, tx, rx, , , txbuf, rxbuf, timeout, timeoutChar] = values;
  const config: Partial<UartConfig> = {};
  if (baudrate !== undefined) config.baudrate = intOf(baudrate);
  if (bits !== undefined) config.bits = intOf(bits);
  if (parity !== undefined) {
    config.parity = parity === null ? null : intOf(parity) & 1;
  }
  if (stop !== undefined) config.stop = intOf(stop);
  if (tx !== undefined && tx !== null) config.tx = gpioOf(tx);
  if (rx !== undefined && rx !== null) config.rx = gpioOf(rx);
  if (txbuf !== undefined) config.txbuf = intOf(txbuf);
  if (rxbuf !== undefined) config.rxbuf = intOf(rxbuf);
  if (timeout !== undefined) config.timeout = intOf(timeout);
  if (timeoutChar !== undefined) config.timeoutChar = intOf(timeoutChar);
  return hal(() => uart.machine.hal.uartInit(uart.id, config), (got) => {
    uart.config = got;
    return uart;
  });
}

uartType.newSlot = (_cls, args, kwnames) => {
  const values = bindArgs(args, kwnames, [{ name: "id", required: true }, ...UART_PARAMS]);
  const id = intOf(values[0]);
  if (id < 0 || id > 1) raise(PyValueError, `UART(${id}) doesn't exist`);
  return initUart(new PyUART(machineState(), id), values.slice(1));
};

uartType.reprSlot = (self: PyUART) => {
  const c = self.config;
  if (c === null) return `UART(${self.id})`;
  const parity = c.parity === null ? "None" : String(c.parity);
  const charMs = Math.max(1, Math.ceil(((2 + c.bits + c.stop) * 1000) / c.baudrate));
  return `UART(${self.id}, baudrate=${c.baudrate}, bits=${c.bits}, parity=${parity}, stop=${c.stop}, tx=${c.tx}, rx=${c.rx}, txbuf=${c.txbuf}, rxbuf=${c.rxbuf}, timeout=${c.timeout}, timeout_char=${
    Math.max(c.timeoutChar, charMs)
  }, invert=None, irq=${self.irqTrigger === 0 ? "0" : "0x" + self.irqTrigger.toString(16)})`;
};

function uartArg(v: PyValue): PyUART & { config: UartConfig } {
  if (!(v instanceof PyUART)) raise(PyTypeError, "expecting a UART");
  if (v.config === null) raise(PyValueError, "UART not initialised");
  return v as PyUART & { config: UartConfig };
}

/** Waits up to the UART's timeout for `ready()`, then continues with `then`. */
function whenReady(
  uart: PyUART & { config: UartConfig },
  ready: () => boolean,
  then: () => PyValue,
) {
  if (ready() || uart.config.timeout <= 0) return then();
  const machine = uart.machine;
  const waited = machine.waitUntil(machine.clock.nowUs() + uart.config.timeout * 1000, ready);
  return andThen(waited, then);
}

/** Bytes waiting (up to the first `until` byte); a board that answers later counts as 0. */
function available(uart: PyUART, until?: number): number {
  const n = uart.machine.hal.uartAny(uart.id, until);
  return typeof n === "number" ? n : 0;
}

const ALL = 1 << 30;
const NEWLINE = 0x0a;

function bytesOrNone(data: Uint8Array): PyValue {
  return data.length === 0 ? null : new PyBytes(data);
}

function take(uart: PyUART, max: number, then: (data: Uint8Array) => PyValue): PyValue {
  return hal(() => uart.machine.hal.uartRead(uart.id, max), then);
}

uartType
  .define(
    "init",
    native("init", 1, -1, (a, kw) => {
      if (!(a[0] instanceof PyUART)) raise(PyTypeError, "expecting a UART");
      const r = initUart(a[0], bindArgs(a, kw, UART_PARAMS, 1));
      return andThen(r, () => null);
    }, true),
  )
  .define(
    "deinit",
    native("deinit", 1, 1, (a) => {
      const uart = uartArg(a[0]);
      return hal(() => uart.machine.hal.uartDeinit(uart.id), () => {
        uart.config = null as unknown as UartConfig;
        return null;
      });
    }),
  )
  .define(
    "any",
    native("any", 1, 1, (a) => {
      const uart = uartArg(a[0]);
      return hal(() => uart.machine.hal.uartAny(uart.id), (n) => n);
    }),
  )
  .define(
    "read",
    native("read", 1, 2, (a) => {
      const uart = uartArg(a[0]);
      const want = a.length > 1 && a[1] !== null ? intOf(a[1]) : ALL;
      const ready = () => available(uart) >= (want === ALL ? 1 : want);
      return whenReady(uart, ready, () => take(uart, want, bytesOrNone));
    }),
  )
  .define(
    "readinto",
    native("readinto", 2, 3, (a) => {
      const uart = uartArg(a[0]);
      const buf = writeBuffer(a[1]);
      const want = Math.min(buf.length, intOr(a[2], buf.length));
      return whenReady(uart, () => available(uart) >= want, () =>
        take(uart, want, (data) => {
          if (data.length === 0) return null;
          buf.set(data);
          return data.length;
        }));
    }),
  )
  .define(
    "readline",
    native("readline", 1, 1, (a) => {
      const uart = uartArg(a[0]);
      // The line's length is asked for again once ready: a board that answers later (over
      // the link) must not make readline take everything received.
      return whenReady(uart, () => available(uart, NEWLINE) > 0, () =>
        hal(
          () => uart.machine.hal.uartAny(uart.id, NEWLINE),
          (line) => take(uart, line > 0 ? line : ALL, bytesOrNone),
        ));
    }),
  )
  .define(
    "write",
    native("write", 2, 2, (a) => {
      const uart = uartArg(a[0]);
      const data = readBuffer(a[1]).slice();
      uart.machine.hal.uartWrite(uart.id, data);
      return data.length;
    }),
  )
  .define(
    "flush",
    native("flush", 1, 1, (a) => {
      const uart = uartArg(a[0]);
      const machine = uart.machine;
      const done = () => machine.hal.uartTxDone(uart.id) === true;
      // Waits until the last byte has left, however long the queue (bounded by its size).
      const waited = machine.waitUntil(machine.clock.nowUs() + 10_000_000, done);
      return andThen(waited, () => null);
    }),
  )
  .define(
    "txdone",
    native("txdone", 1, 1, (a) => {
      const uart = uartArg(a[0]);
      return hal(() => uart.machine.hal.uartTxDone(uart.id), (done) => done);
    }),
  )
  .define(
    "sendbreak",
    native("sendbreak", 1, 1, (a) => {
      uartArg(a[0]);
      return null;
    }),
  )
  .define(
    "irq",
    native("irq", 1, -1, (a, kw) => {
      const uart = uartArg(a[0]);
      const [handler, trigger] = bindArgs(a, kw, [
        { name: "handler" },
        { name: "trigger" },
        { name: "hard" },
      ], 1);
      const fn = handler ?? null;
      uart.irqTrigger = fn === null ? 0 : intOr(trigger, IRQ_RXIDLE);
      const machine = uart.machine;
      const listener = fn === null ? null : () => machine.schedule(fn, uart);
      return hal(() => machine.hal.uartIrq(uart.id, listener), () => null);
    }, true),
  )
  .define("INV_TX", 1)
  .define("INV_RX", 2)
  .define("RTS", 1)
  .define("CTS", 2)
  .define("IRQ_RXIDLE", IRQ_RXIDLE)
  .define("IRQ_TXIDLE", IRQ_TXIDLE)
  .define("IRQ_BREAK", IRQ_BREAK);
