# A .mpy (precompiled) module that cannot be used fails the import with ValueError,
# and the file is not left open (it can be removed right after).
import os
import sys

folder = sys.path[0]
mpy = folder + "/imports_fake_compiled.mpy"
with open(mpy, "wb") as f:
    f.write(b"M\x00not bytecode")
try:
    import imports_fake_compiled
except ValueError as e:
    print("ValueError:", e)
os.remove(mpy)
try:
    import imports_fake_compiled
except ImportError:
    print("ImportError once the .mpy is gone")
