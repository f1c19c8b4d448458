# binascii: hex, base64 and crc32, with their errors
import binascii

for data in (b"", b"\x00", b"hello", bytes(range(20)), bytearray(b"xyz")):
    h = binascii.hexlify(data)
    b = binascii.b2a_base64(data)
    print(h, binascii.unhexlify(h), b, binascii.a2b_base64(b), binascii.crc32(data))
print(binascii.hexlify(b"abc", "-"), binascii.hexlify(b"abc", b":"), binascii.b2a_base64(b"ab", newline=False))
print(binascii.crc32(b"world", binascii.crc32(b"hello ")), binascii.crc32(b"a", 0xFFFFFFFF))
print(binascii.a2b_base64(b"aGV sbG8=\n"), binascii.unhexlify("4142"))
for fn, arg in ((binascii.hexlify, 12), (binascii.crc32, "str")):
    try:
        print(fn(arg))
    except Exception as e:
        print(type(e).__name__, e)
