# A list resized while it is being sorted raises ValueError (MicroPython 1.29
# fixed this; the 1.27 reference reads freed memory, so this .exp is by hand).
items = [5, 3, 8, 1]


def grow(x):
    if len(items) < 10:
        items.append(0)
    return x


try:
    items.sort(key=grow)
    print("sorted", items)
except ValueError as e:
    print("ValueError:", e)


class Shrinker:
    def __init__(self, v, owner):
        self.v = v
        self.owner = owner

    def __lt__(self, other):
        self.owner.clear()
        return self.v < other.v


box = []
box.extend(Shrinker(i, box) for i in (3, 1, 2))
try:
    box.sort()
except ValueError:
    print("ValueError after clear, len", len(box))

plain = [3, 1, 2]
plain.sort()
print(plain, sorted([2, 1], reverse=True))
