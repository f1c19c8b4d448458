# Positional-only parameters (before "/") cannot be bound by keyword; a keyword
# of the same name goes to **kwargs instead. The 1.27 reference cannot parse
# "/", so this .exp was written by hand from Python's documented semantics.
def area(w, h=2, /, scale=1):
    return w * h * scale


print(area(3), area(3, 4), area(3, 4, 5), area(3, scale=10))
for call in (lambda: area(w=3), lambda: area(3, h=4)):
    try:
        call()
    except TypeError:
        print("TypeError")


def tagged(name, /, **extra):
    return name, sorted(extra.items())


print(tagged("n", name="kw", other=1))

pair = lambda a, b, /: (b, a)
print(pair(1, 2), pair(*"xy"))


class Shape:
    def grow(self, by, /):
        return by * 2


print(Shape().grow(4))
try:
    Shape().grow(by=4)
except TypeError:
    print("TypeError")


def gen(start=0, /, step=1):
    yield start
    yield start + step


print(list(gen(5, step=3)), list(gen()))
try:
    gen(start=1)
except TypeError:
    print("TypeError")
