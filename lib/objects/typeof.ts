/**
 * `typeOf`: the Python type of any PyValue. Primitive representations (see
 * base.ts) have no `type` field, so their types are looked up here.
 */

import type { PyValue } from "./base.ts";
import type { PyType } from "./type.ts";
import { intType } from "./int.ts";
import { boolType } from "./bool.ts";
import { strType } from "./str.ts";
import { noneType } from "./none.ts";
import { InternalError } from "./exception.ts";

export function typeOf(value: PyValue): PyType {
  switch (typeof value) {
    case "object":
      return value === null ? noneType : value.type;
    case "number":
    case "bigint":
      return intType;
    case "string":
      return strType;
    case "boolean":
      return boolType;
  }
  throw new InternalError(`not a Python value: ${String(value)}`);
}

export function typeName(value: PyValue): string {
  return typeOf(value).name;
}
