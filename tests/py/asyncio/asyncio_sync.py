# oracle: skip -- see asyncio_api.py; hand-checked against MicroPython's asyncio.
import asyncio


async def main():
    ev = asyncio.Event()
    out = []

    async def waiter(i):
        await ev.wait()
        out.append(i)

    ts = [asyncio.create_task(waiter(i)) for i in range(3)]
    await asyncio.sleep(0)
    print(ev.is_set(), out)
    ev.set()
    await asyncio.sleep(0)
    print(ev.is_set(), out)
    ev.clear()
    print(ev.is_set(), await ev.wait() if ev.is_set() else "cleared")

    lock = asyncio.Lock()
    order = []

    async def critical(i):
        async with lock:
            order.append(("in", i))
            await asyncio.sleep_ms(2)
            order.append(("out", i))

    await asyncio.gather(*[critical(i) for i in range(3)])
    print(order, lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError", e)

    flag = asyncio.ThreadSafeFlag()

    async def flagged():
        await flag.wait()
        return "flag seen"

    t = asyncio.create_task(flagged())
    await asyncio.sleep(0)
    flag.set()
    print(await t)

    # a task cannot be both awaited and gathered
    async def nap(ms):
        await asyncio.sleep_ms(ms)

    a = asyncio.create_task(nap(5))
    b = asyncio.create_task(nap(5))
    g = asyncio.create_task(asyncio.gather(a, b))
    await asyncio.sleep(0)
    try:
        await a
    except RuntimeError as e:
        print("RuntimeError", e)
    await g

    # streams over any upy stream
    import io

    r = asyncio.StreamReader(io.BytesIO(b"one\ntwo\nthree"))
    print(await r.readline(), await r.readexactly(3), await r.read())
    w = asyncio.StreamWriter(io.BytesIO())
    w.write(b"ab")
    w.write(b"cd")
    await w.drain()
    print(w.s.getvalue())
    try:
        asyncio.create_task(asyncio.sleep_ms(1))
    except TypeError as e:
        print("TypeError", e)


asyncio.run(main())
