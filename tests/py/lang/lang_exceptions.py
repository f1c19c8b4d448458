# exception chaining, context, finally ordering, custom hierarchies
def f():
    try:
        raise ValueError("inner")
    except ValueError as e:
        raise KeyError("outer") from e
try:
    f()
except KeyError as e:
    print(repr(e))

def g():
    try:
        return "try"
    finally:
        print("finally runs")
print(g())

def h():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print("fin", i)
h()

class MyErr(Exception):
    def __init__(self, code):
        super().__init__("code %d" % code)
        self.code = code
try:
    raise MyErr(5)
except Exception as e:
    print(type(e).__name__, e, e.code, e.args)

try:
    try:
        1 / 0
    finally:
        print("cleanup")
except ZeroDivisionError as e:
    print("caught", e)

try:
    raise ValueError
except (TypeError, ValueError) as e:
    print("tuple catch", repr(e))

def gen_raise():
    yield 1
    raise RuntimeError("from gen")
try:
    for v in gen_raise():
        print("v", v)
except RuntimeError as e:
    print(e)

e = None
try:
    raise OSError(2, "No such file")
except OSError as err:
    print(err.errno, err, err.args)
print(e)
try:
    {}["missing"]
except KeyError as err:
    print(repr(err), str(err))
try:
    [][5]
except IndexError as err:
    print(err)
try:
    int("zz")
except ValueError as err:
    print(err)
try:
    raise StopIteration(3)
except StopIteration as err:
    print(err.value)
try:
    assert 1 == 2, "assert message"
except AssertionError as err:
    print(err)
print(issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError))
with_ok = []
class CM:
    def __enter__(self):
        return self
    def __exit__(self, t, v, tb):
        with_ok.append(t.__name__ if t else None)
        return t is ValueError
with CM(), CM() as b:
    raise ValueError("swallowed")
print(with_ok)
