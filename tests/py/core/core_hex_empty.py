# hex() of empty binary data is the empty bytes b'' in MicroPython, not "".
for empty in (b"", bytearray(), memoryview(b"abc")[1:1]):
    print(empty.hex(), empty.hex(":"), type(empty.hex()).__name__)
print(b"\x01\xfe".hex(), bytearray(b"\x00\x10").hex("-"), memoryview(b"AB").hex())
print(bytes.fromhex(""), bytes.fromhex("0aff"))
