# oracle: skip -- MicroPython's WebAssembly port (1.27) made an async def that yields a
# plain generator; MicroPython since has async generators (upstream's
# basics/async_agen.py), so this expected output was written by hand from CPython's.
# An async def that yields is an async generator, not an iterator: next() refuses
# it and it may not `return` a value; a plain async def is a coroutine that
# MicroPython names 'generator'.
async def ticks():
    yield 1
    yield 2


g = ticks()
print(hasattr(g, "__anext__"), hasattr(g, "__aiter__"), hasattr(g, "__next__"))
try:
    next(g)
except TypeError:
    print("TypeError")

try:
    exec("async def f():\n    yield 1\n    return 'done'")
except SyntaxError:
    print("SyntaxError")


async def plain():
    return 1


co = plain()
print(type(co), repr(co).split()[0:2])
try:
    co.send(None)
except StopIteration as e:
    print("coroutine returned", e.args)
