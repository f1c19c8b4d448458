# generator.pend_throw(value): the next resume raises value inside the
# generator; pend_throw returns whatever was pended before it.
def counter():
    n = 0
    while True:
        try:
            yield n
        except KeyError as e:
            print("counter caught", repr(e))
        n += 1


g = counter()
print(next(g), next(g))
print(g.pend_throw(KeyError("first")))
print(g.pend_throw(KeyError("second")))
print(next(g))
print(next(g))


def fragile():
    yield "a"
    yield "b"


f = fragile()
print(next(f))
f.pend_throw(ValueError("stop"))
try:
    f.send(None)
except ValueError as e:
    print("raised", repr(e))
try:
    next(f)
except StopIteration:
    print("finished")
