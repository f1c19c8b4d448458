# Calls every builtin, every method of common values and every operator over
# many odd argument combinations. Whatever happens must be a Python result or a
# Python exception; the TS test that runs this file checks that no JS-level
# error text (TypeError: Cannot..., RangeError, undefined ...) shows up.
import builtins

class Plain:
    pass

class Weird:
    def __len__(self):
        return -1
    def __hash__(self):
        return 1.5
    def __index__(self):
        return "x"
    def __iter__(self):
        return 5
    def __eq__(self, other):
        raise ValueError("eq")
    def __bool__(self):
        return 2
    def __repr__(self):
        return 7

class _Slicer:
    def __getitem__(self, key):
        return key

SLICE = _Slicer()[1:2]

def values():
    return [None, True, 0, -1, 3, 2**70, -(2**70), 1.5, float("nan"), float("inf"), 1j, "s",
            "\u00e9\U0001F600", b"b", SLICE, bytearray(b"ba"), memoryview(b"mv"), [1, "a"], (2,),
            {"k": 1}, {1}, frozenset(), range(3), [0, 1, 2][0:1] and None, Plain(), Weird(), Plain, int,
            len, lambda *a: a, iter([1]), (x for x in [1]), Ellipsis, NotImplemented,
            ValueError("v")]

SKIP = {"input", "help", "print", "open", "exit", "quit"}
class Marks:
    # Kept inside a class: repr(globals()) must not contain the marks themselves.
    items = ("Cannot read", "Cannot set", "is not a function", "is not iterable",
             "undefined", "RangeError", "Maximum call stack", "InternalError", "[object",
             "null", "NaN is")
problems = 0

def check(what, func, args):
    global problems
    try:
        result = func(*args)
        text = repr(result) if not isinstance(result, str) else result
    except Exception as e:
        try:
            text = type(e).__name__ + ": " + str(e)
        except Exception as inner:
            text = "unprintable " + type(inner).__name__
    if not isinstance(text, str):
        return
    for mark in Marks.items:
        if mark in text and mark not in what:
            problems += 1
            print("JS leak in", what, "->", text[:120])
            return

vals = values()
n = len(vals)
names = sorted(n for n in dir(builtins) if not n.startswith("_") and n not in SKIP)
calls = 0
for name in names:
    f = getattr(builtins, name)
    if not callable(f):
        continue
    check(name + "()", f, ())
    for i in range(n):
        a = vals[i]
        check(name + "(v%d)" % i, f, (a,))
        check(name + "(v%d, v%d)" % (i, (i * 7 + 3) % n), f, (a, vals[(i * 7 + 3) % n]))
        check(name + "(v%d, x3)" % i, f, (a, vals[(i * 5 + 1) % n], vals[(i * 3 + 2) % n]))
        calls += 4

import operator_free  # noqa: the operator table lives in a sibling module

for i in range(n):
    for j in range(n):
        a, b = values()[i], values()[j]
        for op_name, op in operator_free.BINARY:
            check("v%d %s v%d" % (i, op_name, j), op, (a, b))
            calls += 1
    a = values()[i]
    for op_name, op in operator_free.UNARY:
        check("%s v%d" % (op_name, i), op, (a,))

for i in range(n):
    value = values()[i]
    for attr in dir(value):
        if attr.startswith("__"):
            continue
        try:
            method = getattr(value, attr)
        except Exception:
            continue
        if not callable(method):
            continue
        what = "v%d.%s" % (i, attr)
        check(what + "()", method, ())
        for k in range(0, n, 3):
            check(what + "(v%d)" % k, getattr(values()[i], attr), (vals[k],))
            check(what + "(v%d, v%d)" % (k, (k + 4) % n), getattr(values()[i], attr), (vals[k], vals[(k + 4) % n]))
            calls += 2


def set_item(c, k):
    c[k] = 1
    return c

def del_item(c, k):
    del c[k]
    return c

def slice_of(c, a, b):
    return c[a:b]

def slice_step(c, a):
    return c[::a]

SPECS = ["", "d", "x", ">10", "^5.2f", "+,", "#o", "e", "%", ".3s", "c", "=+08.3", "z", "10.10g", "b"]
for i in range(n):
    for j in range(i % 2, n, 2):
        check("v%d[v%d]" % (i, j), lambda c, k: c[k], (values()[i], vals[j]))
        check("v%d[v%d]=" % (i, j), set_item, (values()[i], vals[j]))
        check("del v%d[v%d]" % (i, j), del_item, (values()[i], vals[j]))
        check("v%d[v%d:]" % (i, j), slice_of, (values()[i], vals[j], None))
        check("v%d[::v%d]" % (i, j), slice_step, (values()[i], vals[j]))
        calls += 5
    for spec in SPECS:
        check("format(v%d, %r)" % (i, spec), format, (vals[i], spec))
        check("%%-fmt v%d %s" % (i, spec), lambda v, sp: ("%" + (sp or "s")) % (v,), (vals[i], spec))
    for kind in (int, float, str, bytes, bytearray, list, tuple, dict, set, range, complex, bool):
        check(kind.__name__ + "(x=v%d)" % i, lambda k, v: k(x=v), (kind, vals[i]))
        check(kind.__name__ + "(v%d, v%d)" % (i, (i + 1) % n), kind, (vals[i], vals[(i + 1) % n]))

print("calls", calls > 5000, "problems", problems)
