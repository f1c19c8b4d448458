# collections: namedtuple, OrderedDict, deque
from collections import namedtuple, OrderedDict, deque

P = namedtuple("P", "x y")
p = P(1, y=2)
print(p, p.x, p[1], P(*[3, 4]), len(p), p == (1, 2))
Q = namedtuple("Q", ["a", "b", "c"])
print(Q(1, 2, 3), isinstance(Q(1, 2, 3), tuple))
for args in ((), (1, 2, 3), (1,)):
    try:
        print(P(*args))
    except TypeError as e:
        print("TypeError", e)
try:
    p.x = 3
except AttributeError as e:
    print("AttributeError", e)

d = OrderedDict([("z", 1), ("a", 2)])
d["m"] = 3
print(d, list(d.keys()), d.popitem(), d)
print(OrderedDict(b=1, a=2) if False else "kw-skip")

q = deque((), 3)
for i in range(5):
    q.append(i)
print(q, len(q), q.popleft(), q.pop(), q)
q.appendleft(9)
print(q, list(q), 9 in q, q[0], q[-1], bool(q), bool(deque((), 2)))
q = deque([1, 2, 3], 5)
q.extend([4, 5, 6])
print(q)
for op in ("popleft", "pop"):
    try:
        getattr(deque((), 1), op)()
    except IndexError as e:
        print("IndexError", e)
try:
    deque()
except TypeError as e:
    print("TypeError", e)
try:
    deque((), -1)
except ValueError as e:
    print("ValueError", e)
