# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
# asyncio with machine: the loop idles on the board's clock, so Timer callbacks run while
# tasks sleep, and an IRQ handler wakes a task through ThreadSafeFlag.
import asyncio
import time
from machine import Pin, Timer

ticks = []
timer = Timer(period=100, callback=lambda t: ticks.append(time.ticks_ms()))
flag = asyncio.ThreadSafeFlag()
button = Pin(14, Pin.IN, Pin.PULL_UP)
button.irq(lambda p: flag.set(), Pin.IRQ_FALLING)


async def blink():
    for i in range(3):
        print("blink at", time.ticks_ms())
        await asyncio.sleep_ms(400)


async def presses():
    for i in range(3):
        await flag.wait()
        print("pressed at", time.ticks_ms())
        await asyncio.sleep_ms(300)
        flag.clear()  # drop the bounces


async def main():
    await asyncio.gather(blink(), presses())


asyncio.run(main())
timer.deinit()
print(ticks)
