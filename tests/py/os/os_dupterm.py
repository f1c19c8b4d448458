# oracle: skip -- the WebAssembly port has no os.dupterm; this .exp follows
# MicroPython's documented behaviour (output copied to the stream as bytes).
import os, io

print(os.dupterm(None))
copy = io.BytesIO()
print(os.dupterm(copy))
print("copied", 1)
previous = os.dupterm(None)
print(previous is copy, copy.getvalue())
try:
    os.dupterm(copy, 5)
except ValueError as e:
    print("ValueError", e)
