# oracle: skip -- the WebAssembly reference (1.27) has no __traceback__; expected output
# written by hand from MicroPython 1.29's micropython/traceback.py: a list of
# (file, line, function) tuples, innermost call first; assigning None empties it;
# a built-in exception's args cannot be replaced (a subclass may set its own).


def inner():
    raise KeyError("k")


def outer():
    inner()


try:
    outer()
except KeyError as e:
    for file, line, name in e.__traceback__:
        print(file.split("/")[-1], line, name)
    e.__traceback__ = None
    print(e.__traceback__)
    try:
        e.args = ("other",)
    except AttributeError as err:
        print("AttributeError:", err)
print(ValueError("never raised").__traceback__)


class Wrapped(Exception):
    def __init__(self, code):
        self.args = ("code", code)


print(Wrapped(7).args)
