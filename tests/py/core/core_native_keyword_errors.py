# A native's argument parser answers an unknown keyword with "extra keyword
# arguments given" (only a Python function names the keyword); min and max read
# key and default and ignore any other keyword.
import json


def f(a):
    return a


for make in (
    lambda: sorted([2, 1], colour=1),
    lambda: print("x", colour=1),
    lambda: [].sort(colour=1),
    lambda: json.dumps(1, colour=1),
    lambda: enumerate([1], colour=1),
    lambda: "a\nb".splitlines(colour=1),
    lambda: f(1, colour=2),
):
    try:
        make()
    except TypeError as e:
        print("TypeError:", e)
print(min([3, 1], colour=1), max(4, 5, key=lambda v: -v, colour=2), min([], default="empty"))
