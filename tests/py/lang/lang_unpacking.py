# walrus, star-unpacking in targets, displays and calls, keyword-only args
a, *b, c = range(6)
print(a, b, c)
*a, b = "xyz"
print(a, b)
(a, b), *c = [(1, 2), 3, 4]
print(a, b, c)
for x, *y in [(1, 2, 3), (4,)]:
    print(x, y)
print(*range(3), *"ab")
def f(a, b=2, *args, c, d=4, **kw):
    return a, b, args, c, d, sorted(kw.items())
print(f(1, c=3))
print(f(1, 2, 3, 4, c=5, e=6))
print(f(*[1, 2], **{"c": 7, "z": 0}))
try:
    f(1)
except TypeError as e:
    print("TypeError", e)
def g(*, only):
    return only
print(g(only=1))
try:
    g(1)
except TypeError as e:
    print("TypeError", e)
if (n := len("abcd")) > 3:
    print("n", n)
print([y for x in range(5) if (y := x * x) > 4], y)
data = [1, 2, 3]
while (item := data.pop()) != 1:
    print("item", item)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError", e)
try:
    a, b, c = [1]
except ValueError as e:
    print("ValueError", e)
try:
    a, *b, c = [1]
except ValueError as e:
    print("ValueError", e)
