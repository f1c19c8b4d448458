# bytearray keeps the low 8 bits of each int it is built or extended from (MicroPython 1.x),
# while bytes() still refuses a value outside 0..255.
print(bytearray([-1, 256, 511, 7]))
print(bytearray(range(253, 259)))
print(bytearray([2**40 + 9, -(2**70) - 1]))
print(bytearray((True, False)))
grow = bytearray(b"ab")
grow.extend([-3, 300])
print(grow)
grow.extend(b"\x10")
print(grow)
for bad in ([1.5], ["x"]):
    try:
        bytearray(bad)
    except TypeError as e:
        print("TypeError", e)
try:
    grow.extend([None])
except TypeError as e:
    print("TypeError", e)
try:
    bytes([256])
except ValueError as e:
    print("ValueError", e)
try:
    bytes([-1])
except ValueError as e:
    print("ValueError", e)
