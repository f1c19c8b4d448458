# oracle: skip -- the .exp is the reference's output, but make_expected's run names the callback's file "<stdin>"
# A scheduled callback's exception is printed with its own traceback and the program goes on,
# for every exception type (also KeyboardInterrupt and SystemExit); none runs inside another.
import micropython


def fail(x):
    print("callback", repr(x))
    raise x


def nested(x):
    print("nested start")
    micropython.schedule(fail, OSError(5))
    for i in range(3000):
        pass
    print("nested end")


for exc in (ValueError("boom", 1), KeyboardInterrupt(), SystemExit(3)):
    micropython.schedule(fail, exc)
    try:
        for i in range(3000):
            pass
    except BaseException as e:
        print("main caught", repr(e))
micropython.schedule(nested, 0)
for i in range(3000):
    pass


def recurse(n):
    return n if n == 0 else recurse(n - 1)


# Code that only calls (no loop) runs callbacks too.
micropython.schedule(fail, IndexError("from recursion"))
for i in range(100):
    recurse(40)
print("end")
