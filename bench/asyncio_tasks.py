# 10,000 concurrent tasks, each sleeping 10 ms; prints the wall time of each
# round (ms) so bench/asyncio_bench.ts can check it stays well under a second.
import asyncio
import time

N = 10000


async def sleeper(i):
    await asyncio.sleep_ms(10)
    return i


async def main():
    tasks = [asyncio.create_task(sleeper(i)) for i in range(N)]
    results = await asyncio.gather(*tasks)
    return sum(results)


def round_ms():
    t0 = time.ticks_ms()
    total = asyncio.run(main())
    assert total == N * (N - 1) // 2
    return time.ticks_diff(time.ticks_ms(), t0)


print(round_ms())
