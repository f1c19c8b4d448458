# oracle: skip -- the WebAssembly port has no sys.atexit; expected output written by hand
# from MicroPython's docs (unix port: one function, called after the main program ends,
# even when it ends with SystemExit; sys.atexit returns the function it replaces).
import sys

log = []


def first():
    print("first: never runs, it was replaced")


def farewell():
    print("farewell, log =", log)


print(sys.atexit(first))
print(sys.atexit(farewell) is first)
log.append("work")
print("main program done")
raise SystemExit
