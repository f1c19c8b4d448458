# A keyword given twice in one call compiles; the call then fails with
# MicroPython's message, also when the function collects **kwargs.
def fixed(a, b=0):
    return a + b


def collect(**options):
    return sorted(options)


class Box:
    def put(self, *items, **labels):
        return items, sorted(labels.items())


for call in ("fixed(a=1, a=2)", "fixed(1, b=2, b=3)", "collect(x=1, x=2)",
             "Box().put(1, tag=1, tag=2)", "collect(x=1, y=2)", "Box().put(tag=3)"):
    try:
        print(call, "->", eval(call))
    except TypeError as e:
        print(call, "-> TypeError:", e)

try:
    print("x", sep="-", sep="+")
except TypeError as e:
    print("print -> TypeError:", e)
