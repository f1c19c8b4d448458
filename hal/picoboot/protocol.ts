/**
 * The PICOBOOT wire format: the vendor interface the RP2040 and RP2350 boot ROMs expose next to
 * their mass-storage drive (RP2040 datasheet §2.8.5, RP2350 datasheet §5.6).
 *
 * A command is a 32-byte packet on the bulk OUT endpoint:
 * ```
 *  0  u32 dMagic           0x431FD10B
 *  4  u32 dToken           chosen by the host, echoed in the status
 *  8  u8  bCmdId           bit 7 set: the data phase is IN (device to host)
 *  9  u8  bCmdSize         bytes of args used
 * 10  u16 reserved         0
 * 12  u32 dTransferLength  bytes in the data phase (0: none)
 * 16  u8  args[16]
 * ```
 * then `dTransferLength` bytes in the command's direction, then a zero-length packet in the other
 * direction to acknowledge. A command the device rejects stalls the endpoint; the host asks why
 * with the GET_COMMAND_STATUS control request and clears the stall with the RESET request.
 *
 * Both ends are encoded and decoded here, so the fake boot ROM in the tests parses exactly the
 * bytes the flasher sends.
 */

export const PICOBOOT_MAGIC = 0x431fd10b;
export const COMMAND_SIZE = 32;

/** Command IDs (bit 7 = IN data phase). */
export const PC_EXCLUSIVE_ACCESS = 0x01;
export const PC_REBOOT = 0x02;
export const PC_FLASH_ERASE = 0x03;
export const PC_READ = 0x84;
export const PC_WRITE = 0x05;
export const PC_EXIT_XIP = 0x06;
export const PC_ENTER_CMD_XIP = 0x07;
export const PC_EXEC = 0x08;
export const PC_VECTORIZE_FLASH = 0x09;
/** RP2350 only: reboot with flags (the RP2350 ROM has no PC_REBOOT). */
export const PC_REBOOT2 = 0x0a;

export const COMMAND_NAMES: Record<number, string> = {
  [PC_EXCLUSIVE_ACCESS]: "EXCLUSIVE_ACCESS",
  [PC_REBOOT]: "REBOOT",
  [PC_FLASH_ERASE]: "FLASH_ERASE",
  [PC_READ]: "READ",
  [PC_WRITE]: "WRITE",
  [PC_EXIT_XIP]: "EXIT_XIP",
  [PC_ENTER_CMD_XIP]: "ENTER_CMD_XIP",
  [PC_EXEC]: "EXEC",
  [PC_VECTORIZE_FLASH]: "VECTORIZE_FLASH",
  [PC_REBOOT2]: "REBOOT2",
};

/** Argument bytes each command takes (bCmdSize). */
export const COMMAND_ARG_SIZES: Record<number, number> = {
  [PC_EXCLUSIVE_ACCESS]: 1,
  [PC_REBOOT]: 12,
  [PC_FLASH_ERASE]: 8,
  [PC_READ]: 8,
  [PC_WRITE]: 8,
  [PC_EXIT_XIP]: 0,
  [PC_ENTER_CMD_XIP]: 0,
  [PC_EXEC]: 4,
  [PC_VECTORIZE_FLASH]: 4,
  [PC_REBOOT2]: 16,
};

/** bExclusive values of EXCLUSIVE_ACCESS. */
export const NOT_EXCLUSIVE = 0;
export const EXCLUSIVE = 1;
/** Exclusive, and the mass-storage drive is ejected from the host. */
export const EXCLUSIVE_AND_EJECT = 2;

/** Control requests to the PICOBOOT interface, sent as vendor requests addressed to it. */
export const PICOBOOT_IF_RESET = 0x41;
export const PICOBOOT_IF_CMD_STATUS = 0x42;
/** bmRequestType for RESET (OUT) and GET_COMMAND_STATUS (IN): vendor request to an interface. */
export const REQUEST_TYPE_OUT = 0x41;
export const REQUEST_TYPE_IN = 0xc1;
export const STATUS_SIZE = 16;

