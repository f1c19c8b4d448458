# array(typecode, initializer) sizes the new array from the initializer's len()
# before iterating it: a claimed length too large to allocate is a MemoryError,
# while an honest one builds the array from what the iterator yields.
from array import array


class Claims:
    def __init__(self, claimed, items):
        self.claimed = claimed
        self.items = items

    def __len__(self):
        return self.claimed

    def __iter__(self):
        return iter(self.items)


try:
    array("d", Claims(1 << 28, [1.5]))
except MemoryError:
    print("MemoryError")
print(array("i", Claims(3, [1, 2, 3])))
print(array("h", Claims(0, [])))
print(array("b", b"\x01\x02"), array("I", range(3)))
