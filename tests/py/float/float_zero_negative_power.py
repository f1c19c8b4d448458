# Zero to a negative power is a ZeroDivisionError worded as MicroPython words any
# division by zero, for int and float operands and pow(); zero to a complex power
# keeps its own message.
for make in (lambda: 0 ** -1, lambda: 0.0 ** -2, lambda: 0 ** -1.5, lambda: pow(0, -3), lambda: 0j ** 1j):
    try:
        print(make())
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
print(0 ** 0, 0.0 ** 0, 2 ** -1, (-8) ** -1)
