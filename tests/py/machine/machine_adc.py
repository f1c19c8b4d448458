# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
from machine import ADC, Pin

pot = ADC(0)
print(pot, pot.read_u16())
print(ADC(Pin(26)).read_u16(), ADC(26).read_u16())
print(ADC(1).read_u16())
temp = ADC(ADC.CORE_TEMP)
print(temp, ADC.CORE_TEMP)
reading = temp.read_u16()
volts = reading * 3.3 / 65535
print(reading, "%.1f C" % (27 - (volts - 0.706) / 0.001721))
for bad in (5, 25, -1):
    try:
        ADC(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    ADC(Pin(2))
except ValueError as e:
    print("ValueError:", e)
