# array: typecodes, construction, slicing, operators, errors
from array import array

for code in "bBhHiIlLqQfd":
    a = array(code, [1, 2, 3])
    print(code, a, a.itemsize if hasattr(a, "itemsize") else "", len(a), a[1], a[-1], list(a))
a = array("h", [1, -2, 3])
a.append(4)
a.extend(array("h", [5, 6]))
a.extend(array("h", [7]))
print(a, sum(a), bytes(a)[:4])
a[0] = 100
a[1] = 8
print(a, a + array("h", [1]), array("B", b"abc"), array("f", [1.5]), array("d"))
print(array("b", [1, 2]) == array("b", [1, 2]), array("I", [1]) * 3 if False else "")
b = array("B", [1, 2, 3])
b += array("B", [4])
print(b, memoryview(b)[1], bytearray(b))
for fn in (
    lambda: array("z"),
    lambda: array("b", [1000]) if False else array("b", "abc"),
    lambda: array("b", [1])[5],
    lambda: array("b", [1]) + array("h", [1]),
    lambda: array("b", [1]).append("x"),
    lambda: array("B", [1]).pop(),
):
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
