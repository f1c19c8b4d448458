# oracle: skip -- the reference runs scheduled callbacks at every backward jump,
# upy between bytecodes at a polling interval; both keep MicroPython's queue of 8.
import micropython

got = []
try:
    for i in range(20):
        micropython.schedule(got.append, i)
except RuntimeError as e:
    print("RuntimeError", e)
for i in range(5000):
    pass
print(sorted(got)[:3], len(got) <= 20)
