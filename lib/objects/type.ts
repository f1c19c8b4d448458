/**
 * `type` and `object`: the class objects themselves.
 *
 * A PyType holds its namespace (a JS Map from attribute name to value) and a set
 * of *slots*: JS functions the protocol layer (ops.ts, attr.ts) calls for the
 * type's behaviour. Builtin types fill the slots they support directly. A user
 * class gets its slots computed from its MRO (see `user_slots.ts`): a dunder
 * method defined in Python installs a dispatcher slot, anything else is inherited
 * from the nearest builtin ("solid") base. Builtin types are immutable and shared
 * by every VM in the process, which is what makes creating a VM cheap.
 *
 * Attribute lookup follows MicroPython, not CPython's C3: depth-first over the
 * bases, left to right, with `object` last (see `computeMro`).
 */

import { PyObject, type PyValue } from "./base.ts";

export type NewSlot = (cls: PyType, args: PyValue[], kwnames: string[] | null) => PyValue;
export type InitSlot = (self: PyValue, args: PyValue[], kwnames: string[] | null) => void;
export type CallSlot = (self: PyValue, args: PyValue[], kwnames: string[] | null) => PyValue;
export type ReprSlot = (self: PyValue) => string;
export type HashSlot = (self: PyValue) => number | bigint;
/** Returns NotImplemented when the comparison is not supported for `other`. */
export type CompareSlot = (self: PyValue, other: PyValue, op: number) => PyValue;
/** `self op other` (or `other op self` for rbinop); NotImplemented when unsupported. */
export type BinarySlot = (self: PyValue, other: PyValue, op: number) => PyValue;
export type UnarySlot = (self: PyValue, op: number) => PyValue;
export type BoolSlot = (self: PyValue) => boolean;
export type LenSlot = (self: PyValue) => number;
export type GetItemSlot = (self: PyValue, key: PyValue) => PyValue;
export type SetItemSlot = (self: PyValue, key: PyValue, value: PyValue) => void;
export type DelItemSlot = (self: PyValue, key: PyValue) => void;
export type ContainsSlot = (self: PyValue, value: PyValue) => boolean;
export type IterSlot = (self: PyValue) => PyValue;
/** Returns the next item, or `undefined` when exhausted (no StopIteration on the fast path). */
export type NextSlot = (self: PyValue) => PyValue | undefined;
/** Returns the attribute or `undefined` when missing (the caller raises AttributeError). */
export type GetAttrSlot = (self: PyValue, name: string) => PyValue | undefined;
/** `value === undefined` deletes. */
export type SetAttrSlot = (self: PyValue, name: string, value: PyValue | undefined) => void;
/** The bytes of a buffer-protocol object (a live view where the object is mutable). */
export type BufferSlot = (self: PyValue) => Uint8Array;
/** Descriptor `__get__`: `instance` is null when accessed on the class. */
export type DescrGetSlot = (self: PyValue, instance: PyValue, owner: PyType) => PyValue;
/** `name` is the attribute being set or deleted (value undefined), for error messages. */
export type DescrSetSlot = (
  self: PyValue,
  instance: PyValue,
  value: PyValue | undefined,
  name?: string,
) => void;

/** Bumped whenever any user type's namespace or bases change: invalidates lookup caches. */
let typeVersion = 0;
export function invalidateTypeCaches(): void {
  typeVersion++;
}

const MISSING = Symbol("missing");

export class PyType extends PyObject {
  name: string;
  bases: PyType[];
  mro: PyType[];
  /** The class namespace: methods, class attributes, descriptors. */
  ns: Map<string, PyValue>;
  /** False for builtin types: their attributes cannot be set. */
  isHeapType: boolean;
  /** The nearest builtin type in the MRO whose JS representation instances use. */
  solidBase: PyType;
  /** Direct subclasses, so slot changes can propagate. */
  subclasses: PyType[];

