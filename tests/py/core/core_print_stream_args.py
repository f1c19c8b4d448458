# print: file=None is no stream (OSError, not "use stdout"), and sep/end may be bytes,
# written as they are; bytes.decode takes its encoding and errors positionally only.
try:
    print("lost", file=None)
except OSError as e:
    print("OSError:", e)
print("a", "b", sep=b"+", end=b"!\n")
for bad in ({"sep": None}, {"end": 3}):
    try:
        print("x", **bad)
    except TypeError as e:
        print("TypeError:", e)
print(b"caf\xc3\xa9".decode("utf-8"), b"ok".decode())
try:
    b"abc".decode(encoding="utf-8")
except TypeError as e:
    print("TypeError:", e)
