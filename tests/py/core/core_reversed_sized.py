# reversed() needs only a length up front: a set fails when first stepped, not
# when made. pow(a, b, 0) is ValueError("divide by zero").
r = reversed({1, 2})
try:
    print(list(r))
except TypeError as e:
    print("TypeError", e)
try:
    reversed(5)
except TypeError as e:
    print("TypeError", e)
try:
    print(list(reversed({"a": 1})))
except KeyError as e:
    print("KeyError", e)
print(list(reversed(b"ab")), list(reversed(bytearray(b"xy"))), list(reversed("hi")), list(reversed(range(2))))
print(pow(2, 3, 1), pow(3, 2, -4))
try:
    pow(2, 3, 0)
except ValueError as e:
    print("ValueError", e)
