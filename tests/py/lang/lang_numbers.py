# int/bigint edges and float repr/format corners
big = 2**64
print(big, -big, big * big, big // 3, big % 7, -big // 7, -big % 7, divmod(-big, 7))
print(2**63 - 1 + 1, (2**53 + 1) * 3, 9007199254740993, -(2**53) - 1)
print(7 // -2, -7 // 2, 7 % -2, -7 % 2, divmod(7, -2), divmod(-7.5, 2))
print(1 << 100, (1 << 100) >> 99, -1 >> 100, ~(2**70), -(2**70) & 0xff, (2**70) | 1, (2**70) ^ (2**70))
print(pow(3, 200, 1000), pow(2, -1), pow(-8, 1 / 3) if False else 0, 10**20 / 10**10, 2**0.5)
print(int("  -0x1F  ".strip(), 16), int("0b101", 0), int("0o17", 0), int("1_000"), int(3.99), int(-3.99))
print(int(1e20), int(-1e300) < 0, round(2.5), round(3.5), round(-0.5), round(1.2345, 2), round(12345, -2))
print(abs(-2**70), hash(2**70) == hash(2**70), (2**70).bit_length() if hasattr(1, "bit_length") else 71)
print(0.1 + 0.2, 1e16, 1e-5, 123456789.0, 1.0, -0.0, 1/3, 2/3, 1e300 * 1e10, -1e300 * 1e10)
print(float("nan") != float("nan"), 5e-324, 1.7976931348623157e308)
print(repr(1.1), str(1.1), repr(100.0), 1e22, 1e21, 123e-20)
print("%.3e" % 12345.678, "%g" % 0.00001234, "%g" % 1e20, "%10.4f|" % 3.14159, "%-8.2f|" % 2.5)
print("{:e}".format(0.0), "{:.0e}".format(5), "{:g}".format(100000), "{:g}".format(1000000), "{:%}".format(0.25))
print("{:.1f}".format(0.05), "{:.1f}".format(0.15), "{:.2f}".format(2.675), "{:.0f}".format(0.5))
print(float("inf"), -float("inf"), float("-nan") if False else "", int(True) + True, True * 3.0)
print(10 / 4, 10 // 4, 10.0 // 4, -10.0 // 4, 10.5 % 3, -10.5 % 3, 2 ** -2, (-2) ** 2, -2 ** 2)
for bad in ["1 / 0", "1 // 0", "1 % 0", "1.0 / 0", "2 ** -1 // 0", "int('x')", "int('12', 1)", "float('abc')", "(-1) ** 0.5"]:
    try:
        print(bad, eval(bad))
    except Exception as e:
        print(bad, type(e).__name__, e)
print(complex(1, 2) * complex(3, -1), abs(3 + 4j), (1 + 2j).real, (1 + 2j).imag, 1j ** 2)
print(min(3, 1.5, 2**70), max([2**65, 2.0**65]), sum([0.1] * 10), sum(range(101)))