  newSlot: NewSlot | null;
  initSlot: InitSlot | null;
  callSlot: CallSlot | null;
  reprSlot: ReprSlot | null;
  strSlot: ReprSlot | null;
  /** null: hashed by identity. */
  hashSlot: HashSlot | null;
  /** True when instances are unhashable (list, dict, set, classes defining __eq__ only). */
  unhashable: boolean;
  compareSlot: CompareSlot | null;
  binarySlot: BinarySlot | null;
  rbinarySlot: BinarySlot | null;
  unarySlot: UnarySlot | null;
  boolSlot: BoolSlot | null;
  lenSlot: LenSlot | null;
  getItemSlot: GetItemSlot | null;
  setItemSlot: SetItemSlot | null;
  delItemSlot: DelItemSlot | null;
  containsSlot: ContainsSlot | null;
  iterSlot: IterSlot | null;
  nextSlot: NextSlot | null;
  getAttrSlot: GetAttrSlot | null;
  setAttrSlot: SetAttrSlot | null;
  bufferSlot: BufferSlot | null;
  descrGetSlot: DescrGetSlot | null;
  descrSetSlot: DescrSetSlot | null;
  /**
   * The native constructor refuses keyword arguments, as MicroPython's do
   * (list(iterable=x), int("7", base=8), ValueError(x=1): "function doesn't take
   * keyword arguments"). Not inherited: a builtin subtype (a namedtuple) has its own
   * constructor; user classes follow their native base (see rejectsKeywords).
   */
  keywordlessNew: boolean;
  /**
   * The type of the dict __dict__ shows: null for a plain dict, else the ordered
   * mapping the class body ran in (type(name, bases, OrderedDict(...)) keeps its
   * order, as MicroPython keeps that dict as the class's own).
   */
  classDictType: PyType | null;

  private cache: Map<string, PyValue>;
  private cacheVersion: number;

  constructor(name: string, bases: PyType[], metatype: PyType | null = null) {
    // `type` itself is created before typeType exists: patched below.
    super(metatype ?? (typeTypeRef as PyType));
    // Every class but `object` itself has at least `object` as a base.
    if (bases.length === 0 && objectTypeRef !== null) bases = [objectTypeRef];
    this.name = name;
    this.bases = bases;
    this.mro = [];
    this.ns = new Map();
    this.isHeapType = false;
    this.solidBase = this;
    this.subclasses = [];
    this.newSlot = null;
    this.initSlot = null;
    this.callSlot = null;
    this.reprSlot = null;
    this.strSlot = null;
    this.hashSlot = null;
    this.unhashable = false;
    this.compareSlot = null;
    this.binarySlot = null;
    this.rbinarySlot = null;
    this.unarySlot = null;
    this.boolSlot = null;
    this.lenSlot = null;
    this.getItemSlot = null;
    this.setItemSlot = null;
    this.delItemSlot = null;
    this.containsSlot = null;
    this.iterSlot = null;
    this.nextSlot = null;
    this.getAttrSlot = null;
    this.setAttrSlot = null;
    this.bufferSlot = null;
    this.descrGetSlot = null;
    this.descrSetSlot = null;
    this.keywordlessNew = false;
    this.classDictType = null;
    this.cache = new Map();
    this.cacheVersion = -1;
    this.mro = computeMro(this);
    for (const base of bases) base.subclasses.push(this);
    if (bases.length > 0) this.inheritSlots(pickSolid(bases));
    // A builtin type is its own layout; createClass gives user classes their base's.
    this.solidBase = this;
  }

  /** Copies every slot from a builtin base (used for builtin subtypes and user classes). */
  inheritSlots(base: PyType): void {
    this.solidBase = base.solidBase;
    this.newSlot = base.newSlot;
    this.initSlot = base.initSlot;
    this.callSlot = base.callSlot;
    this.reprSlot = base.reprSlot;
    this.strSlot = base.strSlot;
    this.hashSlot = base.hashSlot;
    this.unhashable = base.unhashable;
    this.compareSlot = base.compareSlot;
    this.binarySlot = base.binarySlot;
    this.rbinarySlot = base.rbinarySlot;
    this.unarySlot = base.unarySlot;
    this.boolSlot = base.boolSlot;
    this.lenSlot = base.lenSlot;
    this.getItemSlot = base.getItemSlot;
    this.setItemSlot = base.setItemSlot;
    this.delItemSlot = base.delItemSlot;
    this.containsSlot = base.containsSlot;
    this.iterSlot = base.iterSlot;
    this.nextSlot = base.nextSlot;
    this.getAttrSlot = base.getAttrSlot;
    this.setAttrSlot = base.setAttrSlot;
    this.bufferSlot = base.bufferSlot;
    this.descrGetSlot = base.descrGetSlot;
    this.descrSetSlot = base.descrSetSlot;
  }

