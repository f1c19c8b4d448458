# Count presses of a push button on GP14 (wired to ground, internal pull-up) with an IRQ,
# ignoring contact bounce: edges within 50 ms of an accepted press are dropped.
# The mock Pico's demo wiring presses the button three times once GP14 is set up.
from machine import Pin
import time

button = Pin(14, Pin.IN, Pin.PULL_UP)
presses = 0
edges = 0
last = time.ticks_ms() - 1000


def pressed(pin):
    global presses, edges, last
    edges += 1
    now = time.ticks_ms()
    if time.ticks_diff(now, last) < 50:
        return  # bounce
    last = now
    presses += 1
    print("button pressed (%d)" % presses)


button.irq(trigger=Pin.IRQ_FALLING, handler=pressed)
time.sleep(2)
print("%d presses from %d falling edges" % (presses, edges))