/** Status codes from GET_COMMAND_STATUS. */
export const STATUS_NAMES: readonly string[] = [
  "OK",
  "UNKNOWN_CMD",
  "INVALID_CMD_LENGTH",
  "INVALID_TRANSFER_LENGTH",
  "INVALID_ADDRESS",
  "BAD_ALIGNMENT",
  "INTERLEAVED_WRITE",
  "REBOOTING",
  "UNKNOWN_ERROR",
  "INVALID_STATE",
  "NOT_PERMITTED",
  "INVALID_ARG",
  "BUFFER_TOO_SMALL",
  "PRECONDITION_NOT_MET",
  "MODIFIED_DATA",
  "INVALID_DATA",
  "NOT_FOUND",
  "UNSUPPORTED_MODIFICATION",
];
export const STATUS_OK = 0;
export const STATUS_UNKNOWN_CMD = 1;
export const STATUS_INVALID_CMD_LENGTH = 2;
export const STATUS_INVALID_TRANSFER_LENGTH = 3;
export const STATUS_INVALID_ADDRESS = 4;
export const STATUS_BAD_ALIGNMENT = 5;
export const STATUS_INVALID_STATE = 9;

/** A decoded command packet. */
export interface PicobootCommand {
  readonly token: number;
  readonly id: number;
  readonly argSize: number;
  readonly transferLength: number;
  /** The 16 argument bytes. */
  readonly args: Uint8Array;
}

/** The 32 bytes of a command. `args` are little-endian u32 words, or raw bytes for EXCLUSIVE_ACCESS. */
export function encodeCommand(
  token: number,
  id: number,
  transferLength: number,
  args: Uint8Array,
): Uint8Array {
  const packet = new Uint8Array(COMMAND_SIZE);
  const view = new DataView(packet.buffer);
  view.setUint32(0, PICOBOOT_MAGIC, true);
  view.setUint32(4, token >>> 0, true);
  packet[8] = id;
  packet[9] = COMMAND_ARG_SIZES[id] ?? args.length;
  view.setUint32(12, transferLength, true);
  packet.set(args.subarray(0, 16), 16);
  return packet;
}

/** Little-endian u32 words as argument bytes. */
export function wordArgs(...words: number[]): Uint8Array {
  const args = new Uint8Array(words.length * 4);
  const view = new DataView(args.buffer);
  words.forEach((word, i) => view.setUint32(i * 4, word >>> 0, true));
  return args;
}

/** Decodes a command packet, or returns null when it is not one (wrong size or magic). */
export function decodeCommand(packet: Uint8Array): PicobootCommand | null {
  if (packet.length !== COMMAND_SIZE) return null;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  if (view.getUint32(0, true) !== PICOBOOT_MAGIC) return null;
  return {
    token: view.getUint32(4, true),
    id: packet[8],
    argSize: packet[9],
    transferLength: view.getUint32(12, true),
    args: packet.slice(16, 32),
  };
}

/** Argument word `n` of a decoded command. */
export function argWord(command: PicobootCommand, n: number): number {
  return new DataView(command.args.buffer, command.args.byteOffset).getUint32(n * 4, true);
}

/** The GET_COMMAND_STATUS reply. */
export interface PicobootStatus {
  readonly token: number;
  readonly statusCode: number;
  readonly commandId: number;
  readonly inProgress: boolean;
}

export function encodeStatus(status: PicobootStatus): Uint8Array {
  const bytes = new Uint8Array(STATUS_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, status.token, true);
  view.setUint32(4, status.statusCode, true);
  bytes[8] = status.commandId;
  bytes[9] = status.inProgress ? 1 : 0;
  return bytes;
}

export function decodeStatus(bytes: Uint8Array): PicobootStatus {
  const padded = new Uint8Array(STATUS_SIZE);
  padded.set(bytes.subarray(0, STATUS_SIZE));
  const view = new DataView(padded.buffer);
  return {
    token: view.getUint32(0, true),
    statusCode: view.getUint32(4, true),
    commandId: padded[8],
    inProgress: padded[9] !== 0,
  };
}

export function statusName(code: number): string {
  return STATUS_NAMES[code] ?? `status ${code}`;
}

export function commandName(id: number): string {
  return COMMAND_NAMES[id] ?? `command 0x${id.toString(16)}`;
}

/** Flash geometry the boot ROM enforces: erase by 4 KiB sectors, program by 256-byte pages. */
export const SECTOR_SIZE = 4096;
export const PAGE_SIZE = 256;

/** USB IDs of the boot ROMs. */
export const BOOTROM_RP2040 = { vendorId: 0x2e8a, productId: 0x0003 } as const;
export const BOOTROM_RP2350 = { vendorId: 0x2e8a, productId: 0x000f } as const;
