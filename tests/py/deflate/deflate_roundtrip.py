# deflate: compress and decompress in every format and window, across writes
import deflate, io


def compress(data, *args, chunk=0):
    b = io.BytesIO()
    with deflate.DeflateIO(b, *args) as g:
        if chunk:
            for i in range(0, len(data), chunk):
                print(g.write(data[i : i + chunk]), end=" ")
            print()
        else:
            g.write(data)
    return b.getvalue()


def decompress(data, *args):
    with deflate.DeflateIO(io.BytesIO(data), *args) as g:
        return g.read()


text = b"the quick brown fox jumps over the lazy dog; " * 20 + bytes(range(256))
for fmt in (deflate.RAW, deflate.ZLIB, deflate.GZIP):
    for wbits in (0, 5, 9, 15):
        z = compress(text, fmt, wbits)
        print(fmt, wbits, len(z), z[:4], z[-4:], decompress(z, fmt, wbits) == text)

# AUTO detects zlib and gzip when reading; means RAW when writing
print(decompress(compress(b"zlib!", deflate.ZLIB)), decompress(compress(b"gzip!", deflate.GZIP)))
print(compress(b"auto") == compress(b"auto", deflate.RAW))

# several writes share the history; str is written as UTF-8
print(compress(b"abcabcabc" * 5, deflate.ZLIB, chunk=7))
print(compress("héllo wörld", deflate.RAW))
print(compress(b""), compress(b"", deflate.ZLIB))

# reading in pieces: read(n), readinto, readline, iteration of lines
z = compress(b"line one\nline two\nthree\n", deflate.GZIP)
g = deflate.DeflateIO(io.BytesIO(z))
print(g.read(4), g.readline(), g.readline(3))
buf = bytearray(5)
print(g.readinto(buf), buf, g.read(), g.read(), g.readline())

# close=True closes the underlying stream
b = io.BytesIO()
g = deflate.DeflateIO(b, deflate.RAW, 0, True)
g.write(b"x")
g.close()
try:
    b.getvalue()
except ValueError as e:
    print("closed", e)
print(repr(deflate.DeflateIO(io.BytesIO())))
