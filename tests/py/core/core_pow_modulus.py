# Three-argument pow as MicroPython computes it: integers only (a float is a
# TypeError), a zero modulus divides by zero, a negative exponent gives 0 (no
# modular inverse), and the result takes the modulus's sign.
for args in ((3, 200, 1000), (2, -1, 7), (3, -2, 10), (2**70, -1, 7), (5, 3, -7), (-5, 3, 7), (7, 10**20, 10**9 + 7), (5, 3, 0), (2.0, 3, 5)):
    try:
        print(args[:2], pow(*args))
    except (TypeError, ValueError) as e:
        print(args[:2], type(e).__name__, e)
