# sys.print_exception: the "Traceback" header only when the exception has frames to show.
import io
import sys


def show(e):
    text = io.StringIO()
    sys.print_exception(e, text)
    for line in text.getvalue().split("\n"):
        if line.startswith('  File "'):
            line = "  File ..., " + line.split('", ')[1]  # the file name differs by runner
        print(line)


show(ValueError("never raised"))
show(KeyboardInterrupt())
try:
    raise OSError(2)
except OSError as e:
    show(e)


def inner():
    return 1 // 0


try:
    inner()
except ZeroDivisionError as e:
    show(e)
print("done")
