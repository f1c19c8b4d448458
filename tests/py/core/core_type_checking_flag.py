# oracle: skip -- MicroPython 1.29 folds TYPE_CHECKING (MICROPY_COMP_TYPE_CHECKING); the 1.27
# reference predates it, so this .exp is written by hand from upstream's type_checking tests.
TYPE_CHECKING = False

print("TYPE_CHECKING" in globals())
print(TYPE_CHECKING, not TYPE_CHECKING)

if TYPE_CHECKING:
    from typing import Sequence
try:
    Sequence
except NameError:
    print("typing-only import skipped")


class Sensor:
    if TYPE_CHECKING:

        def read(self) -> int: ...

    def name(self):
        return "adc" if not TYPE_CHECKING else "never"


print(hasattr(Sensor, "read"), Sensor().name())


def scaled(v):
    if TYPE_CHECKING:
        raise RuntimeError("unreachable")
    return v * 3


print(scaled(4))

# Any other value, or any other name, is an ordinary assignment.
DEBUG = False
print("DEBUG" in globals())
