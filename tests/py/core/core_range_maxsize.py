# oracle: skip (the wasm reference has a 32-bit sys.maxsize; expected output
# checked by hand against CPython, which agrees with the 64-bit unix port here)
# range bounds near sys.maxsize stay exact: len, indexing, membership, slicing.
import sys

top = sys.maxsize
wide = range(5, top - 5)
print(len(wide) == top - 10, wide.start == 5, wide.stop == top - 5)
neg = range(-top + 1, -1)
print(neg[0] == -top + 1, neg[-2] == -3, len(neg) == top - 2)
print(wide[0] == 5, wide[-1] == top - 6, (top - 7) in wide, (top - 5) in wide)
down = range(top, top - 4, -1)
part = down[1:3]  # (ranges compare by identity in MicroPython: check the bounds)
print([v == top - i for i, v in enumerate(down)], len(down), (part.start, part.stop, part.step) == (top - 1, top - 3, -1))
try:
    range(2**64)
except OverflowError as e:
    print(e)
