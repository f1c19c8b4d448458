/**
 * `bytes`: an immutable Uint8Array.
 */

import { PyObject } from "./base.ts";
import { PyType } from "./type.ts";

export const bytesType = new PyType("bytes", []);

export class PyBytes extends PyObject {
  data: Uint8Array;
  constructor(data: Uint8Array, type: PyType = bytesType) {
    super(type);
    this.data = data;
  }
}
