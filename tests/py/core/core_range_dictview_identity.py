# As MicroPython's unix port: ranges compare by identity and are unhashable (its
# optional range comparison is left off), and every dict view's type is dict_view
# while its repr still names the view.
r = range(3)
print(r == r, r == range(3), range(0) == range(0), r != range(3))
try:
    hash(r)
except TypeError as e:
    print("TypeError:", e)
d = {"a": 1}
print(type(d.keys()))
print(d.keys(), d.values(), d.items())
print(type(d.keys()).__name__, type(d.items()).__name__)
