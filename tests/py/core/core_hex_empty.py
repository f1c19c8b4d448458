# oracle: skip -- MicroPython's WebAssembly port (1.27) returned b'' for empty data;
# MicroPython 1.28 returns "" as CPython does (its PR #18808, test basics/builtin_str_hex),
# so this expected output is CPython's.
# hex() of empty binary data is the empty str, with or without a separator.
for empty in (b"", bytearray(), memoryview(b"abc")[1:1]):
    print(repr(empty.hex()), repr(empty.hex(":")), type(empty.hex()).__name__)
print(b"\x01\xfe".hex(), bytearray(b"\x00\x10").hex("-"), memoryview(b"AB").hex())
print(bytes.fromhex(""), bytes.fromhex("0aff"))
