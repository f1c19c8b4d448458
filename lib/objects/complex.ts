/**
 * `complex`: a pair of doubles.
 */

import { PyObject } from "./base.ts";
import { PyType } from "./type.ts";

export const complexType = new PyType("complex", []);

export class PyComplex extends PyObject {
  real: number;
  imag: number;
  constructor(real: number, imag: number, type: PyType = complexType) {
    super(type);
    this.real = real;
    this.imag = imag;
  }
}
