/** `None` is the JS value null; this file only gives it a type. */

import { PyType } from "./type.ts";

export const noneType = new PyType("NoneType", []);
noneType.reprSlot = () => "None";
noneType.boolSlot = () => false;
