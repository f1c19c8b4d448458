# oracle: skip -- an upy extension: MicroPython's arrays cannot be multiplied (CPython's
# and CircuitPython's can), so this expected output is CPython's.
# array * n repeats the items (a new array); *= repeats in place; n <= 0 empties.
from array import array

a = array("h", [1, -2])
b = a * 3
print(b, a, b is a)
print(a * 0, a * -4, array("d") * 5)
same = a
a *= 2
print(a, same is a)
a *= 0
print(a, len(a))
a.append(7)
print(a * 2)
try:
    a * 1.5
except TypeError:
    print("TypeError")
