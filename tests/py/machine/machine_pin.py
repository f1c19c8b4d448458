# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
from machine import Pin

led = Pin("LED", Pin.OUT)
print(led, led is Pin(25), Pin("GP25") is led)
print(led.value())
led.on()
print(led.value(), led())
led.off()
print(led.value())
led.toggle()
print(led.value())
led(0)
led.high()
print(led.value())
led.low()
print(led.value())
led.value(True)
print(led.value())

p = Pin(2, Pin.IN, Pin.PULL_UP)
print(p, p.value())
p.init(pull=Pin.PULL_DOWN)
print(p, p.value())
p.init(Pin.IN)
print(p)
print(Pin(3, Pin.OUT, value=1).value())
od = Pin(6, Pin.OPEN_DRAIN, pull=Pin.PULL_UP)
print(od, od.value())
od.value(0)
print(od.value())
od.toggle()
print(od.value())
print(Pin(7, Pin.ALT, alt=Pin.ALT_PWM))
print(Pin(20, Pin.ALT, alt=Pin.ALT_GPCK))
print(Pin(8))
print(Pin(9, Pin.OUT, drive=Pin.DRIVE_3).value(), Pin.DRIVE_0, Pin.DRIVE_3)
print(Pin.IN, Pin.OUT, Pin.OPEN_DRAIN, Pin.ALT, Pin.PULL_UP, Pin.PULL_DOWN)
print(Pin.IRQ_FALLING, Pin.IRQ_RISING)

for bad in (30, -1, "GP29", "D5", 2.5):
    try:
        Pin(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    Pin(4, Pin.ALT, alt=8)
except ValueError as e:
    print("ValueError:", e)
try:
    Pin(4, 7)
except ValueError as e:
    print("ValueError:", e)
try:
    Pin(4, Pin.OUT, drive=7)
except ValueError as e:
    print("ValueError:", e)
try:
    Pin(4, Pin.OUT, colour=1)
except TypeError as e:
    print("TypeError:", e)
try:
    Pin()
except TypeError as e:
    print("TypeError:", e)
