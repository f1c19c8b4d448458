# bool in MicroPython: computes as the ints 0 and 1, but is not an int subclass and has
# none of int's methods.
print(isinstance(True, int), issubclass(bool, int), bool.__bases__)
print(isinstance(True, bool), isinstance(1, bool), type(False) is bool)
print(True + 1, True * 3, -True, True & 1, True | 2, True ^ True, ~True, True << 3)
print(True == 1, hash(True) == hash(1), {1: "one"}[True], [10, 20][True])
for name in ("to_bytes", "from_bytes", "bit_length"):
    print(name, hasattr(True, name))
print(sum([True, True, False]), sorted([True, 0, 2, -1]), max(False, True))
print("%d %s" % (True, False), "{:d}".format(True), int(True), float(False))
