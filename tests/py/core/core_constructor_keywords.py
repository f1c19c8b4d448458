# MicroPython's native constructors take positional arguments only: a keyword is
# "function doesn't take keyword arguments" (not silently taken as one more
# positional value), unless a class defines __init__/__new__ to receive it.
# min/max call key=None like any key.
from collections import namedtuple


def attempt(label, make):
    try:
        result = make()
        print(label, "->", type(result).__name__)
    except TypeError as e:
        print(label, "-> TypeError:", e)


attempt("zip strict", lambda: zip([1], strict=True))
attempt("map", lambda: map(abs, [1], extra=1))
attempt("list", lambda: list(iterable=[1]))
attempt("int base", lambda: int("10", base=2))
attempt("int positional base", lambda: int("10", 2))
attempt("range", lambda: range(stop=3))
attempt("bool", lambda: bool(x=1))
attempt("ValueError", lambda: ValueError("a", code=1))
attempt("object", lambda: object(x=1))
attempt("type", lambda: type("X", (), {}, x=1))
attempt("dict", lambda: dict(a=1))
attempt("enumerate", lambda: enumerate([1], start=2))


class Plain:
    pass


class Items(list):
    pass


class Tagged(list):
    def __init__(self, items, tag=None):
        super().__init__(items)
        self.tag = tag


class Failure(Exception):
    pass


attempt("plain class", lambda: Plain(x=1))
attempt("list subclass", lambda: Items(x=1))
t = Tagged([1, 2], tag="t")
print(t, t.tag)
attempt("exception subclass", lambda: Failure(x=1))
Point = namedtuple("Point", "x y")
print(Point(x=1, y=2))
attempt("min key=None", lambda: min([3, 1], key=None))
print(max([3, 1, 2], key=lambda v: -v), sorted([2, 1], key=None))
