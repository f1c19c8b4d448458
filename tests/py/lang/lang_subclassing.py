# subclassing builtins, __new__, operator overloading, properties, classmethods
class L(list):
    def first(self): return self[0]
l = L([3, 1, 2]); l.append(0); l.sort()
print(l, l.first(), len(l), type(l).__name__, isinstance(l, list), l + [9], type(l + [9]).__name__)
class D(dict):
    pass
d = D(a=1); print(d["a"], d, len(d))
class I(int):
    def double(self): return self * 2
i = I(21); print(i, i.double(), i + 1, type(i + 1).__name__, isinstance(i, int), I("7"))
class S(str):
    def shout(self): return self.upper() + "!"
s = S("hey"); print(s, s.shout(), s + "x", len(s), s[1], type(s[1]).__name__)
class T(tuple):
    pass
print(T((1, 2)), T((1, 2)) == (1, 2), type(T((1,))).__name__)
class N:
    def __new__(cls, v):
        o = super().__new__(cls)
        o.v = v * 10
        return o
    def __init__(self, v):
        self.w = v
n = N(2); print(n.v, n.w)
class Singleton:
    inst = None
    def __new__(cls):
        if cls.inst is None:
            cls.inst = object.__new__(cls)
        return cls.inst
print(Singleton() is Singleton())
class E(Exception):
    def __init__(self, a, b):
        super().__init__(a)
        self.b = b
try:
    raise E("msg", 2)
except E as e:
    print(e, e.args, e.b, repr(e))
class F(float): pass
print(F(1.5) * 2, F("2.5"))
class Base:
    def __init_subclass__(cls, **kw):
        print("init_subclass", cls.__name__)
class Sub(Base): pass
class Vec:
    def __init__(self, *c): self.c = c
    def __add__(self, o): return Vec(*[a + b for a, b in zip(self.c, o.c)])
    def __radd__(self, o): return self if o == 0 else NotImplemented
    def __mul__(self, k): return Vec(*[a * k for a in self.c])
    __rmul__ = __mul__
    def __neg__(self): return self * -1
    def __abs__(self): return sum(a * a for a in self.c) ** 0.5
    def __iadd__(self, o):
        self.c = tuple(a + b for a, b in zip(self.c, o.c)); return self
    def __repr__(self): return "Vec%r" % (self.c,)
    def __eq__(self, o): return isinstance(o, Vec) and self.c == o.c
    def __getitem__(self, i): return self.c[i]
    def __iter__(self): return iter(self.c)
v = Vec(1, 2)
w = v + Vec(3, 4)
print(w, 2 * v, v * 3, -v, abs(Vec(3, 4)), sum([v, v]), list(v), v[1], v == Vec(1, 2), v != Vec(1, 2))
v += Vec(1, 1); print(v)
print(hasattr(v, "__dict__"), sorted(v.__dict__))
class Prop:
    def __init__(self): self._x = 0
    x = property(lambda self: self._x, lambda self, v: setattr(self, "_x", v * 2), None, "doc")
p = Prop(); p.x = 4; print(p.x)
try:
    del p.x
except AttributeError as e:
    print("AttributeError", e)
class CA:
    @classmethod
    def make(cls): return cls()
class CB(CA): pass
print(type(CB.make()).__name__, type(CB().make()).__name__)
print(type(v).__name__, v.__class__.__name__, Vec.__name__, Vec.__module__ if hasattr(Vec, "__module__") else "")
