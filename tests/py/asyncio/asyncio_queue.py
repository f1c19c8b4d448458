# oracle: skip -- see asyncio_api.py; expected output checked against CPython's asyncio,
# whose Queue MicroPython 1.29's asyncio.Queue follows (its tests compare with CPython).
import asyncio


async def worker(name, jobs, results):
    while True:
        job = await jobs.get()
        if job is None:
            jobs.task_done()
            return
        await asyncio.sleep(0)
        results.append((name, job * job))
        jobs.task_done()


async def main():
    jobs = asyncio.Queue(maxsize=3)
    print(jobs.maxsize, jobs.qsize(), jobs.empty(), jobs.full())
    results = []
    workers = [asyncio.create_task(worker(n, jobs, results)) for n in ("a", "b")]
    for job in range(1, 8):
        await jobs.put(job)
        print("queued", job, "size", jobs.qsize())
    await jobs.join()
    print("all done", sorted(r for _, r in results))
    for _ in workers:
        await jobs.put(None)
    await jobs.join()
    print("workers finished", all(w.done() for w in workers))

    small = asyncio.Queue(1)
    small.put_nowait("only")
    for action in (lambda: small.put_nowait("more"), small.get_nowait, small.get_nowait):
        try:
            print("got", action())
        except asyncio.QueueFull:
            print("QueueFull")
        except asyncio.QueueEmpty:
            print("QueueEmpty")
    small.task_done()
    try:
        small.task_done()
    except ValueError as e:
        print("ValueError:", e)

    # A cancelled getter leaves the queue usable for the next one.
    waiting = asyncio.create_task(small.get())
    await asyncio.sleep(0)
    waiting.cancel()
    try:
        await waiting
    except asyncio.CancelledError:
        print("getter cancelled")
    await small.put("after")
    print(await small.get())


asyncio.run(main())
