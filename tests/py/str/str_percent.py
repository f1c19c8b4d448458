# printf-style formatting with %.


def show(fmt, arg):
    try:
        print(repr(fmt), repr(fmt % arg))
    except Exception as e:
        print(repr(fmt), type(e).__name__, e)


for fmt in ("%d", "%i", "%u", "%5d|", "%-5d|", "%05d|", "%-05d|", "%+d", "% d", "%.3d", "%+.3d", "% 05d", "%x", "%X", "%#x", "%#X", "%o", "%#o", "%#6o|", "%#06x|", "%#08.3x|", "%#-08x|", "%s", "%r", "%e", "%f", "%g"):
    for v in (0, 18, -18, 2**70, True):
        show(fmt, v)
for fmt in ("%e", "%E", "%f", "%F", "%g", "%G", "%.0f", "%.2f", "%8.3f|", "%-8.3f|", "%08.3f|", "%-08.3f|", "%+.2e", "% g", "%#.0f", "%010f", "%d", "%s", "%r", "%.1s"):
    for v in (0.0, -0.0, 1.5, -2.25, 1234.5678, 1e-5, 1e16, 1e300, float("inf"), float("nan")):
        show(fmt, v)
for fmt in ("%s", "%r", "%5s|", "%-5s|", "%.2s|", "%5.1s|", "%05s|", "%c", "%5c|", "%-5c|"):
    for v in ("a", "abc", ""):
        show(fmt, v)

for v in (0, 65, 126, True):
    show("%c", v)
show("%s %s", (1, 2))
show("%s", (1,))
show("%s", [1, 2])
show("%s", {})
show("%s", ({},))
show("foo", {})
show("%(a)s-%(b)d", {"a": "x", "b": 2.7})
show("%s %(a)s", {"a": 1})
show("%*d|", (5, 3))
show("%-*d|", (5, 3))
show("%*d|", (-5, 3))
show("%*.*f|", (10, 2, 3.14159))
show("%.*s|", (2, "abc"))
show("%%%s%%", "x")
show("%d", 3.99)
show("%d", -3.99)
show("%i", 1e30)
show("%f", 2**70)


class A:
    def __int__(self):
        return 5

    def __float__(self):
        return 2.5


show("%d", A())
show("%x", A())
show("%f", A())

# errors
show("=%s=%s=", 1)
show("=%s=", (1, 2))
show("%*s", 5)
show("%(foo)s", {})
show("%(foo)*s", {"foo": "bar"})
show("%(foo)s", 1)
show("%(foo)s", ({},))
show("%(a)s %s", {"a": 1})
show("%s %s", {})
show("%(a", {"a": 1})
show("%*", 1)
show("%c", "aa")
show("%c", 1.5)
show("%c", None)
show("%l", 1)
show("a%", 1)
show("%5%", ())
show("%5%", 1)
show("%a", "x")
show("%.-1s", "x")
show("%d", "a")
show("%d", None)
show("%x", 1.5)
show("%f", "a")
show("%e", None)
show("%.*d", ("a", 1))
show("%*d", (1.5, 1))
show("%d %d", [1, 2])
show("%d", float("inf"))
show("%d", float("nan"))
show("%*d", (2**70, 1))
show("abc", 5)
show("abc", [])
