/**
 * The WebREPL transport (hal/net/webrepl.ts) through a stand-in for a Pico W's WebREPL server:
 * a local WebSocket server that asks for the password the way MicroPython's does, then carries
 * the terminal as text frames to the real MicroPython of ../shared/board over TCP.
 */

import assert from "node:assert/strict";
import { connect, PortAccessError } from "../hal/board.ts";
import { withQemuBoard } from "./board_qemu.ts";

function webReplServer(boardAddress: string, password: string) {
  const [hostname, port] = boardAddress.split(":");
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const { socket, response } = Deno.upgradeWebSocket(request);
    let conn: Deno.TcpConn | null = null;
    let writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
    socket.onopen = () => socket.send("Password: ");
    socket.onmessage = async (event) => {
      if (typeof event.data !== "string") return; // binary frames: file transfer, not used here
      if (conn === null) {
        if (event.data !== `${password}\r`) {
          socket.send("\r\nAccess denied\r\n");
          socket.close();
          return;
        }
        conn = await Deno.connect({ hostname, port: Number(port) });
        writer = conn.writable.getWriter();
        socket.send("\r\nWebREPL connected\r\n>>> ");
        const decoder = new TextDecoder();
        (async () => {
          for await (const chunk of conn!.readable) {
            const text = decoder.decode(chunk, { stream: true });
            if (text.length > 0 && socket.readyState === WebSocket.OPEN) socket.send(text);
          }
        })().catch(() => {});
        return;
      }
      await writer!.write(new TextEncoder().encode(event.data));
    };
    socket.onclose = () => {
      try {
        conn?.close();
      } catch {
        // already closed
      }
    };
    return response;
  });
}

Deno.test("WebREPL transport: password handshake, then the board over a WebSocket", async (t) => {
  await withQemuBoard("tcp", async (address) => {
    const server = webReplServer(address, "s3cret");
    const url = `ws://127.0.0.1:${server.addr.port}/`;
    try {
      await t.step("the right password: exec and eval on the board", async () => {
        const board = await connect(url, { password: "s3cret" });
        try {
          assert.equal(await board.exec("print('over', 'webrepl')"), "over webrepl\n");
          assert.equal(await board.eval("6 * 7"), 42);
        } finally {
          await board.close();
        }
      });

      await t.step("a wrong password is refused with PortAccessError", async () => {
        const error = await connect(url, { password: "guess" }).catch((e) => e);
        assert.ok(error instanceof PortAccessError, String(error));
      });
    } finally {
      await server.shutdown();
    }
  });
});
