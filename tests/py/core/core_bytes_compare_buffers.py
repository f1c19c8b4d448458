# bytes against other buffers: equal to a memoryview of the same bytes (from
# either side), ordered against memoryviews and arrays by their raw bytes.
import array

view = memoryview(b"spam")
print(b"spam" == view, view == b"spam", b"spam" != view, b"spad" == view)
print(b"spam" == view[0:4], b"pa" == view[1:3], bytearray(b"spam") == view)
print(b"spal" < view, b"span" > view, b"spam" <= view, b"spam" >= memoryview(b"spam"))
codes = array.array("b", [97, 98])
print(b"ab" == codes, b"ab" < codes, codes < b"ac", b"aa" < codes)
print(b"x" == 1, b"x" == None, b"x" == "x", b"x" in [memoryview(b"x")])
