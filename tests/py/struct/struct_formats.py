# struct: every format character, byte orders, alignment, errors
import struct

for fmt in ("b", "B", "h", "H", "i", "I", "q", "Q", "f", "d", "?", "x", "s", "3s", "e"):
    for order in ("", "<", ">", "!", "@"):
        try:
            print(order + fmt, struct.calcsize(order + fmt))
        except Exception as e:
            print(order + fmt, type(e).__name__, e)
print(struct.pack("<hHiI", -2, 65535, -5, 7))
print(struct.pack(">qQ", -1, 2**63), struct.pack("<fd", 1.5, -2.25))
print(struct.pack("@bi", 1, 2), struct.calcsize("@bi"), struct.calcsize("bi"))
print(struct.unpack("<hHiI", struct.pack("<hHiI", -2, 65535, -5, 7)))
print(struct.unpack(">3sB", b"abc\x05"), struct.pack("5s", b"ab"), struct.pack("2s", b"abcd"))
print(struct.unpack_from("<H", b"\x00\x01\x02", 1), struct.unpack_from("B", b"abc", -1))
buf = bytearray(8)
struct.pack_into("<HH", buf, 2, 1, 2)
print(buf)
print(struct.pack("2h3B", 1, 2, 3, 4, 5), struct.unpack("2h", b"\x01\x00\x02\x00"))
for fn, args in (
    (struct.pack, ("b", 200)),
    (struct.pack, ("B", -1)),
    (struct.pack, ("h", 1, 2)),
    (struct.pack, ("hh", 1)),
    (struct.unpack, ("h", b"\x00")),
    (struct.unpack, ("h", b"\x00\x00\x00")),
    (struct.calcsize, ("z",)),
    (struct.pack, ("i", "x")),
    (struct.unpack_from, ("i", b"\x00" * 4, 2)),
    (struct.pack_into, ("i", bytearray(2), 0, 1)),
):
    try:
        print(fn(*args))
    except Exception as e:
        print(type(e).__name__, e)
for fmt in ("<l", ">L"):
    print(fmt, struct.calcsize(fmt))
print(struct.pack("hh", 1), struct.pack("h", 1, 2), struct.unpack("h", b"123"))
