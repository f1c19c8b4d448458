# oracle: skip -- the WebAssembly reference (1.27) predates the check; expected output
# written by hand from MicroPython 1.29's tests: only UTF-8 and ASCII exist, so
# any other encoding name is a LookupError for decode, encode and str() (message as CPython words it).
for name in ("utf-8", "UTF-8", "utf8", "utf_8", "ascii", "ASCII"):
    print(name, b"ok".decode(name), "ok".encode(name), str(b"ok", name))
for name in ("latin-1", "utf-16", "cp437", ""):
    for label, attempt in (
        ("decode", lambda: b"x".decode(name)),
        ("encode", lambda: "x".encode(name)),
        ("str", lambda: str(bytearray(b"x"), name)),
    ):
        try:
            attempt()
            print(label, repr(name), "accepted")
        except LookupError as e:
            print(label, repr(name), "LookupError:", e)
try:
    "caf\xe9".encode("ascii")
except UnicodeError:
    print("UnicodeError for a non-ASCII character")
