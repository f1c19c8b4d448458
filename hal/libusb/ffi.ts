/**
 * The slice of libusb-1.0 upy uses, bound with Deno FFI.
 *
 * Transfers use libusb's synchronous calls bound as `nonblocking` symbols: Deno runs each on a
 * worker thread and hands back a Promise, so a bulk read waiting on the bus never stalls the JS
 * event loop, and several transfers (a CDC read and a write) can be in flight at once. Every
 * transfer carries a timeout, which is what bounds a device that stops answering. Calls that only
 * touch libusb's in-memory state (device list, descriptors cached from enumeration) stay
 * synchronous.
 */

import { LibUsbUnavailableError } from "./errors.ts";

const symbols = {
  libusb_init: { parameters: ["buffer"], result: "i32" },
  libusb_exit: { parameters: ["pointer"], result: "void" },
  libusb_get_version: { parameters: [], result: "pointer" },
  libusb_error_name: { parameters: ["i32"], result: "pointer" },
  libusb_get_device_list: { parameters: ["pointer", "buffer"], result: "isize" },
  libusb_free_device_list: { parameters: ["pointer", "i32"], result: "void" },
  libusb_get_device_descriptor: { parameters: ["pointer", "buffer"], result: "i32" },
  libusb_get_bus_number: { parameters: ["pointer"], result: "u8" },
  libusb_get_device_address: { parameters: ["pointer"], result: "u8" },
  libusb_get_port_numbers: { parameters: ["pointer", "buffer", "i32"], result: "i32" },
  // Synchronous: it must finish while the device list still holds the device (and it is only an
  // open() of the usbfs node).
  libusb_open: { parameters: ["pointer", "buffer"], result: "i32" },
  libusb_close: { parameters: ["pointer"], result: "void" },
  libusb_set_auto_detach_kernel_driver: { parameters: ["pointer", "i32"], result: "i32" },
  libusb_claim_interface: { parameters: ["pointer", "i32"], result: "i32", nonblocking: true },
  libusb_release_interface: { parameters: ["pointer", "i32"], result: "i32", nonblocking: true },
  libusb_clear_halt: { parameters: ["pointer", "u8"], result: "i32", nonblocking: true },
  libusb_control_transfer: {
    parameters: ["pointer", "u8", "u8", "u16", "u16", "buffer", "u16", "u32"],
    result: "i32",
    nonblocking: true,
  },
  libusb_bulk_transfer: {
    parameters: ["pointer", "u8", "buffer", "i32", "buffer", "u32"],
    result: "i32",
    nonblocking: true,
  },
  libusb_get_string_descriptor_ascii: {
    parameters: ["pointer", "u8", "buffer", "i32"],
    result: "i32",
    nonblocking: true,
  },
} as const satisfies Deno.ForeignLibraryInterface;

export type LibUsbLibrary = Deno.DynamicLibrary<typeof symbols>;
export type LibUsbSymbols = LibUsbLibrary["symbols"];

/** Where to look for the library, most specific first. `UPY_LIBUSB` overrides. */
function candidatePaths(): string[] {
  const override = Deno.env.get("UPY_LIBUSB");
  if (override) return [override];
  switch (Deno.build.os) {
    case "darwin":
      return [
        "/opt/homebrew/lib/libusb-1.0.0.dylib",
        "/usr/local/lib/libusb-1.0.0.dylib",
        "libusb-1.0.0.dylib",
      ];
    case "windows":
      return ["libusb-1.0.dll"];
    default:
      return ["libusb-1.0.so.0", "libusb-1.0.so"];
  }
}

/** Opens libusb-1.0, or throws `LibUsbUnavailableError` saying how to install it. */
export function loadLibUsb(): LibUsbLibrary {
  const failures: string[] = [];
  for (const path of candidatePaths()) {
    try {
      return Deno.dlopen(path, symbols);
    } catch (error) {
      failures.push(`${path}: ${(error as Error).message}`);
    }
  }
  throw new LibUsbUnavailableError(failures.join("; "));
}

/** A `void **` out-parameter: 8 bytes the C side writes a pointer into. */
export function pointerSlot(): BigUint64Array {
  return new BigUint64Array(1);
}

/** The pointer libusb wrote into a slot. */
export function pointerFrom(slot: BigUint64Array): Deno.PointerValue {
  return Deno.UnsafePointer.create(slot[0]);
}
