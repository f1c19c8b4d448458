# Classes: inheritance, super, properties, class/static methods, dunders, descriptors.
class Base:
    count = 0

    def __init__(self, name):
        self.name = name
        Base.count += 1

    def hello(self):
        return "Base " + self.name

    @classmethod
    def make(cls, name):
        return cls(name)

    @staticmethod
    def twice(x):
        return 2 * x

class Child(Base):
    def hello(self):
        return "Child/" + super().hello()

    @property
    def upper(self):
        return self.name.upper()

    @upper.setter
    def upper(self, value):
        self.name = value.lower()

c = Child.make("ann")
print(c.hello(), c.upper, Base.count, Child.twice(21), isinstance(c, Base), issubclass(Child, Base))
c.upper = "BOB"
print(c.name)

class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __eq__(self, o):
        return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __repr__(self):
        return "Vec(%d, %d)" % (self.x, self.y)
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __iter__(self):
        yield self.x
        yield self.y

v = Vec(1, 2) + Vec(3, 4)
print(v, 3 * v, v * 2, v == Vec(4, 6), len(v), v[1], list(v), {v: 1}[Vec(4, 6)])


class Typed:
    def __set_name__(self, owner, name):
        self.name = "_" + name
    def __get__(self, obj, owner):
        return getattr(obj, self.name)
    def __set__(self, obj, value):
        setattr(obj, self.name, int(value))

class Point:
    x = Typed()
p = Point()
p.x = "42"
print(p.x + 1)

class A:
    def f(self): return "A"
class B(A): pass
class C(A):
    def f(self): return "C"
class D(B, C): pass
print(D().f())
