# str.split/rsplit/splitlines/partition/rpartition.


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


for s in ("a b  c d", "  a b c  ", "", "   ", "a,b,,c,", ",a,", "a\t\nb\x0bc\x0cd\re\x1cf"):
    print(repr(s), s.split(), s.split(None, 1), s.split(None, 0), s.split(","), s.split(",", 1))
    print(repr(s), s.rsplit(), s.rsplit(","), s.rsplit(",", 1), s.rsplit(",", 0), s.rsplit(" ", 2))
print("a--b--c".split("--"), "a--b--c".rsplit("--", 1), "abc".split("abc"), "abc".rsplit("abc"))
print("a b c".split(" ", -1), "a b c".rsplit(" ", -1), "a b c".rsplit(None, -1), "abc".split(None, True))
show(lambda: "abc".split(""))
show(lambda: "abc".rsplit("", 1))
show(lambda: "abc".split(1))
show(lambda: "abc".split(None, "1"))
show(lambda: "abc".split(None, 1.5))
show(lambda: "a a a".rsplit(None, 1))
show(lambda: "a b".split(maxsplit=1))

for s in ("a\nb\r\nc\rd\n", "abc", "abc\n", "\n", "", "a\n\nb", "a\r\n\r\nb\r", "a\x0bb\x0cc\x1cd"):
    print(repr(s), s.splitlines(), s.splitlines(True), s.splitlines(keepends=True))

print("abcabc".partition("b"), "abcabc".rpartition("b"), "abc".partition("x"), "abc".rpartition("x"))
print("ab".partition("ab"), "abab".rpartition("ab"))
show(lambda: "abc".partition(""))
show(lambda: "abc".rpartition(1))
show(lambda: "abc".partition(None))
