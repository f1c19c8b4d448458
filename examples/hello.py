# A small tour of what upy runs: classes, generators, closures, f-strings, exceptions.

class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        raise NotImplementedError

    def __repr__(self):
        return f"{self.name}(area={self.area():.2f})"


class Circle(Shape):
    def __init__(self, r):
        super().__init__("Circle")
        self.r = r

    def area(self):
        return 3.141592653589793 * self.r ** 2


class Square(Shape):
    def __init__(self, side):
        super().__init__("Square")
        self.side = side

    def area(self):
        return self.side * self.side


def fibonacci():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def counter():
    count = 0

    def bump(step=1):
        nonlocal count
        count += step
        return count

    return bump


shapes = sorted([Circle(1.5), Square(2), Circle(0.5)], key=lambda s: s.area())
print("shapes by area:", shapes)

fib = fibonacci()
print("fibonacci:", [next(fib) for _ in range(12)])
print("2**100 =", 2 ** 100)

bump = counter()
bump()
bump(5)
print("counter:", bump(10))

words = "the quick brown fox jumps over the lazy dog".split()
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
print("word counts:", {k: v for k, v in freq.items() if v > 1}, "distinct:", len(freq))

try:
    Shape("abstract").area()
except NotImplementedError:
    print("caught NotImplementedError from the abstract shape")
