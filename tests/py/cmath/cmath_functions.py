# cmath: complex functions and constants
import cmath

print(cmath.pi, cmath.e)
for z in (1 + 1j, 1 + 2j, -2 + 0.5j, 3j, 0.25):
    print(cmath.sqrt(z), cmath.exp(z), cmath.log(z), cmath.phase(z), cmath.polar(z))
    print(cmath.cos(z), cmath.sin(z))
print(cmath.rect(2, cmath.pi / 2), cmath.log10(100) if hasattr(cmath, "log10") else "")
for bad in ("x", None):
    try:
        cmath.sqrt(bad)
    except TypeError as e:
        print("TypeError", e)
try:
    cmath.log(0)
except ValueError as e:
    print("ValueError", e)
