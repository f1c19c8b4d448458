# descriptors with __set_name__, MRO with multiple inheritance, super() in odd places
class Field:
    def __set_name__(self, owner, name):
        self.name = "_" + name
        print("set_name", owner.__name__, name)
    def __get__(self, obj, cls):
        if obj is None:
            return self
        return getattr(obj, self.name, "unset")
    def __set__(self, obj, value):
        setattr(obj, self.name, value * 2)

class Model:
    x = Field()
    y = Field()

m = Model()
print(m.x)
m.x = 5
print(m.x, m._x, isinstance(Model.x, Field))

class A:
    def who(self):
        return "A"
class B(A):
    def who(self):
        return "B>" + super().who()
class C(A):
    def who(self):
        return "C>" + super().who()
class D(B, C):
    def who(self):
        return "D>" + super().who()
print(D().who())
print(D.__bases__ == (B, C), issubclass(D, A), isinstance(D(), C))

class E(A):
    def helper(self):
        f = lambda: super(E, self).who()
        return f()
    @classmethod
    def cm(cls):
        return super().__name__ if False else cls.__name__
print(E().helper(), E.cm())

class Base:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return "%s(%r)" % (type(self).__name__, self.v)
    def __eq__(self, other):
        return type(self) is type(other) and self.v == other.v
    def __hash__(self):
        return hash(self.v)
    def __lt__(self, other):
        return self.v < other.v
class Child(Base):
    def __init__(self, v):
        super().__init__(v * 10)
print(Child(1), sorted([Child(3), Child(1)]), Child(1) == Child(1), len({Child(1), Child(1)}))

class P:
    @property
    def val(self):
        return self._val
    @val.setter
    def val(self, v):
        self._val = v + 1
    @staticmethod
    def sm(a):
        return a * 2
p = P()
p.val = 1
print(p.val, P.sm(4), p.sm(5))

class Slots:
    def __getattr__(self, name):
        return "dyn_" + name
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
s = Slots()
s.real = 1
print(s.real, s.missing)

class Cnt:
    def __init__(self):
        self.items = [1, 2, 3]
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def __contains__(self, v):
        return v == 99
    def __call__(self, *a, **k):
        return a, k
c = Cnt()
print(len(c), c[1], 99 in c, 1 in c, list(c), c(1, k=2))
