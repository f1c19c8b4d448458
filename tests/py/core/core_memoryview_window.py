# memoryview(obj, offset, size): MicroPython 1.29's constructor extension (the
# 1.27 reference lacks it, so this .exp was written by hand): offset and size
# count items and are clamped to the buffer, never raising.
import array

data = b"0123456789"
print(bytes(memoryview(data, 2, 3)))
print(bytes(memoryview(data, 7)))
print(bytes(memoryview(data, -5, 2)), bytes(memoryview(data, 4, 99)))
print(len(memoryview(data, 50, 3)), len(memoryview(data, 3, -1)))

words = array.array("h", [10, 20, 30, 40, 50])
view = memoryview(words, 1, 3)
print(list(view))
view[0] = -1
print(words)

inner = memoryview(bytearray(b"abcdefgh"), 2, 5)
print(bytes(memoryview(inner, 1, 2)))
try:
    memoryview(data, "1")
except TypeError:
    print("TypeError")