  /** Finds `name` along the MRO (class attributes only, no descriptor binding). */
  lookup(name: string): PyValue | undefined {
    if (this.cacheVersion !== typeVersion) {
      this.cache.clear();
      this.cacheVersion = typeVersion;
    }
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached === MISSING ? undefined : cached;
    let found: PyValue = MISSING;
    const mro = this.mro;
    for (let i = 0; i < mro.length; i++) {
      const value = mro[i].ns.get(name);
      if (value !== undefined) {
        found = value;
        break;
      }
    }
    this.cache.set(name, found);
    return found === MISSING ? undefined : found;
  }

  /** True if `this` is `other` or a subclass of it. */
  isSubclassOf(other: PyType): boolean {
    if (this === other) return true;
    const mro = this.mro;
    for (let i = 0; i < mro.length; i++) if (mro[i] === other) return true;
    return false;
  }

  /** Defines a builtin attribute (used while building builtin types). */
  define(name: string, value: PyValue): this {
    this.ns.set(name, value);
    // A native method of a built-in type learns the type, so that an unbound call
    // (`int.to_bytes("s")`) is refused before the native reads a wrong self.
    // Duck-typed: function.ts imports this file.
    const method = value as { selfTypes?: PyType[] | null } | null;
    if (!this.isHeapType && method !== null && method.selfTypes !== undefined) {
      if (method.selfTypes === null) method.selfTypes = [this];
      else if (!method.selfTypes.includes(this)) method.selfTypes.push(this);
    }
    return this;
  }
}

/** The first base whose solid base is not `object` decides the instance layout. */
function pickSolid(bases: PyType[]): PyType {
  for (const base of bases) if (base.solidBase !== objectTypeRef) return base;
  return bases[0];
}

/**
 * Whether calling `cls` with keyword arguments is MicroPython's TypeError: its
 * native constructor would receive them. A class that defines __init__ or __new__
 * gets them there instead (the native part is then built without arguments).
 */
export function rejectsKeywords(cls: PyType): boolean {
  for (const t of cls.mro) {
    // A class given its own native constructor, as namedtuple's are, takes keywords;
    // so does a plain class: MicroPython checks object() itself only.
    if (!t.isHeapType) {
      return t.keywordlessNew && cls.newSlot === t.newSlot && (t !== objectType || cls === t);
    }
    if (t.ns.has("__init__") || t.ns.has("__new__")) return false;
  }
  return false;
}

/**
 * MicroPython's lookup order: the class, then each base depth-first, left to right;
 * `object` is moved to the end so that it never shadows a later base.
 */
export function computeMro(type: PyType): PyType[] {
  const out: PyType[] = [];
  const seen = new Set<PyType>();
  const visit = (t: PyType) => {
    if (seen.has(t)) return;
    if (t === objectTypeRef && t !== type) return;
    seen.add(t);
    out.push(t);
    for (const base of t.bases) visit(base);
  };
  visit(type);
  if (objectTypeRef && type !== objectTypeRef) out.push(objectTypeRef);
  return out;
}

// `object` and `type` refer to each other; build them in two steps.
let typeTypeRef: PyType | null = null;
let objectTypeRef: PyType | null = null;

export const objectType: PyType = new PyType("object", [], {} as PyType);
objectTypeRef = objectType;
export const typeType: PyType = new PyType("type", [objectType], {} as PyType);
typeTypeRef = typeType;
objectType.type = typeType;
typeType.type = typeType;
objectType.mro = [objectType];
// Plain instances of user classes; set here so every type created later inherits it.
objectType.newSlot = (cls: PyType) => new PyObject(cls);
typeType.mro = [typeType, objectType];
