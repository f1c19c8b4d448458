# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
import machine
from machine import Pin
import time

print(machine.freq())
machine.freq(200_000_000)
print(machine.freq())
try:
    machine.freq(1_000)
except ValueError as e:
    print("ValueError:", e)
machine.freq(125_000_000)
print(machine.unique_id(), len(machine.unique_id()))
print(machine.reset_cause(), machine.PWRON_RESET, machine.WDT_RESET)

# disable_irq holds callbacks back until enable_irq.
seen = []
out = Pin(2, Pin.OUT, value=0)
out.irq(lambda p: seen.append(1), Pin.IRQ_RISING)
state = machine.disable_irq()
out.on()
time.sleep_ms(5)
print("while disabled:", seen)
machine.enable_irq(state)
time.sleep_ms(1)
print("after enable:", seen)

t0 = time.ticks_ms()
machine.idle()
machine.lightsleep(100)
print(time.ticks_diff(time.ticks_ms(), t0))
# Without a time, lightsleep lasts until a callback has run.
machine.Timer(mode=machine.Timer.ONE_SHOT, period=30, callback=lambda t: print("woken"))
t0 = time.ticks_ms()
machine.lightsleep()
print(time.ticks_diff(time.ticks_ms(), t0))

# The demo button on GP14: its first press bounces low for 200 us, then again for 200 ms.
button = Pin(14, Pin.IN, Pin.PULL_UP)
print(machine.time_pulse_us(button, 0, 1_000_000))
print(machine.time_pulse_us(button, 0, 1_000_000))
print(machine.time_pulse_us(button, 0, 1_000_000))
print(machine.time_pulse_us(button, 0, 100))
print(machine.time_pulse_us(Pin(15, Pin.IN), 1, 1000))

machine.bitstream(Pin(16, Pin.OUT), 0, (400, 850, 800, 450), b"\xa5")
try:
    machine.bitstream(Pin(16), 1, (400, 850, 800, 450), b"")
except ValueError as e:
    print("ValueError:", e)
try:
    machine.soft_reset()
except SystemExit:
    print("soft_reset raises SystemExit")
print("resetting")
try:
    machine.reset()
finally:
    print("not reached")
