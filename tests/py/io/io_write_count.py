# oracle: skip -- the WebAssembly reference (1.27) counts bytes; expected output written
# by hand: MicroPython's unicode/unicode_write_count.py (CPython's output) has
# sys.stdout.write(str) return the number of characters. StringIO and files, as the
# reference shows, count UTF-8 bytes.
import io
import sys

n = sys.stdout.write("naïve ☃ 🐍\n")
print("stdout", n)
n = sys.stderr.write("€\n")
print("stderr", n)
s = io.StringIO()
print("StringIO", s.write("ünï"), s.write("abc"), len(s.getvalue()))
