# closures, nonlocal/global, decorators, class vs instance attributes, coroutines by hand, tracebacks
def outer():
    x = 0
    def inc():
        nonlocal x
        x += 1
        return x
    return inc
f = outer()
print(f(), f(), f.__name__)
fs = [lambda i=i: i for i in range(3)]
print([g() for g in fs])
fs = [lambda: i for i in range(3)]
print([g() for g in fs])
def deco(fn):
    def wrap(*a, **k):
        print("call", fn.__name__, a, k)
        return fn(*a, **k)
    return wrap
@deco
def add(a, b=1):
    return a + b
print(add(2), add(2, b=5))
def rec(n):
    return 0 if n == 0 else 1 + rec(n - 1)
print(rec(50))
try:
    def inf(n):
        return inf(n + 1)
    inf(0)
except RuntimeError as e:
    print("RuntimeError", e)
class Counter:
    count = 0
    def __init__(self):
        Counter.count += 1
        self.id = Counter.count
c1, c2 = Counter(), Counter()
print(c1.id, c2.id, Counter.count, c1.count)
c1.count = 99
print(c1.count, Counter.count, c2.count)
x = 5
def read_global():
    return x
def shadow():
    x = 1
    def inner():
        return x
    return inner()
print(read_global(), shadow())
def gl():
    global x
    x = 7
gl()
print(x)
try:
    def bad():
        print(y)
        y = 1
    bad()
except NameError as e:
    print(type(e).__name__, e)
print((lambda *a, **k: (a, k))(1, 2, z=3))
async def coro():
    return 5
c = coro()
try:
    c.send(None)
except StopIteration as e:
    print("coro result", e.value)
import sys
def tb():
    raise ValueError("tb test")
def tb2():
    tb()
tb2()
