# A builtin type's __name__ is its own name, not the descriptor it keeps for its
# instances' names: type(len).__name__ is 'function', not a descriptor.
import sys

for obj in (len, print, lambda: 0, [].append, sys, 1, "s", [], {}):
    print(type(obj).__name__)
print((lambda: 0).__name__, sys.__name__, int.__name__, type(int).__name__)
