# try/except/else/finally flow, re-raise, chaining with from, custom exceptions.
class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code

def f(n):
    try:
        if n == 0:
            raise AppError(7, "zero")
        if n == 1:
            return "one"
        r = 10 // (n - 2)
    except ZeroDivisionError as e:
        print("zde:", e)
        return "div"
    else:
        print("else", r)
        return r
    finally:
        print("finally", n)

for n in range(4):
    try:
        print("result", f(n))
    except AppError as e:
        print("AppError", e.code, e, e.args)

def loop():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print("loop finally", i)
loop()

try:
    try:
        raise KeyError("k")
    except KeyError:
        raise
except LookupError as e:
    print("re-raised", repr(e))

try:
    raise RuntimeError("outer") from ValueError("inner")
except RuntimeError as e:
    print(e)

try:
    [][1]
except (IndexError, KeyError) as e:
    print(type(e).__name__, e)

def deep(n):
    return deep(n + 1)
try:
    deep(0)
except RuntimeError as e:
    print("RuntimeError", e)

try:
    int("12x")
except ValueError as e:
    print(e)
print("e" in dir())
