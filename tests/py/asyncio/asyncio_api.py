# oracle: skip -- the WebAssembly port's asyncio is its own JS-driven variant
# (no asyncio.run); this .exp is upy's output checked by hand against
# MicroPython's asyncio (the extmod/asyncio_* conformance tests fix the details).
import asyncio


async def worker(name, delay, log):
    log.append(name + " start")
    await asyncio.sleep(delay)
    log.append(name + " end")
    return name


async def failing():
    await asyncio.sleep_ms(1)
    raise ValueError("bad")


async def main():
    log = []
    # gather returns results in argument order, whatever the finishing order
    print(await asyncio.gather(worker("a", 0.03, log), worker("b", 0.01, log)))
    print(log)
    print(await asyncio.gather(failing(), worker("c", 0, log), return_exceptions=True))
    try:
        await asyncio.gather(failing(), worker("d", 0.05, log))
    except ValueError as e:
        print("gather raised", repr(e))
    print(await asyncio.gather())
    # wait_for and its timeout
    print(await asyncio.wait_for(worker("e", 0, log), 1))
    try:
        await asyncio.wait_for(worker("f", 1, log), 0.01)
    except asyncio.TimeoutError:
        print("timeout")
    print(await asyncio.wait_for_ms(worker("g", 0, log), 100))
    # tasks: done, cancel, current_task
    t = asyncio.create_task(worker("h", 1, log))
    await asyncio.sleep(0)
    print(t.done(), t.cancel(), t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled", t.done(), t.cancel())
    print(type(asyncio.current_task()).__name__)
    try:
        asyncio.current_task().cancel()
    except RuntimeError as e:
        print("RuntimeError", e)


asyncio.run(main())

# errors outside a loop and bad arguments
for fn in (lambda: asyncio.create_task(1), asyncio.current_task):
    try:
        fn()
    except (TypeError, RuntimeError) as e:
        print(type(e).__name__, e)
loop = asyncio.get_event_loop()
print(loop.run_until_complete(worker("i", 0, [])), asyncio.new_event_loop() is loop)
