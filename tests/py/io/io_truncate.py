# oracle: skip -- truncate() is newer than the WebAssembly reference; expected output
# written by hand from MicroPython's semantics: truncate(size=tell()) returns the size,
# keeps the position; a file may grow, a StringIO/BytesIO only shrinks; size < 0 is an error.
import io
import os


def exercise(stream, label):
    stream.write("0123456789" if label != "bytes" else b"0123456789")
    stream.seek(6)
    print(label, stream.truncate(), stream.tell(), stream.seek(0, 2))
    stream.seek(2)
    print(label, stream.truncate(4), stream.tell(), stream.seek(0, 2))
    stream.seek(1)
    print(label, stream.truncate(12), stream.seek(0, 2))
    try:
        stream.truncate(-5)
    except OSError as e:
        print(label, "OSError", e.errno)
    stream.seek(0)
    print(label, repr(stream.read(3)))


path = __file__ + ".tmp"
with open(path, "w+") as f:
    exercise(f, "file")
with open(path, "rb") as f:
    print("file on disk", f.read())
os.remove(path)
exercise(io.StringIO(), "text")
exercise(io.BytesIO(), "bytes")
