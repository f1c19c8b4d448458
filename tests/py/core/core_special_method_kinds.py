# Special methods may be staticmethods or classmethods, and a unary special
# method's NotImplemented comes back as the result (there is no fallback).
class Meter:
    @staticmethod
    def __sub__(other):
        return ("static sub", other)

    @classmethod
    def __add__(cls, other):
        return ("class add", cls.__name__, other)

    @classmethod
    def __getitem__(cls, key):
        return (cls.__name__, key)


m = Meter()
print(m - 1, m + 2, m["k"])


class Lazy:
    def __neg__(self):
        return NotImplemented

    def __invert__(self):
        return "inverted"

    def __add__(self, other):
        return NotImplemented


z = Lazy()
print(-z, ~z)
try:
    z + 1
except TypeError as e:
    print("TypeError", e)
