# sys: standard streams and their buffers, print_exception, exc_info
import sys

print(sys.stdout, sys.stderr, sys.stdin)
print(sys.stdout.buffer, sys.stderr.buffer, sys.stdin.buffer)
print(sys.stdout.write("text\n"), sys.stdout.buffer.write(b"bytes\n"))
try:
    raise ValueError("boom")
except ValueError as e:
    import io

    buf = io.StringIO()
    sys.print_exception(e, buf)
    print(buf.getvalue().splitlines()[0], buf.getvalue().splitlines()[-1])
print(sys.implementation.name, sys.byteorder, type(sys.maxsize), type(sys.path), type(sys.argv))
print(sys.stdout.buffer.write("str\n"))
try:
    sys.stdout.buffer.write(12)
except TypeError:
    print("TypeError")
