# oracle: skip (the WebAssembly reference has no asyncio.run; the expected output is what the
# unix port prints, as upstream's extmod/asyncio_iterator_event.py shows for a self-rescheduling
# callback beside asyncio tasks)
# A callback that schedules itself again runs at the next chance, not in a loop of its own:
# the program (here asyncio tasks) goes on in between.
import asyncio
import micropython
import time

log = []


def watchdog(deadline):
    if time.ticks_diff(deadline, time.ticks_ms()) <= 0:
        log.append("watchdog done")
        return
    micropython.schedule(watchdog, deadline)


async def worker(n):
    for i in range(3):
        await asyncio.sleep_ms(20)
        log.append("%s step %d" % (n, i))


async def main():
    watchdog(time.ticks_add(time.ticks_ms(), 300))
    await asyncio.gather(worker("a"), worker("b"))
    await asyncio.sleep_ms(400)
    print("\n".join(log))


asyncio.run(main())

# Outside asyncio too: the loop below keeps running while the callback keeps rescheduling.
count = 0


def tick(_):
    global count
    count += 1
    if count < 50:
        micropython.schedule(tick, None)


micropython.schedule(tick, None)
spins = 0
while count < 50:
    spins += 1
print(count, spins > 0)
