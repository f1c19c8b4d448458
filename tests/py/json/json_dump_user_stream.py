# oracle: skip -- the pieces below match the WebAssembly reference (1.27), which still
# passes a bytearray; MicroPython 1.29 passes a read-only memoryview (its test
# extmod/json_dump_iobase.py), so the expected output was written by hand.
# json.dump to an io.IOBase subclass writes the text in pieces (brackets,
# separators and each value apart); print() to such a stream does the same.
import io
import json


class Recorder(io.IOBase):
    def __init__(self):
        self.pieces = []

    def write(self, buf):
        self.pieces.append(bytes(buf).decode())
        return len(buf)


r = Recorder()
json.dump([1, [2.5, None], True, {}], r)
print(r.pieces)
print("".join(r.pieces))
r = Recorder()
json.dump([], r, separators=(",", ":"))
print(r.pieces)
r = Recorder()
print("pi", 3.25, sep="=", end="!\n", file=r)
print(r.pieces)


class Kinds(io.IOBase):
    def write(self, buf):
        print(type(buf).__name__, len(buf))
        try:
            buf[0] = 0
        except TypeError:
            print("read-only")
        return len(buf)


json.dump([7], Kinds())
