# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
from machine import Pin
import time

events = []


def handler(pin):
    events.append((pin, irq.flags()))


out = Pin(2, Pin.OUT, value=0)
irq = out.irq(handler, Pin.IRQ_RISING)
print(irq.trigger() == Pin.IRQ_RISING)
out.on()
print("queued, not run yet:", events)
time.sleep_ms(1)
print(events)
out.off()
time.sleep_ms(1)
print(len(events))
out.irq(handler, Pin.IRQ_FALLING | Pin.IRQ_RISING)
out.toggle()
out.toggle()
time.sleep_ms(1)
print(len(events), [f for _, f in events])
out.irq(None)
out.toggle()
time.sleep_ms(1)
print(len(events))

# The demo board's button on GP14 is pressed three times (bouncing) once it is an input.
presses = []
button = Pin(14, Pin.IN, Pin.PULL_UP)
button.irq(lambda p: presses.append(time.ticks_ms()), trigger=Pin.IRQ_FALLING)
time.sleep(2)
print("falling edges:", len(presses))


# A failing handler prints its traceback (named "handlers.py" so the output does not depend
# on where this test lives) and the program carries on.
exec(compile('def broken(pin):\n    raise ValueError("from the handler")\n', "handlers.py", "exec"))


out.off()
out.irq(broken, Pin.IRQ_RISING)
out.on()
time.sleep_ms(1)
print("still running")
