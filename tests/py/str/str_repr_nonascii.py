# oracle: skip -- MicroPython's WebAssembly port (1.27) escaped every non-ASCII
# character; MicroPython 1.29 prints them as they are (its PR #18854; the conformance
# test unicode/bytes_decode_replace shows U+FFFD unescaped), so this expected output
# was written by hand. Only ASCII controls, DEL and lone surrogates are escaped; C1
# controls (U+0080..U+009F) print raw, unlike CPython.
samples = ["caf\xe9", "\x7f", "\x80\x9f", "\xa0", "\u0100\u2028\uffff", "\U0001f600", "\ud800", "\udfff", "a\tb\x00"]
for s in samples:
    r = repr(s)
    print(len(r), [hex(ord(c)) for c in r[1:-1]])
print(repr("\xe9'"), repr("\u00e9\""), repr(["\xe9"]))
