/**
 * The `builtins` namespace. Built once per process as a template (types,
 * functions, exceptions: all immutable and shared); each VM gets its own copy of
 * the dict, so a program assigning `builtins.x` affects only its VM.
 */

import { PyDict } from "../objects/dict.ts";
import { PyType } from "../objects/type.ts";
import { objectType, typeType } from "../objects/type.ts";
import { intType } from "../objects/int.ts";
import { floatType } from "../objects/float.ts";
import { boolType } from "../objects/bool.ts";
import { strType } from "../objects/str.ts";
import { listType } from "../objects/list.ts";
import { tupleType } from "../objects/tuple.ts";
import { dictType } from "../objects/dict.ts";
import { frozensetType, setType } from "../objects/set.ts";
import { bytearrayType, bytesType } from "../objects/bytes.ts";
import { memoryviewType } from "../objects/memoryview.ts";
import { complexType } from "../objects/complex.ts";
import { rangeType } from "../objects/range.ts";
import { sliceType } from "../objects/slice.ts";
import { propertyType } from "../objects/property.ts";
import { classMethodType, staticMethodType } from "../objects/function.ts";
import { superType } from "../objects/super.ts";
import { builtinExceptionTypes } from "../objects/exception.ts";
import { Ellipsis, NotImplemented } from "../objects/singletons.ts";
import { enumerateType, filterType, mapType, reversedType, zipType } from "./iterators.ts";
import { builtinFunctions } from "./functions.ts";
import { helpFunction } from "./help.ts";
import { execfileFunction } from "./execfile.ts";
import { buildClassFunction } from "../objects/class.ts";
import { openFunction } from "../modules/file.ts";
import "../objects/exception_slots.ts";
import "../objects/callable_slots.ts";
import "../objects/str_methods.ts";
import "../objects/set_methods.ts";
import "../objects/bytes_methods.ts";
import "../objects/memoryview.ts";
import "../objects/int_methods.ts";
import "../objects/complex_methods.ts";

// MicroPython's constructors of these builtins check their arguments with keywords
// disallowed (dict, enumerate, str and bytes take keywords; see each type's newSlot).
for (
  const type of [
    objectType,
    intType,
    floatType,
    complexType,
    boolType,
    listType,
    tupleType,
    setType,
    frozensetType,
    memoryviewType,
    rangeType,
    classMethodType,
    staticMethodType,
    superType,
    zipType,
    mapType,
    filterType,
    reversedType,
  ]
) type.keywordlessNew = true;

/** Types and values registered by other parts of upy (bytearray, memoryview, ...). */
const extraBuiltins = new Map<string, unknown>();

export function registerBuiltin(name: string, value: unknown): void {
  extraBuiltins.set(name, value);
  template = null;
}

let template: PyDict | null = null;

function buildTemplate(): PyDict {
  const d = new PyDict();
  d.setStr("__name__", "builtins");
  const types: PyType[] = [
    objectType,
    typeType,
    intType,
    floatType,
    boolType,
    strType,
    listType,
    tupleType,
    dictType,
    setType,
    frozensetType,
    bytesType,
    bytearrayType,
    memoryviewType,
    complexType,
    rangeType,
    sliceType,
    propertyType,
    classMethodType,
    staticMethodType,
    superType,
    enumerateType,
    zipType,
    mapType,
    filterType,
    reversedType,
  ];
  for (const t of types) d.setStr(t.name, t);
  for (const t of builtinExceptionTypes) d.setStr(t.name, t);
  for (const f of builtinFunctions) d.setStr(f.name, f);
  d.setStr("__build_class__", buildClassFunction);
  d.setStr("open", openFunction);
  d.setStr("help", helpFunction);
  d.setStr("execfile", execfileFunction);
  d.setStr("NotImplemented", NotImplemented);
  d.setStr("Ellipsis", Ellipsis);
  d.setStr("__debug__", true);
  for (const [name, value] of extraBuiltins) d.setStr(name, value);
  return d;
}

/** A fresh builtins dict for a new VM. */
export function newBuiltinsDict(): PyDict {
  if (template === null) template = buildTemplate();
  const d = new PyDict();
  d.map = new Map(template.map);
  return d;
}
