# An async def that yields is an ordinary generator in MicroPython: it may
# return a value and use `yield from`, iterates with next(), and has no
# async-iterator methods.
async def ticks():
    yield 1
    yield 2
    return "done"


g = ticks()
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("returned", e.args)


async def relay():
    yield from "ab"
    yield "c"


print(list(relay()), hasattr(relay(), "__anext__"), hasattr(relay(), "__aiter__"))


async def plain():
    return 1


co = plain()
print(type(co), repr(co).split()[0:2], type(ticks()))
try:
    co.send(None)
except StopIteration as e:
    print("coroutine returned", e.args)
