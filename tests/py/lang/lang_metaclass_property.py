# A property defined on a metaclass is computed from the class that reads it
# (MicroPython 1.29 supports this; the 1.27 reference has no metaclass=
# keyword, so this .exp was written by hand and matches CPython).
class Registry(type):
    @property
    def label(cls):
        return cls.__name__.lower() + "-" + str(len(cls.__dict__.get("fields", ())))

    def describe(cls, suffix):
        return cls.label + suffix


class Point(metaclass=Registry):
    fields = ("x", "y")


class Empty(metaclass=Registry):
    pass


print(Point.label, Empty.label, Point.describe("!"))


class Sub(Registry):
    @property
    def depth(cls):
        return len(cls.__mro__)


class Deep(Point, metaclass=Sub):
    pass


print(Deep.depth, Deep.label, Deep.describe("?"))
