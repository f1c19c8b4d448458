# dir() lists what getattr finds, MicroPython's special attributes included: a
# class's __name__, __bases__ and __dict__, an instance's __dict__, a module's
# __dict__, a range's start/stop/step. (Sorted here: MicroPython's own order
# follows its interned-string table.)
import sys


class Shape:
    sides = 0

    def __init__(self):
        self.colour = "red"


class Square(Shape):
    sides = 4


def special(obj):
    return sorted(n for n in dir(obj) if n.startswith("__") or n in ("start", "stop", "step", "colour", "sides"))


for obj in (Shape, Square, Shape(), Square(), int, range(1, 9, 2)):
    print(special(obj))
print("__dict__" in dir(sys), "__name__" in dir(sys), "path" in dir(sys))
