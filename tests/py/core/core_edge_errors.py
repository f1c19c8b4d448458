# Errors at the edges, each as MicroPython reports it: machine-word overflow,
# step slicing, unbound built-in methods, argument binding, fixed dicts.
import micropython, errno, struct, array

def attempt(text):
    try:
        print(text, "->", eval(text))
    except Exception as e:
        print(text, "->", type(e).__name__, e)

for text in ["bytearray(1 << 65)", "[0] * (1 << 65)", "'ab' * (1 << 64)", "'abc'[1 << 70]",
             "(1).to_bytes(1 << 65)", "1 << (1 << 65)", "chr(1 << 65)", "range(1 << 65)",
             "'abc'[::2]", "(1, 2, 3)[::-1]", "b'abc'[::2]", "[1, 2, 3][::2]",
             "int.to_bytes('s')", "str.upper(5)", "list.append(1, 2)",
             "float('1.2.3')", "str(b'a', encoding='utf8')", "1 in bytearray(b'a')",
             "struct.pack('bb', 1)", "struct.pack('b', 1, 2)", "errno.errorcode[errno.EIO]",
             "array.array('O', [1, 'a'])", "array.array('i') == array.array('b')"]:
    attempt(text)

for src in ["def f(): super()", "[][1:2:3] = []", "del [1, 2][::2]",
            "errno.errorcode[1] = 'x'", "errno.errorcode.clear()"]:
    try:
        exec(src)
        print(src, "ok")
    except Exception as e:
        print(src, "->", type(e).__name__, e)

def kwonly(a, *, b):
    return a + b
def positional(a, b, c):
    return a
for call in [lambda: kwonly(1), lambda: positional(a=1), lambda: positional(1, c=2)]:
    try:
        call()
    except TypeError as e:
        print("TypeError", e)

ring = micropython.RingIO(8)
print(ring, ring.write(b"hello world"), ring.any(), ring.read(3), ring.readline(), ring.any())
ring.write(b"ab\ncd")
print(ring.readline(), ring.read())
buf = bytearray(4)
ring.write(b"xyz")
print(ring.readinto(buf), buf)
for bad in [0, bytearray(1), None]:
    try:
        micropython.RingIO(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__)

def shared():
    return (1, "two", b"three")
print(shared() is shared(), (1, 2) == (1, 2))
