# Wrong argument counts to built-in constructors and functions get
# MicroPython's wording: a fixed count, a missing minimum, or an upper bound.
calls = [
    "range()", "range(1, 2, 3, 4)", "int(1, 2, 3)", "float(1, 2)", "complex(1, 2, 3)",
    "str(b'', 'utf-8', 'strict', 4)", "tuple(1, 2)", "list(1, 2)", "set(1, 2)",
    "frozenset(1, 2)", "bool(1, 2)", "bytearray(1, 2, 3, 4)", "bytes(1, 2, 3, 4)",
    "dict({}, {})", "{}.update({}, {})", "memoryview()", "type(1, 2)", "sorted()",
    "len()", "divmod(1)", "isinstance(1)", "abs(1, 2)",
]
for call in calls:
    try:
        eval(call)
        print(call, "no error")
    except TypeError as e:
        print(call, "->", e)

# Functions that also take keywords: too many positionals are "extra".
for call in ("[].sort(1)", "sorted([], None)", "open('f', 'r', 1, 2, 3, 4, 5, 6, 7)"):
    try:
        eval(call)
    except TypeError as e:
        print(call, "->", e)
