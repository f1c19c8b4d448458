# Error messages and str formatting corners, as MicroPython words them
print("abc".center(2), "abc".center(8), "".join([]), "a".join(["x"]))
print("a-b-c".split("-", 1), "a-b-c".rsplit("-", 1), "abc".split("abc"), " ".split(" "), "".split())
print("hello".find("l", 3), "hello".rfind("l", 0, 3), "hello".find(""), "hello".count(""), "hello".count("l", 3))
print("aaa".replace("a", "b", 2), "abc".replace("", "-"), "Hello".swapcase() if hasattr("", "swapcase") else "", "x".strip("xy"))
print("ab\tc".expandtabs() if hasattr("", "expandtabs") else "", "abc".startswith(("x", "a")), "abc".endswith("bc", 1))
print("12".isdigit(), "".isdigit(), " ".isspace(), "aB".islower(), "AB".isupper(), "a1".isalpha(), "abc".isalnum() if hasattr("", "isalnum") else "")
print("%s %s" % ("a", "b"), "%d" % 3.7, "%5s|%-5s|" % ("ab", "cd"), "%.2s" % "abcdef", "%+d % d" % (5, 5), "%05.1f" % -2.5)
print("%x %X %#x %#o" % (255, 255, 255, 8), "%e" % 0, "%g %g" % (1e-5, 123456789), "%%", "%c%c" % ("a", 98))
try:
    print("%d %d" % (1,))
except TypeError as e:
    print("TypeError", e)
try:
    print("%d" % (1, 2))
except TypeError as e:
    print("TypeError", e)
try:
    print("%d" % "s")
except TypeError as e:
    print("TypeError", e)
print("{} {}".format(1, 2), "{1} {0}".format(1, 2), "{a}".format(a=5), "{:*^10}".format("mid"), "{:+}".format(3))
print("{:,}".format(1234567), "{:_}".format(1234567) if False else "", "{:08.3f}".format(-3.14159), "{:x}".format(255), "{:#b}".format(5))
print("{:.3}".format("abcdef"), "{:10.3}|".format("abcdef"), "{:<5}|{:>5}|{:^5}|".format(1, 2, 3), "{:=+6}".format(5))
try:
    "{} {0}".format(1, 2)
except ValueError as e:
    print("ValueError", e)
try:
    "{".format()
except ValueError as e:
    print("ValueError", e)
try:
    "{:d}".format("s")
except ValueError as e:
    print("ValueError", e)
print(str(123), str(-0.5), str([1, "a"]), str((1,)), str({}), str(set()), str(frozenset()), repr(set()))
print("abc"[-1], "abc"[0:100], "abc"[5:], "abc"[-100:1], "x" in "xyz", "" in "abc", "ab" < "b")
try:
    "abc"[3]
except IndexError as e:
    print("IndexError", e)
try:
    "abc" + 1
except TypeError as e:
    print("TypeError", e)
try:
    1 + "abc"
except TypeError as e:
    print("TypeError", e)
try:
    [1] + (2,)
except TypeError as e:
    print("TypeError", e)
try:
    None()
except TypeError as e:
    print("TypeError", e)
try:
    len(5)
except TypeError as e:
    print("TypeError", e)
try:
    x = undefined_thing
except NameError as e:
    print("NameError", e)
try:
    (1).foo
except AttributeError as e:
    print("AttributeError", e)
try:
    object().x = 1
except AttributeError as e:
    print("AttributeError", e)
try:
    {}[[1]]
except (TypeError, KeyError) as e:
    print(type(e).__name__, e)
try:
    {0: 1}[[1]]
except TypeError as e:
    print("TypeError", e)
try:
    {[1]: 2}
except TypeError as e:
    print("TypeError", e)
try:
    iter(5)
except TypeError as e:
    print("TypeError", e)
try:
    next([1])
except TypeError as e:
    print("TypeError", e)
try:
    int([1])
except TypeError as e:
    print("TypeError", e)
try:
    sorted([1, "a"])
except TypeError as e:
    print("TypeError", e)
try:
    a, b = 1
except TypeError as e:
    print("TypeError", e)
try:
    def f(x): pass
    f(1, 2)
except TypeError as e:
    print("TypeError", e)
try:
    import nonexistent_mod
except ImportError as e:
    print("ImportError", e)
try:
    [].pop()
except IndexError as e:
    print("IndexError", e)
try:
    [].remove(1)
except ValueError as e:
    print("ValueError", e)
try:
    "abc".index("z")
except ValueError as e:
    print("ValueError", e)
try:
    raise Exception("a", 1)
except Exception as e:
    print(e, repr(e), e.args)
