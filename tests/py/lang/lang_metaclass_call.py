# A metaclass's __call__ can hand over to type.__call__ with super().__call__
# (the usual singleton/registry pattern). The 1.27 reference has no metaclass=
# keyword, so this .exp was written by hand; it matches CPython.
class Singleton(type):
    instances = {}

    def __call__(cls, *args, **kwargs):
        if cls not in Singleton.instances:
            print("creating", cls.__name__, args, kwargs)
            Singleton.instances[cls] = super().__call__(*args, **kwargs)
        return Singleton.instances[cls]


class Config(metaclass=Singleton):
    def __init__(self, level=0, name="cfg"):
        self.level = level
        self.name = name


first = Config(3, name="main")
second = Config(9)
print(first is second, second.level, second.name)


class Logged(type):
    def __call__(cls, *args):
        obj = type.__call__(cls, *args)
        print("made", type(obj).__name__)
        return obj


class Point(metaclass=Logged):
    def __init__(self, x):
        self.x = x


print(Point(4).x, type.__call__(type, 1.5), type.__call__(int, "12"))
