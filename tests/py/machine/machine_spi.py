# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
from machine import SPI, SoftSPI, Pin

spi = SPI(0)
print(spi)
cs = Pin(17, Pin.OUT, value=1)
print(spi.read(2))  # nothing selected: MISO floats high
cs(0)
spi.write(b"\x01")
print(spi.read(3, 0xAA))
buf = bytearray(3)
spi.readinto(buf, 0x55)
print(buf)
spi.write_readinto(b"\x10\x20\x30", buf)
print(buf)
cs(1)
spi.init(baudrate=10_000_000, polarity=1, phase=1)
print(spi)
print(SPI(1, 400_000, sck=Pin(14), mosi=Pin(15), miso=Pin(12)))

soft = SoftSPI(baudrate=100_000, sck=Pin(18), mosi=Pin(19), miso=Pin(16))
print(soft)
cs(0)
soft.write(b"\x07")
print(soft.read(1))
cs(1)

for make in (
    lambda: SPI(2),
    lambda: SPI(0, sck=Pin(10)),
    lambda: SPI(0, mosi=Pin(18)),
    lambda: SPI(1, miso=Pin(16)),
    lambda: spi.write_readinto(b"12", bytearray(3)),
):
    try:
        make()
    except ValueError as e:
        print("ValueError:", e)
try:
    SPI(0, firstbit=SPI.LSB)
except NotImplementedError as e:
    print("NotImplementedError:", e)
try:
    SPI()
except TypeError as e:
    print("TypeError:", e)
