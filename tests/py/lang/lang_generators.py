# generators: send, throw, close, yield from return values, generator expressions
def counter():
    total = 0
    while True:
        got = yield total
        if got is None:
            break
        total += got
    return "done %d" % total

g = counter()
print(next(g), g.send(5), g.send(10))
try:
    g.send(None)
except StopIteration as e:
    print("stop", e.value)

def guarded():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("caught in gen", e)
        yield "recovered"
    finally:
        print("gen finally")

g = guarded()
print(next(g), g.throw(ValueError("boom")))
g.close()
g = guarded()
print(next(g))
g.close()
print("closed")

def inner():
    x = yield "i1"
    print("inner got", x)
    return "inner result"

def outer():
    r = yield from inner()
    print("outer got", r)
    yield "o1"

g = outer()
print(next(g), g.send("hello"))
print(list(x * x for x in range(4)), sum(x for x in range(5)), list(zip(*((i, i + 1) for i in range(2)))))

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])

def early():
    yield 1
    return
    yield 2
print(list(early()))
gen = (i for i in range(3))
print(next(gen), list(gen), list(gen))
try:
    next(iter([]))
except StopIteration:
    print("StopIteration")
def ignore_exit():
    try:
        yield 1
    except GeneratorExit:
        yield 2
g = ignore_exit()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError", e)
