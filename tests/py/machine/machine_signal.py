# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
from machine import Pin, Signal

led = Signal(Pin(25, Pin.OUT), invert=True)
led.on()
print(Pin(25).value(), led.value())
led.off()
print(Pin(25).value(), led.value())
led(1)
print(Pin(25).value(), led())
plain = Signal(Pin(3, Pin.OUT))
plain.value(1)
print(Pin(3).value(), plain.value())
made = Signal(4, Pin.OUT, invert=True)
made.on()
print(Pin(4).value())
button = Signal(14, Pin.IN, Pin.PULL_UP, invert=True)
print(button.value())
try:
    Signal()
except TypeError as e:
    print("TypeError:", e)
