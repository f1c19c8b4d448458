# str.removeprefix / str.removesuffix (MicroPython 1.29 has them; the 1.27
# reference does not, so the .exp was written by hand from the documented
# behaviour: strip the affix once when present, otherwise return the str as is).
word = "prefix-body-suffix"
print(word.removeprefix("prefix-"))
print(word.removesuffix("-suffix"))
print(word.removeprefix("body"))
print(word.removesuffix("body"))
print(repr(word.removeprefix("")), repr(word.removesuffix("")))
print(repr("ab".removeprefix("ab")), repr("ab".removesuffix("ab")))
print(repr("ab".removeprefix("abc")), repr("".removesuffix("x")))
print("aaaa".removeprefix("a"), "aaaa".removesuffix("a"))
print("€uro€".removeprefix("€"), "€uro€".removesuffix("€"))
