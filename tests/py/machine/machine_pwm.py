# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
from machine import Pin, PWM

pwm = PWM(Pin(15), freq=1000, duty_u16=32768)
print(pwm, pwm.freq(), pwm.duty_u16(), pwm.duty_ns())
pwm.freq(50)
print(pwm.freq(), pwm.duty_u16())
pwm.duty_ns(1_500_000)
print(pwm.duty_ns(), pwm.duty_u16())
pwm.duty_u16(65535)
pwm.init(freq=10_000_000)
print(pwm.freq(), pwm.duty_u16())
pwm.freq(123_456)
print(pwm.freq())
inv = PWM(Pin(14), freq=2000, duty_u16=16384, invert=True)
print(inv, inv.freq())
print(Pin(15))
pwm.deinit()
for f in (1, 300_000_000):
    try:
        pwm.freq(f)
    except ValueError as e:
        print("ValueError:", e)
pwm.freq(100)
try:
    pwm.duty_ns(20_000_000)
except ValueError as e:
    print("ValueError:", e)
try:
    PWM(Pin(30))
except ValueError as e:
    print("ValueError:", e)
try:
    PWM(Pin(15), duty=5)
except TypeError as e:
    print("TypeError:", e)
