# str.format: numbering, keywords, conversions, nested specs, escapes and errors.


def show(fmt, *args, **kwargs):
    try:
        print(repr(fmt), repr(fmt.format(*args, **kwargs)))
    except Exception as e:
        print(repr(fmt), type(e).__name__, e)


for fmt in (
    "}}{{", "{}-{}", "{0}-{1}", "{1}-{0}", "{00}", "{01}", "{!r}", "{!s}", "{0!r:>6} {0!s:>6}",
    "{:{}}", "{:{}x}", "{:{}{}x}", "{0:{1:}}", "{:{!r}}", "{:}{:{}}", "{:>{}.{}}", "{!r:{:}}",
    "{:{:{}}}", "{{}}", "{{{}}}", "{0!s:}", "plain", "", "{3}{2}{1}{0}", "a}}b",
):
    show(fmt, 1, 2, 3, 4)
show("{a}-{b!r}-{a:>4}", a=5, b="x")
show("{x:{x}}", x=7)
show("{}-{k}", 123, k="v")
show("{:d} {:s} {:.2f}", 10, "s", 2.5)

# errors
for fmt in (
    "}", "a}b", "{", "{abc", "{!", "{!d}", "{!a}", "{!}", "{!:}", "{!r", "{!rr}", "{!s :}",
    "{0!r!s}", "{:5", "{:{}", "{:}}", "{}{0}", "{0}{}", "{0:{:d}}", "{:{0}}", "{4}", "{}{}{}{}{}",
    "{a}", "{ 0 }", "{ }", "{-1}", "{+1}", "{0.x}", "{0[0]}", "{a[0]}", "{a.b}", "{0a}", "{0x1}",
    "{a]}", "{:=}", "{:*\"1\"}", "{:X}",
):
    show(fmt, "zz", a=[1])
show("{}")
show("{x}")
show("{:d}", None)
show("{:s}", None)
show("{:10}", [1])
show("{!s:10}", [1])
show("{:{}}", 1, [1])
