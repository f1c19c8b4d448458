# big ints: arithmetic, bit operations, conversion to float (past the double range: inf)
f = 1
for i in range(1, 300):
    f *= i
s = str(f)
print(len(s), s[:20], s[-5:], f % 1000003, f.bit_length() if hasattr(f, "bit_length") else "")
print(2 ** 1000 // 3 ** 300, -(2 ** 200) // 7, (-(2 ** 200)) % 7, pow(7, 10 ** 20, 10 ** 9 + 7))
print(int(str(3 ** 500)) == 3 ** 500, hex(2 ** 130), int("f" * 40, 16) % 97, (10 ** 50) >> 100, -(10 ** 50) >> 100)
print(float(2 ** 1000), (2 ** 1000) / (2 ** 999), 10 ** 400 // 10 ** 399, 1 / (2 ** 1000) if False else "")
for s in ["float(2**1100)", "(2**1100) / 3", "2**1100 * 1.0", "10**400 / 10**399", "float(-2**1100)"]:
    print(s, eval(s))
try:
    int(float(2 ** 1100))
except OverflowError as e:
    print("OverflowError", e)
print((2 ** 64) * 1.5, 2 ** 64 == 2.0 ** 64, 2 ** 64 < 2.0 ** 65, hash(2 ** 64) == hash(2 ** 64), {2 ** 64: 1}[2 ** 64])
print(round(2 ** 70 / 3), int(1e18) + 1, 10 ** 18 + 1 == int("1" + "0" * 17 + "1"), -7 // 2 ** 70, 7 % -(2 ** 70))
print((2**70) & -(2**65), (2**70) | -(1), ~-(2**70), (-(2**70)) ^ (2**69), abs(-(2**64)), -(2**63) - 1)
