# oracle: skip -- the WebAssembly reference (1.27) still counts bytes; expected output
# written by hand: since MicroPython's stream write fix (PR #12227, its test
# unicode/unicode_write_count.py has CPython's output) writing a str to a text stream
# returns the number of characters, writing a buffer the number of bytes.
import io
import os
import sys

n = sys.stdout.write("naïve ☃ 🐍\n")
print("stdout", n)
s = io.StringIO()
print("StringIO", s.write("ünï"), s.write("abc"), len(s.getvalue()))
print("BytesIO", io.BytesIO().write("ü".encode()))
path = __file__ + ".tmp"
with open(path, "w") as f:
    print("text file", f.write("€uro"), f.write("\n"))
with open(path, "ab") as f:
    print("binary file", f.write("€".encode()))
with open(path) as f:
    print(repr(f.read()))
os.remove(path)
