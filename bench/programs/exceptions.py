# Raising and catching exceptions in a loop.
class AppError(Exception):
    pass

def check(i):
    if i % 3 == 0:
        raise AppError("bad %d" % i)
    if i % 5 == 0:
        raise ValueError(i)
    return i

caught = 0
total = 0
for i in range(300000):
    try:
        total += check(i)
    except AppError:
        caught += 1
    except ValueError as e:
        total -= e.args[0]
    finally:
        total += 1
print(caught, total)
