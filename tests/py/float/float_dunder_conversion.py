# Objects of user classes convert to float and complex only through their own
# __float__ / __complex__, which must return exactly that type.
import math
import cmath


class Meters:
    def __init__(self, n):
        self.n = n

    def __float__(self):
        return self.n * 1.0


class Polar:
    def __complex__(self):
        return cmath.rect(2.0, 0.0)


class Both:
    def __float__(self):
        return 0.5

    def __complex__(self):
        return 9j


class WrongFloat:
    def __float__(self):
        return 3


class WrongComplex:
    def __complex__(self):
        return "3j"


class Count(int):
    pass


class Ratio(int):
    def __float__(self):
        return int(self) / 4


m = Meters(3)
print(float(m), complex(m))
print(1.5 + m, 1.5 * m, 10.0 / m)
print(2j + m)
print("%.4f" % math.sqrt(m), "%.4f" % math.sin(m))
print(complex(Polar()), 1j + Polar())
print(cmath.phase(Polar()), cmath.polar(Meters(-2)))
print(complex(Both()), 1j * Both())


def attempt(label, f):
    try:
        print(label, f())
    except TypeError as e:
        print(label, "TypeError:", e)


attempt("float(WrongFloat)", lambda: float(WrongFloat()))
attempt("math.cos(WrongFloat)", lambda: math.cos(WrongFloat()))
attempt("1.0 + WrongFloat", lambda: 1.0 + WrongFloat())
attempt("complex(WrongComplex)", lambda: complex(WrongComplex()))
attempt("1j + WrongComplex", lambda: 1j + WrongComplex())
attempt("cmath.exp(WrongComplex)", lambda: cmath.exp(WrongComplex()))
attempt("int + Meters", lambda: 2 + m)
attempt("Meters + float", lambda: m + 2.0)
attempt("float(Count)", lambda: float(Count(5)))
attempt("complex(Count)", lambda: complex(Count(5)))
attempt("float(Ratio)", lambda: float(Ratio(5)))
