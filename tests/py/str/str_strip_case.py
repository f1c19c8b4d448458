# str.strip/lstrip/rstrip, lower/upper and the is* tests (ASCII rules).


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


for s in ("  abc  ", "\t\n\r\x0b\x0cabc \x0c", "xxaxx", "", "abc", "\x1cabc\x1f"):
    print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr(s.strip("x")), repr(s.strip("cxa ")))
print(repr("abc".strip("")), repr("aaa".strip("a")), repr("abcba".rstrip("ab")))
show(lambda: "abc".strip(None))
show(lambda: "abc".strip(1))

for s in ("", "abc", "ABC", "AbC1", "abc1", "1", "12", "1a", " ", " \t\n\r\x0b\x0c", "\x1c", "a b", "A B", "_"):
    print(
        repr(s),
        s.lower(),
        s.upper(),
        s.isalpha(),
        s.isdigit(),
        s.isspace(),
        s.isupper(),
        s.islower(),
    )
show(lambda: "abc".lower(1))
show(lambda: str.upper(1))
