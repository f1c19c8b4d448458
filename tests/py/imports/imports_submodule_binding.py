# oracle: skip -- imports packages from this folder, which the WebAssembly reference cannot
# read; expected output written by hand from MicroPython's rule (its test
# import/import_pkg9.py): only the first import of a submodule binds it in its package.
import sys
import rebindpkg

print(rebindpkg.tool())
import rebindpkg.tool  # already loaded by the package: the function stays

print(rebindpkg.tool())
print(type(sys.modules["rebindpkg.tool"]).__name__)
import rebindpkg.extra  # first import: bound in the package

print(rebindpkg.extra.VALUE)
rebindpkg.extra = "replaced"
import rebindpkg.extra  # loaded before: the package's own value stays

print(rebindpkg.extra)
