# OrderedDict equality: two OrderedDicts must hold the same items in the same
# order, and (in MicroPython) an OrderedDict never equals a plain dict.
from collections import OrderedDict

first = OrderedDict([("x", 1), ("y", 2)])
same = OrderedDict([("x", 1), ("y", 2)])
swapped = OrderedDict([("y", 2), ("x", 1)])
print(first == same, first != same, first == swapped, first != swapped)
print(first == {"y": 2, "x": 1}, {"y": 2, "x": 1} == swapped)
print(first == OrderedDict([("x", 1), ("y", 3)]), first == OrderedDict([("x", 1)]))
swapped.pop("y")
swapped["y"] = 2
print(first == swapped)
