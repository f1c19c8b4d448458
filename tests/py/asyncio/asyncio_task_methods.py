# oracle: skip -- see asyncio_api.py; expected output written by hand from MicroPython's
# Task methods (its tests asyncio_task_*.py): result()/exception() raise
# InvalidStateError until done and CancelledError once cancelled; one done callback,
# called with the task and its outcome (the exception, or StopIteration(result)).
import asyncio


async def compute(n, fail=False, pause=0):
    await asyncio.sleep(pause)
    if fail:
        raise KeyError(n)
    return n * 10


def report(task, outcome):
    print("callback:", type(outcome).__name__, outcome.args)


async def main():
    ok = asyncio.create_task(compute(4))
    try:
        ok.result()
    except asyncio.InvalidStateError:
        print("result before done: InvalidStateError")
    ok.add_done_callback(report)
    try:
        ok.add_done_callback(report)
    except RuntimeError as e:
        print("second callback:", e)
    try:
        await ok
    except RuntimeError as e:
        print("await with a callback:", e)
    while not ok.done():
        await asyncio.sleep(0)
    print("result", ok.result(), "exception", ok.exception())
    print("cancelled", ok.cancelled(), "coro kept", ok.get_coro() is ok.coro)

    bad = asyncio.create_task(compute(5, fail=True))
    bad.add_done_callback(report)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("exception()", repr(bad.exception()))
    try:
        bad.result()
    except KeyError as e:
        print("result() raises", repr(e))

    stopped = asyncio.create_task(compute(7, pause=5))
    await asyncio.sleep(0)
    stopped.cancel()
    print("cancelled before it runs again:", stopped.cancelled())
    await asyncio.sleep(0)
    print("cancelled after:", stopped.cancelled())
    for method in (stopped.result, stopped.exception):
        try:
            method()
        except asyncio.CancelledError:
            print(method.__name__, "raises CancelledError")

    quiet = asyncio.create_task(compute(6))
    quiet.add_done_callback(report)
    print("removed", quiet.remove_done_callback(report), quiet.remove_done_callback(report))
    print("quiet result", await quiet)
    done_now = quiet
    done_now.add_done_callback(report)  # already done: called at once
    for setter in (done_now.set_result, done_now.set_exception):
        try:
            setter(None)
        except RuntimeError:
            print(setter.__name__, "RuntimeError")


asyncio.run(main())
