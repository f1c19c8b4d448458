# oracle: skip -- imports a package from this folder, which the WebAssembly reference cannot
# read; the error types and messages below were checked against it with -c.
# __import__ as `from . import x` calls it: an empty name is fine with a level
# (the package itself), an error without one; relative imports need globals.
import imppkg

pkg_globals = {"__name__": "imppkg.helpers", "__package__": "imppkg"}
found = __import__("", pkg_globals, None, ("x",), 1)
print(found is imppkg)
for args in (("",), ("", None, None, ("x",), 1), ("", "text", None, ("x",), 1)):
    try:
        __import__(*args)
    except Exception as e:
        print(type(e).__name__, e)


calls = []
original = __import__


def tracing_import(name, globals=None, locals=None, fromlist=(), level=0):
    calls.append((name, fromlist, level))
    return original(name, globals, locals, fromlist, level)


import builtins

builtins.__import__ = tracing_import
try:
    exec("from imppkg import helpers", {"__name__": "probe"})
finally:
    builtins.__import__ = original
print(calls)
