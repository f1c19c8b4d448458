# A metaclass's __prepare__(name, bases, **kw) supplies the dict the class body
# runs in (MicroPython 1.29 supports this; the 1.27 reference has no metaclass=
# keyword, so this .exp was written by hand and matches CPython).
events = []


class Seeded(type):
    @classmethod
    def __prepare__(meta, name, bases, **options):
        events.append(("prepare", meta.__name__, name, len(bases), sorted(options)))
        return {"seed": options.get("seed", 0), "double": lambda self: self.seed * 2}

    def __new__(meta, name, bases, ns, **options):
        events.append(("new", "seed" in ns, "body_value" in ns))
        return super().__new__(meta, name, bases, ns)

    def __init__(cls, name, bases, ns, **options):
        super().__init__(name, bases, ns)


class Base:
    pass


class Thing(Base, metaclass=Seeded, seed=21):
    events.append(("body sees", seed))
    body_value = 1


for e in events:
    print(e)
print(Thing.seed, Thing().double(), Thing.body_value)


class Plain(type):
    pass


class Other(metaclass=Plain):
    x = 1


print(Other.x)


class Bad(type):
    @classmethod
    def __prepare__(meta, name, bases):
        return [1]


try:

    class Broken(metaclass=Bad):
        pass

except TypeError:
    print("TypeError")
