# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
from machine import I2C, Pin
import time

i2c = I2C(0)
print(i2c)
print(i2c.scan())
print(i2c.readfrom_mem(0x76, 0xD0, 1))
buf = bytearray(2)
i2c.readfrom_mem_into(0x76, 0xF4, buf)
print(buf)
print(i2c.writeto(0x76, b"\xd0", False), i2c.readfrom(0x76, 1))
into = bytearray(1)
i2c.writeto(0x76, b"\xd0")
i2c.readfrom_into(0x76, into)
print(into)
print(i2c.writevto(0x76, [b"\xf4", b"\x25"]))

# The 24C32 EEPROM: two address bytes, and busy (NACK) while it writes a page.
i2c.writeto_mem(0x50, 0x0010, b"upy!", addrsize=16)
try:
    i2c.readfrom_mem(0x50, 0x0010, 4, addrsize=16)
except OSError as e:
    print("busy:", e, e.errno)
time.sleep_ms(5)
print(i2c.readfrom_mem(0x50, 0x0010, 4, addrsize=16))

try:
    i2c.readfrom(0x42, 1)
except OSError as e:
    print("OSError:", e)
try:
    i2c.writeto(0x42, b"x")
except OSError as e:
    print("OSError:", e)
print(I2C(1, freq=100_000))
stuck = I2C(1, scl=Pin(3), sda=Pin(2))
try:
    stuck.scan()
except OSError as e:
    print("OSError:", e)
for make in (
    lambda: I2C(2),
    lambda: I2C(-1),
    lambda: I2C(0, scl=Pin(4)),
    lambda: I2C(0, sda=Pin(5)),
    lambda: I2C(0, scl=Pin(7)),
):
    try:
        make()
    except ValueError as e:
        print("ValueError:", e)
try:
    i2c.start()
except OSError as e:
    print("OSError:", e)
try:
    i2c.readfrom_mem(0x76, 0xD0, 1, addrsize=12)
except ValueError as e:
    print("ValueError:", e)
try:
    i2c.readfrom_into(0x76, b"xx")
except TypeError as e:
    print("TypeError:", e)
