# oracle: skip -- an upy extension: MicroPython has no atexit module (only sys.atexit; a
# module is proposed in its PR #16063), so this expected output is CPython's: handlers run
# last-registered first once the program ends, with the arguments given to register,
# which returns the function (so it decorates too); sys.atexit's function runs last.
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
