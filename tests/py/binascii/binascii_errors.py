# oracle: skip -- the WebAssembly port's binascii is written in Python with other
# messages; this .exp follows MicroPython's C module (modbinascii.c), by hand.
import binascii

for arg in (b"abc", b"zz", b"4g"):
    try:
        print(binascii.unhexlify(arg))
    except ValueError as e:
        print("ValueError", e)
