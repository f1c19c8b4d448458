# hex() with a separator on bytes, bytearray and memoryview, and fromhex()
# accepting whitespace only between byte pairs.
data = b"\x01\xab\x7f\x00"
for view in (data, bytearray(data), memoryview(data)):
    print(view.hex(), view.hex("-"), view.hex(" : "))

for text in ("01ab", " 01 ab\t7f\n", "0 1", "01a", "01 a", "zz", "01:ab"):
    try:
        print(repr(text), bytes.fromhex(text), bytearray.fromhex(text))
    except ValueError as e:
        print(repr(text), "ValueError", e)
