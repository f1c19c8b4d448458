# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
from machine import UART, Pin
import time

a = UART(0, 115200)
b = UART(1, 115200, tx=Pin(8), rx=Pin(9))
print(a)
print(a.any(), a.read())
b.write(b"hello\nworld")
print(b.txdone(), a.any())
b.flush()
print(b.txdone(), a.any())
print(a.readline())
print(a.read(2), a.read())
print(a.write("str too"), b.read(3), b.read())
buf = bytearray(4)
b.write(b"abcdef")
time.sleep_ms(2)
print(a.readinto(buf), buf)
print(a.readinto(buf, 2), buf)
print(a.readinto(buf))
time.sleep_ms(1)
print(b.read())
# With a timeout, a read waits (in board time) for the bytes to arrive.
slow = UART(1, 9600, tx=Pin(8), rx=Pin(9), timeout=50)
a.init(9600)
a.write(b"xy")
print(slow.read(2))
print(slow.read(1))

got = []
a.irq(lambda u: got.append(u.read()))
b.init(9600)
b.write(b"ping")
time.sleep_ms(10)
print(got)
a.irq(None)
a.deinit()

for make in (
    lambda: UART(2),
    lambda: UART(0, tx=Pin(4)),
    lambda: UART(0, rx=Pin(0)),
    lambda: UART(1, tx=Pin(0)),
    lambda: UART(0, bits=9),
):
    try:
        make()
    except ValueError as e:
        print("ValueError:", e)
