# str.join, replace, center, encode and the methods MicroPython lacks.


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


print(",".join(["a", "b", "c"]), "".join(("x", "y")), "-".join([]), "-".join(["one"]), "+".join("abc"))
print("/".join(x for x in ("p", "q")), ", ".join({"k": 1}))
show(lambda: ",".join(["a", 1]))
show(lambda: ",".join(["a", b"b"]))
show(lambda: ",".join(5))
show(lambda: str.join(1, []))

for old, new in (("b", "x"), ("", "-"), ("a", ""), ("abc", "Z"), ("bc", "bcbc")):
    for count in (-1, 0, 1, 2):
        print(repr(old), repr(new), count, "abcabc".replace(old, new, count))
print("aaa".replace("a", "b"), "aaa".replace("aa", "b"), "abc".replace("", "-"), "".replace("", "x"))
print("x".replace("x", "y", True))
show(lambda: "abc".replace(1, "x"))
show(lambda: "abc".replace("a", None))
show(lambda: "abc".replace("a", "x", None))
show(lambda: "abc".replace("a", "x", 1.0))
show(lambda: "abc".replace("a"))

for w in (0, 3, 4, 5, 6, 7, 10, True):
    print(repr("abc".center(w)), repr("ab".center(w)), repr("".center(w)))
show(lambda: "abc".center("6"))
show(lambda: "abc".center(6, "*"))
show(lambda: "abc".center())

show(lambda: "abc".encode(encoding="utf-8"))

for name in ("ljust", "rjust", "title", "zfill", "capitalize", "casefold", "swapcase", "isalnum", "expandtabs", "decode", "format_map"):
    show(lambda: getattr("x", name))
