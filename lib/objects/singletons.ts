/**
 * The value singletons that are neither None nor bool: NotImplemented and
 * Ellipsis. They are plain objects with their own types.
 */

import { PyObject } from "./base.ts";
import { PyType } from "./type.ts";

export const notImplementedType = new PyType("NotImplementedType", []);
export const ellipsisType = new PyType("ellipsis", []);

export const NotImplemented = new PyObject(notImplementedType);
export const Ellipsis = new PyObject(ellipsisType);

notImplementedType.reprSlot = () => "NotImplemented";
ellipsisType.reprSlot = () => "Ellipsis";
