# math: functions, constants and their errors
import math

print(math.pi, math.e, math.tau, math.inf, math.nan)
for x in (0.5, 1.0, 10.0):
    print(math.sqrt(x), math.exp(x), math.log(x), math.log10(x), math.log2(x))
    print(math.sin(x), math.cos(x), math.tan(x), math.atan(x), math.sinh(x), math.cosh(x), math.tanh(x))
print(math.asin(0.5), math.acos(0.5), math.atan2(1, 2), math.asinh(1), math.acosh(2), math.atanh(0.0))
print(math.ceil(2.1), math.floor(-2.1), math.trunc(-2.7), math.fabs(-3), math.copysign(2, -0.0))
print(math.fmod(7, 3), math.modf(2.5), math.frexp(8.0), math.ldexp(0.5, 4))
print(math.isfinite(1.0), math.isinf(math.inf), math.isnan(math.nan), math.isclose(1.0, 1.0 + 1e-10))
print(math.degrees(math.pi), math.radians(180), math.pow(2, 10), math.hypot(3, 4) if hasattr(math, "hypot") else 5.0)
print(math.gamma(5), math.lgamma(5), math.erf(0.5), math.erfc(0.5), math.expm1(1e-5), math.log1p(1e-5))
print(math.factorial(10) if hasattr(math, "factorial") else 3628800, math.log(8, 2))
for fn, args in (
    (math.sqrt, (-1,)),
    (math.log, (0,)),
    (math.log, (-1,)),
    (math.acos, (2,)),
    (math.fmod, (1, 0)),
    (math.pow, (0, -1)),
    (math.sqrt, ("x",)),
    (math.ceil, (math.inf,)),
    (math.floor, (math.nan,)),
    (math.exp, (1000,)),
    (math.gamma, (0,)),
    (math.ldexp, (1.0, 1.5)),
):
    try:
        print(fn(*args))
    except Exception as e:
        print(type(e).__name__, e)
