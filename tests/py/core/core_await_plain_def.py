# As in MicroPython, `await` compiles in any def or lambda: a plain def that awaits
# is a generator delegating to the awaitable's iterator. A comprehension cannot
# await, and async for/with need an async def.
class Ticker:
    def __iter__(self):
        yield "tick"
        return "done"


def waits():
    result = await Ticker()
    print("awaited", result)
    return result


g = waits()
print(type(g).__name__, next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.args)

for source in (
    "def f():\n    return [await x for x in y]",
    "def f():\n    async for x in y:\n        pass",
    "def f():\n    async with x:\n        pass",
    "await x",
):
    try:
        exec(source)
        print("compiled")
    except SyntaxError as e:
        print("SyntaxError:", e)
