# oracle: skip -- MicroPython's WebAssembly port (1.27) has no int.bit_length; it came
# later (upstream's basics/bit_length.py compares with CPython), so this expected
# output is CPython's.
# int.bit_length(): bits of abs(n) without sign or leading zeros, across the
# small-int and big-int representations and their boundaries.
for n in (0, 1, -1, 2, 7, 8, -8, 255, 256, 2**30 - 1, 2**30, 2**31, -(2**31), 2**53 + 1, 2**64, -(2**100) + 1):
    print(n, n.bit_length())
print(sum((1 << i).bit_length() for i in range(200)))
try:
    int.bit_length(1.5)
except TypeError:
    print("TypeError")
