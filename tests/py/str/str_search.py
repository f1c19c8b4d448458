# str.find/rfind/index/rindex/count/startswith/endswith: bounds, tuples, errors.


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


s = "abcab"
for start in (None, -10, -2, 0, 2, 5, 6, 10):
    for end in (None, -10, -1, 0, 3, 5, 10):
        print(
            start,
            end,
            s.find("ab", start, end),
            s.rfind("ab", start, end),
            s.count("ab", start, end),
            s.startswith("ab", start, end),
            s.endswith("ab", start, end),
            s.find("", start, end),
            s.rfind("", start, end),
            s.startswith("", start, end),
            s.endswith("", start, end),
        )

print("aaaa".count("aa"), "aaaa".count("a"), "abc".count(""), "".count(""))
print("abc".startswith(("x", "a")), "abc".endswith(("x", "y")), "abc".endswith(()))
show(lambda: "abc".index("z"))
show(lambda: "abc".rindex("z"))
show(lambda: "abc".index("c", 1, 2))
print("abcabc".index("c"), "abcabc".rindex("c"), "abcabc".index("c", 3))
show(lambda: "abc".find(1))
show(lambda: "abc".find("b", "1"))
show(lambda: "abc".find("b", 1.0))
show(lambda: "abc".count(None))
show(lambda: "abc".startswith(1))
show(lambda: "abc".startswith(("x", 1)))
show(lambda: "abc".startswith(["a"]))
show(lambda: "abc".find())
show(lambda: "abc".find("b", True))

# non-BMP characters count as one index each
t = "a\U0001f600b\U0001f600c"
print(t.find("b"), t.rfind("\U0001f600"), t.index("c", 2), t.count("\U0001f600", 1))
print(t.startswith("b", 2), t.endswith("b", 0, 3), t.find("\U0001f600", 2, 4))


class S(str):
    pass


# a str subclass works as self but not as an argument
print(S("abcd").find("c"))
show(lambda: "abc".find(S("b")))
