# Comprehensions of every kind, nested loops, conditions, walrus, unpacking, star args.
print([x * y for x in range(3) for y in range(3) if x != y])
print({x: x ** 2 for x in range(5)})
print({c for c in "mississippi"} == set("misp"))
print(sorted({(a, b) for a in (1, 2) for b in "ab"}))
data = [1, 5, 3, 8]
print([y for x in data if (y := x * 2) > 5], y)
first, *middle, last = range(6)
print(first, middle, last)
def f(a, b=2, *args, c, d=4, **kw):
    return a, b, args, c, d, sorted(kw.items())
print(f(1, c=3), f(1, 2, 3, 4, c=5, e=6, **{"g": 7}))
args = (1, 2)
print(f(*args, *[9], c=0))
m = dict(a=1, **{"b": 2})
print(m)
print(f"{3.14159:.2f} {'x':>3} {255:#x} {1e6:g} {m['a']!r}")
matrix = [[1, 2], [3, 4]]
print([list(r) for r in zip(*matrix)], sorted(dict(enumerate("ab", 1)).items()))
print(sum(x for x in range(10)), max(data, key=lambda v: -v), min(data), any(x > 7 for x in data))
