# oracle: skip -- see asyncio_api.py; expected output written by hand from MicroPython's
# extmod/asyncio_threadsafeflag.py.exp: a task woken by ThreadSafeFlag.set() joins the
# run queue when the loop next looks for work, so the task that set the flag and then
# yielded runs on first (an Event wakes its waiter straight away instead).
import asyncio
import micropython


async def waiter(name, sync):
    await sync.wait()
    print(name, "woke")


def set_later(flag):
    flag.set()


async def main():
    for kind in (asyncio.ThreadSafeFlag, asyncio.Event):
        sync = kind()
        task = asyncio.create_task(waiter(kind.__name__, sync))
        await asyncio.sleep(0)
        sync.set()
        await asyncio.sleep(0)
        print(kind.__name__, "setter ran again")
        await task
    flag = asyncio.ThreadSafeFlag()
    task = asyncio.create_task(waiter("scheduled", flag))
    await asyncio.sleep(0)
    micropython.schedule(set_later, flag)
    await task
    print("done")


asyncio.run(main())
