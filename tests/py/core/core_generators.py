# Generators: send, throw, close, yield from with return values, generator expressions.
def echo():
    received = []
    try:
        while True:
            x = yield len(received)
            received.append(x)
    except GeneratorExit:
        print("closed with", received)

g = echo()
print(next(g), g.send("a"), g.send("b"))
g.close()

def inner():
    yield 1
    yield 2
    return "done"

def outer():
    result = yield from inner()
    print("inner returned", result)
    yield 3

print(list(outer()))

def catcher():
    while True:
        try:
            yield
        except ValueError as e:
            print("caught", e)

c = catcher()
next(c)
c.throw(ValueError("boom"))
c.throw(ValueError("again"))

squares = (x * x for x in range(5) if x % 2)
print(list(squares), list(squares))

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

import sys
f = fib()
print([next(f) for _ in range(10)])
try:
    g = inner()
    next(g); next(g); next(g)
except StopIteration as e:
    print("StopIteration", e.value)
