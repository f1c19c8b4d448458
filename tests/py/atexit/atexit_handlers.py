# oracle: skip -- MicroPython's WebAssembly port (1.27) has no atexit module; the
# expected output follows CPython's documented atexit semantics, which MicroPython 1.29's
# module keeps: handlers run last-registered first once the program ends, with the
# arguments given to register, which returns the function (so it decorates too).
import atexit
import sys

log = []


@atexit.register
def first():
    print("first registered, runs last;", "log:", log)


def greet(name, punctuation="."):
    print("goodbye " + name + punctuation)


print(atexit.register(greet, "world", punctuation="!") is greet)
atexit.register(greet, "twice")


def dropped():
    print("unregistered, never runs")


atexit.register(dropped)
atexit.register(dropped)
atexit.unregister(dropped)
atexit.unregister(dropped)  # not registered any more: no error
sys.atexit(lambda: print("sys.atexit runs after the atexit handlers"))
log.append("set before exit")
print("main program done")
raise SystemExit
