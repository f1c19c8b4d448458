# deflate: bad arguments, malformed streams and closed streams
import deflate, io


def attempt(fn, *args):
    try:
        print(fn(*args))
    except Exception as e:
        print(type(e).__name__, e)


def inflate(data, *args):
    return deflate.DeflateIO(io.BytesIO(data), *args).read()


attempt(deflate.DeflateIO)
attempt(deflate.DeflateIO, io.BytesIO(), 4)
attempt(deflate.DeflateIO, io.BytesIO(), -1)
attempt(deflate.DeflateIO, io.BytesIO(), deflate.RAW, 4)
attempt(deflate.DeflateIO, io.BytesIO(), deflate.RAW, 16)
attempt(deflate.DeflateIO, io.BytesIO(), "x")
attempt(inflate, b"")
attempt(inflate, b"", deflate.RAW)
attempt(inflate, b"\x07", deflate.RAW)
attempt(inflate, b"\x01\x05\x00\x00\x00", deflate.RAW)
attempt(inflate, b"abcd")
attempt(inflate, b"x\x9c3\x00\x00\x001\x00\x32")
attempt(inflate, b"x\x9c3\x00")
attempt(inflate, b"\x1f\x8c\x08\x00")
attempt(inflate, b"K\x04\x00", deflate.RAW)
# a back-reference farther than the window
far = b"hello" + bytes(600) + b"hello"
b = io.BytesIO()
with deflate.DeflateIO(b, deflate.RAW, 10) as g:
    g.write(far)
attempt(inflate, b.getvalue(), deflate.RAW, 9)
print(len(inflate(b.getvalue(), deflate.RAW, 10)))

g = deflate.DeflateIO(io.BytesIO())
g.close()
attempt(g.write, b"a")
attempt(g.read)
g = deflate.DeflateIO(io.BytesIO())
attempt(g.write, 12)
