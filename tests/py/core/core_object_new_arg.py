# object.__new__ takes only a user class: anything else, object itself included,
# is MicroPython's TypeError("arg must be user-type").
class Point:
    def __new__(cls):
        return super().__new__(cls)


for arg in (1, int, object, "Point"):
    try:
        object.__new__(arg)
    except TypeError as e:
        print(repr(arg), "->", e)
print(type(object.__new__(Point)).__name__, type(Point()).__name__)
