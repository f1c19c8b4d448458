# oracle: skip -- an upy extension: MicroPython's asyncio has no all_tasks() (its issue
# #9737); this expected output is CPython's: every task not yet finished, the running
# one included, counted from its creation (before it first runs); a new event loop
# starts empty.
import asyncio


async def pause(seconds):
    await asyncio.sleep(seconds)


async def fail():
    raise ValueError("failed")


async def main():
    me = asyncio.current_task()
    short = asyncio.create_task(pause(0.01))
    long = asyncio.create_task(pause(5))
    failing = asyncio.create_task(fail())
    print(len(asyncio.all_tasks()), me in asyncio.all_tasks(), short in asyncio.all_tasks())
    long.cancel()
    try:
        await failing
    except ValueError:
        print("ValueError")
    await asyncio.sleep(0.05)
    print(len(asyncio.all_tasks()), short in asyncio.all_tasks(), long in asyncio.all_tasks())
    print(type(asyncio.all_tasks()) is set)


asyncio.run(main())
asyncio.new_event_loop()


async def count():
    print("after new_event_loop:", len(asyncio.all_tasks()))


asyncio.run(count())
