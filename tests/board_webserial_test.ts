/**
 * The Web Serial transport (hal/webserial/) against a fake of the browser API that behaves as
 * the specification says where it matters here (open once, `readable`/`writable` only while
 * open, InvalidStateError on a second open, a NetworkError read when the device is lost) and
 * carries the bytes to the real MicroPython of ../shared/board over TCP.
 */

import assert from "node:assert/strict";
import { connect, PortBusyError, PortNotFoundError, PortVanishedError } from "../hal/board.ts";
import {
  openWebSerialPort,
  requestWebSerialPort,
  type WebSerial,
  type WebSerialOpenOptions,
  type WebSerialPort,
  type WebSerialSignals,
} from "../hal/webserial/webserial.ts";
import { withQemuBoard } from "./board_qemu.ts";

class FakeSerialPort implements WebSerialPort {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  signals: WebSerialSignals[] = [];
  opened: WebSerialOpenOptions | null = null;
  #conn: Deno.TcpConn | null = null;
  #lose: ((error: Error) => void) | null = null;

  constructor(readonly address: string) {}

  getInfo() {
    return { usbVendorId: 0x2e8a, usbProductId: 0x0005 };
  }

  async open(options: WebSerialOpenOptions): Promise<void> {
    if (this.#conn !== null) {
      throw new DOMException("The port is already open.", "InvalidStateError");
    }
    const [hostname, port] = this.address.split(":");
    const conn = await Deno.connect({ hostname, port: Number(port) });
    conn.setNoDelay(true);
    this.#conn = conn;
    this.opened = options;
    const source = conn.readable.getReader();
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#lose = (error) => controller.error(error);
      },
      async pull(controller) {
        const { value, done } = await source.read().catch(() => ({ value: undefined, done: true }));
        if (done) controller.close();
        else controller.enqueue(value!);
      },
    });
    this.writable = conn.writable;
  }

  setSignals(signals: WebSerialSignals): Promise<void> {
    this.signals.push(signals);
    return Promise.resolve();
  }

  /** The USB device goes away: the pending read fails with NetworkError, the streams are gone. */
  unplug(): void {
    this.#lose?.(new DOMException("The device has been lost.", "NetworkError"));
    this.readable = null;
    this.writable = null;
    try {
      this.#conn?.close();
    } catch {
      // already closed
    }
  }

  close(): Promise<void> {
    try {
      this.#conn?.close();
    } catch {
      // already closed
    }
    this.#conn = null;
    this.readable = null;
    this.writable = null;
    return Promise.resolve();
  }
}

Deno.test("Web Serial transport against a fake navigator.serial and the QEMU board", async (t) => {
  await withQemuBoard("tcp", async (address) => {
    await t.step("requestPort, open, exec and eval on the board", async () => {
      const fake = new FakeSerialPort(address);
      const serial: WebSerial = {
        requestPort: () => Promise.resolve(fake),
        getPorts: () => Promise.resolve([fake]),
      };
      const port = await requestWebSerialPort({ serial });
      const transport = await openWebSerialPort(port);
      assert.equal(transport.description, "webserial:2e8a:0005");
      assert.equal(fake.opened?.baudRate, 115200);
      assert.deepEqual(fake.signals, [{ dataTerminalReady: true, requestToSend: true }]);
      const board = await connect(transport);
      try {
        assert.equal(await board.exec("print(6*7)"), "42\n");
        assert.deepEqual(await board.eval("[1, 'two']"), [1, "two"]);
        const busy = await openWebSerialPort(port).catch((e) => e);
        assert.ok(busy instanceof PortBusyError, String(busy));
      } finally {
        await board.close();
      }
    });

    await t.step("no port chosen, no Web Serial: PortNotFoundError", async () => {
      const serial: WebSerial = {
        requestPort: () =>
          Promise.reject(new DOMException("No port selected by the user.", "NotFoundError")),
        getPorts: () => Promise.resolve([]),
      };
      const none = await requestWebSerialPort({ serial }).catch((e) => e);
      assert.ok(none instanceof PortNotFoundError);
      assert.match(none.message, /no port was selected/);
      const absent = await requestWebSerialPort().catch((e) => e); // Deno has no navigator.serial
      assert.ok(absent instanceof PortNotFoundError);
      assert.match(absent.message, /no Web Serial API/);
    });

    await t.step("the device unplugged mid-program: PortVanishedError, not a hang", async () => {
      const fake = new FakeSerialPort(address);
      const board = await connect(await openWebSerialPort(fake));
      try {
        let seen = "";
        const running = board.exec("print('up')\nwhile True:\n pass\n", {
          timeoutMs: 10000,
          onStdout: (bytes) => {
            seen += new TextDecoder().decode(bytes);
            if (seen.includes("up")) fake.unplug();
          },
        }).catch((e) => e);
        const error = await running;
        assert.ok(error instanceof PortVanishedError, String(error));
      } finally {
        await board.close();
      }
    });
  });
});
