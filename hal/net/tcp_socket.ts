/**
 * TCP to a board through libc on Linux, for one socket option Deno's own TCP lacks:
 * TCP_QUICKACK. A board (QEMU's serial socket, lwIP on a Pico W) often writes its answer a few
 * bytes at a time with Nagle's algorithm on: after the first segment it waits for our ACK
 * before sending the rest, while Linux delays that ACK up to 40 ms when we have nothing to send.
 * Every raw REPL exchange then costs about 45 ms (22 round trips a second instead of ~2500).
 * Re-arming quick-ACK mode after each read makes the kernel acknowledge at once.
 *
 * The descriptor is read, written and closed by the serial port code (SerialPort.adopt): the
 * same non-blocking reads with a poll on a worker thread, the same vanished-peer errors.
 * Elsewhere (not Linux, a host name that is not IPv4) `connectTcp` uses Deno.connect.
 */

import { PortNotFoundError, type Transport, TransportError } from "../transport.ts";
import {
  acquireLibc,
  AF_INET,
  describeErrno,
  ECONNREFUSED,
  EINPROGRESS,
  IPPROTO_TCP,
  lastErrno,
  type Libc,
  POLLOUT,
  releaseLibc,
  SO_ERROR,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
  SOCK_STREAM,
  SOL_SOCKET,
  TCP_NODELAY,
  TCP_QUICKACK,
} from "../serial/libc.ts";
import { SerialPort } from "../serial/serial_port.ts";

/** Whether `host` is a dotted IPv4 address this transport can reach without a resolver. */
export function isIpv4(host: string): boolean {
  const parts = host.split(".");
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) < 256);
}

/** Connects to `host:port` (IPv4); rejects like connectTcp (refused, timed out). */
export async function connectQuickAckTcp(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<Transport> {
  const address = `${host}:${port}`;
  const libc = acquireLibc();
  const fd = libc.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    const reason = describeErrno(libc, lastErrno(libc));
    releaseLibc();
    throw new TransportError(`${address}: socket() failed (${reason})`, address);
  }
  try {
    setOption(libc, fd, IPPROTO_TCP, TCP_NODELAY, 1);
    await connectSocket(libc, fd, host, port, address, timeoutMs);
  } catch (error) {
    libc.close(fd);
    releaseLibc();
    throw error;
  }
  return SerialPort.adopt(
    fd,
    address,
    libc,
    () => setOption(libc, fd, IPPROTO_TCP, TCP_QUICKACK, 1),
  );
}

function setOption(libc: Libc, fd: number, level: number, name: number, value: number): void {
  libc.setsockopt(fd, level, name, new Uint8Array(new Int32Array([value]).buffer), 4);
}

async function connectSocket(
  libc: Libc,
  fd: number,
  host: string,
  port: number,
  address: string,
  timeoutMs: number,
): Promise<void> {
  // struct sockaddr_in: family (host order), port (network order), IPv4 address, padding.
  const sockaddr = new Uint8Array(16);
  const view = new DataView(sockaddr.buffer);
  view.setUint16(0, AF_INET, true);
  view.setUint16(2, port, false);
  sockaddr.set(host.split(".").map(Number), 4);
  if (libc.connect(fd, sockaddr, sockaddr.length) === 0) return;
  const errno = lastErrno(libc);
  if (errno !== EINPROGRESS) throw connectError(libc, address, errno);
  // Wait for the connection to finish (writable), then ask how it went.
  const fds = new Int32Array(2);
  const pollView = new DataView(fds.buffer);
  pollView.setInt32(0, fd, true);
  pollView.setInt16(4, POLLOUT, true);
  const ready = await libc.pollAsync(new Uint8Array(fds.buffer), 1n, timeoutMs);
  if (ready === 0) {
    throw new PortNotFoundError(address, `no answer within ${timeoutMs} ms (is the host up?)`);
  }
  const result = new Int32Array(1);
  libc.getsockopt(
    fd,
    SOL_SOCKET,
    SO_ERROR,
    new Uint8Array(result.buffer),
    new Uint8Array(new Uint32Array([4]).buffer),
  );
  if (result[0] !== 0) throw connectError(libc, address, result[0]);
}

function connectError(libc: Libc, address: string, errno: number): TransportError {
  if (errno === ECONNREFUSED) {
    return new PortNotFoundError(address, "connection refused (nothing listens there)");
  }
  return new PortNotFoundError(address, `cannot connect (${describeErrno(libc, errno)})`);
}
