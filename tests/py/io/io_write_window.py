# MicroPython's extended stream write: write(buf, length) sends at most `length`
# bytes, write(buf, offset, length) starts at `offset`; both clamp to the buffer
# and return the count written.
import io

out = io.BytesIO()
data = b"0123456789"
print(out.write(data, 4), out.getvalue())
print(out.write(data, 50), out.getvalue())
print(out.write(data, 7, 2), out.getvalue())
print(out.write(data, 8, 10), out.getvalue())
print(out.write(data, 99, 3), out.getvalue())
print(out.write(memoryview(bytearray(b"abcdef")), 1, 3), out.getvalue())
print(out.write(data, 0), out.getvalue())

text = io.StringIO()
print(text.write("streams", 3), text.getvalue())
print(text.write("streams", 3, 4), text.getvalue())
