# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
from machine import RTC, WDT
import machine
import time

rtc = RTC()
print(rtc.datetime())
rtc.datetime((2025, 12, 31, 2, 23, 59, 58, 0))
time.sleep(3)
print(rtc.datetime())
try:
    rtc.datetime((2025, 2, 30, 0, 0, 0, 0, 0))
except OSError as e:
    print("OSError:", e)
print(machine.reset_cause() == machine.PWRON_RESET)

for make in (lambda: WDT(timeout=9000), lambda: WDT(1)):
    try:
        make()
    except ValueError as e:
        print("ValueError:", e)
wdt = WDT(timeout=1000)
for i in range(3):
    time.sleep_ms(800)
    wdt.feed()
print("fed in time")
try:
    time.sleep(2)
finally:
    print("not reached")
