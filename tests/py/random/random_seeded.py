# random: seeded sequences reproduce; ranges and errors
import random

random.seed(42)
a = [random.getrandbits(16) for _ in range(5)]
random.seed(42)
b = [random.getrandbits(16) for _ in range(5)]
print(a == b, all(0 <= x < 65536 for x in a))
random.seed(1)
print(all(0 <= random.randrange(10) < 10 for _ in range(50)))
print(all(5 <= random.randint(5, 7) <= 7 for _ in range(50)))
print(all(2 <= random.randrange(2, 20, 3) < 20 and (random.randrange(2, 20, 3) - 2) % 3 == 0 for _ in range(50)))
print(all(0.0 <= random.random() < 1.0 for _ in range(50)))
print(all(1.0 <= random.uniform(1, 2) <= 2.0 for _ in range(50)))
print(random.choice([7]), random.choice("x"), random.getrandbits(0))
for fn, args in (
    (random.randrange, (0,)),
    (random.randrange, (5, 2)),
    (random.randrange, (1, 5, 0)),
    (random.randint, (3, 1)),
    (random.choice, ([],)),
    (random.getrandbits, (-1,)),
    (random.getrandbits, (33,)),
    (random.seed, ("x",)),
):
    try:
        print(fn(*args))
    except Exception as e:
        print(type(e).__name__, e)
