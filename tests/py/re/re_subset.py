# re: MicroPython's subset, match objects, sub/split, and rejected syntax
import re

r = re.compile(r"(\w+)@(\w+)\.com")
m = r.search("mail bob@example.com now")
print(m.group(0), m.group(1), m.group(2))
print(re.match(r"\d+", "123abc").group(0), re.match(r"\d+", "abc"))
print(re.sub(r"(\d)", r"<\1>", "a1b2"), re.sub(r"\s+", "-", "a  b   c", 1), re.sub("x", lambda m: "Y", "axbx"))
print(re.search(r"^ab|cd$", "xcd").group(0), re.match(r"a*?b", "aaab").group(0), re.match(r"(?:ab)+", "ababx").group(0))
print(re.match(r"[^a-c]+", "xyzabc").group(0), re.match(r"[\d\s]+", "1 2 3x").group(0), re.search(r"\bfoo", "a foo") )
print(re.match(b"a(b)", b"abc").group(1), re.compile("a").match("xa", 1).group(0))
print(re.match(r"a{2,3}", "aaaa").group(0), re.match(r"(a)|(b)", "b").group(2), re.match(r"(a)?b", "b").group(1))
for bad in ("(", ")", "[a", "a**", "+a", "(?P<n>a)", "a{", "\\"):
    try:
        re.compile(bad)
        print(repr(bad), "ok")
    except Exception as e:
        print(repr(bad), type(e).__name__, e)
m = re.match("(a)", "a")
for fn in (lambda: m.group(2), lambda: m.group("x"), lambda: re.match(1, "a"), lambda: re.sub("a", 1, "a")):
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
