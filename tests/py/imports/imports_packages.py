# oracle: skip — the WebAssembly reference has no file system to import from, so
# this .exp is written by hand from MicroPython's import rules (packages run
# __init__.py once, relative imports resolve against __package__/__name__,
# a circular import sees the partly initialised module, sys.modules caches).
import sys
import imppkg
print("pkg", imppkg.NAME, imppkg.helper())
from imppkg.sub import leaf
print("leaf", leaf.value(), leaf.__name__)
from imppkg import sub
print("sub", sub.__name__, sub.leaf is leaf)
import imppkg.sub.leaf as again
print("same", again is leaf, "imppkg.sub.leaf" in sys.modules)
import impcirc_a
print("circ", impcirc_a.A, impcirc_a.b_saw, impcirc_a.impcirc_b.B)
try:
    import imppkg.missing
except ImportError as e:
    print("ImportError", e)
try:
    from imppkg import nothing_here
except ImportError as e:
    print("ImportError", e)
from imppkg import *
print("star", sorted(n for n in dir() if n.startswith("pub")))
