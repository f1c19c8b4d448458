# round(x, ndigits): ndigits must be an int; None is not taken as "no ndigits" (a
# TypeError naming the type, as MicroPython words it), while round(x) gives an int.
for args in ((2.5,), (3.5,), (1.25, 1), (1234, -2), (7, 0), (1.5, None), (2, None), (1.5, "1"), (9, 1.0)):
    try:
        print(args, "->", round(*args))
    except TypeError as e:
        print(args, "-> TypeError:", e)
