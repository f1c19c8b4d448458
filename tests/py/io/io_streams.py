# io: StringIO, BytesIO and user IOBase streams
import io

s = io.StringIO("héllo\nworld\n")
print(s.read(2), s.readline(), s.tell(), s.read(), s.read(), s.getvalue())
s = io.StringIO()
print(s.write("abc"), s.write("dé"), s.getvalue(), s.seek(1), s.read(1), s.seek(0, 2))
b = io.BytesIO(b"0123456789")
print(b.read(3), b.seek(-2, 2), b.read(), b.seek(2), b.write(b"XY"), b.getvalue(), b.tell())
buf = bytearray(4)
b.seek(0)
print(b.readinto(buf), buf, b.readline(), b.readlines() if hasattr(b, "readlines") else [])
with io.BytesIO(b"a\nb\nc") as f:
    print([line for line in f])
print(f.closed if hasattr(f, "closed") else "")
b = io.BytesIO()
b.close()
for op in (lambda: b.write(b"x"), lambda: b.getvalue(), lambda: b.read()):
    try:
        op()
    except ValueError as e:
        print("ValueError", e)
for bad in (lambda: io.StringIO(b"x"), lambda: io.BytesIO("x"), lambda: io.StringIO().write(b"x"),
            lambda: io.BytesIO().write("x")):
    try:
        print(type(bad()).__name__)
    except TypeError as e:
        print("TypeError", e)


class Upper(io.IOBase):
    def __init__(self):
        self.data = []

    def write(self, buf):
        self.data.append(bytes(buf).upper())
        return len(buf)


u = Upper()
print("to user stream", file=u)
print(u.data)
