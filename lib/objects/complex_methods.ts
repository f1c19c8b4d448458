/**
 * Attributes of complex numbers (defined here, after property.ts has loaded,
 * because complex.ts itself is needed early by the constant loader).
 */

import { complexPow, complexType, PyComplex } from "./complex.ts";
import { PyFloat, setComplexPowHook } from "./float.ts";
import { getter } from "./property.ts";

complexType.define("real", getter((c: PyComplex) => new PyFloat(c.real)));
complexType.define("imag", getter((c: PyComplex) => new PyFloat(c.imag)));

// A negative float to a fractional power is complex.
setComplexPowHook((a, b) => complexPow([a, 0], [b, 0]));
