# bytes % args formats byte for byte: bytes values go in raw, numbers and
# other objects as their ASCII text, %c of an int is that byte.
print(b"%% %d%%" % 42)
print(b"[%s] [%r] [%6s] [%-6s]" % (b"raw\xff", b"q", b"ab", b"cd"))
print(b"%x %X %o %05d %+d %.3f" % (255, 255, 8, 42, 7, 2.5))
print(b"%c%c%c" % (72, 105, 0xE9))
print(b"\x00\xfe%s\x01" % b"\x80")
print(b"%(name)s=%(n)d" % {"name": b"speed", "n": 3})
print(b"%s" % ([1, b"two"],))
for bad in ((), (1, 2)):
    try:
        b"%s" % bad
    except TypeError as e:
        print("TypeError", e)
try:
    bytearray(b"%d") % 1
except TypeError as e:
    print("TypeError", e)
