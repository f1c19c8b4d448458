# A built-in function kept as a class attribute is not a method: reached
# through an instance it is called without self (like a staticmethod), while
# Python functions and lambdas stored the same way do bind.
import math


class Tools:
    absolute = abs
    root = math.sqrt
    length = len
    make_int = int
    plain = lambda self, v: ("bound", type(self).__name__, v)

    def method(self, v):
        return ("method", v)


t = Tools()
print(t.absolute(-3), t.root(81), t.length("four"), t.make_int("12"))
print(t.plain(1), t.method(2), Tools.absolute(-5))
f = t.length
print(f([1, 2, 3]))


class Numbers(list):
    pass


n = Numbers()
n.append(4)
n.extend([5, 6])
print(n, n.count(5))
