# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
from machine import SoftI2C, Pin

i2c = SoftI2C(scl=Pin(5), sda=Pin(4), freq=100_000)
print(i2c)
print(SoftI2C(Pin(5), Pin(4)))
print(i2c.scan())
print(i2c.readfrom_mem(0x76, 0xD0, 1))
i2c.writeto_mem(0x76, 0xF4, b"\x25")
print(i2c.readfrom_mem(0x76, 0xFA, 3))

# The primitive operations: address byte, register, repeated start, read.
i2c.start()
print(i2c.write(bytes([0x76 << 1, 0xD0])))
i2c.start()
print(i2c.write(bytes([0x76 << 1 | 1])))
buf = bytearray(1)
i2c.readinto(buf)
i2c.stop()
print(buf)
i2c.start()
print(i2c.write(bytes([0x42 << 1])))
i2c.stop()

try:
    i2c.readfrom(0x42, 1)
except OSError as e:
    print("OSError:", e)
stuck = SoftI2C(scl=Pin(3), sda=Pin(2))
try:
    stuck.readfrom(0x76, 1)
except OSError as e:
    print("OSError:", e)
try:
    SoftI2C(scl=Pin(5))
except TypeError as e:
    print("TypeError:", e)
