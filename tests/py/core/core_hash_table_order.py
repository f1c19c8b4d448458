# dicts and sets iterate in the slot order of MicroPython's hash table, not in insertion order.
# (Negative int keys are left out: the reference is a 32-bit port, where they wrap differently.)

# literals start with one slot per item; str keys hash their UTF-8 bytes
print({'a': 1, 'b': 2, 'c': 3})
print({'one': 1, 'two': 2, 'three': 3, 'four': 4})
print([ord(k) for k in {'é': 1, 'ü': 2, 'x': 3}])

# an empty dict grows through MicroPython's table sizes as keys arrive
d = {}
for k in 'the quick brown fox jumps':
    d[k] = d.get(k, 0) + 1
print(d)
print({n: n * n for n in range(30, 0, -4)})
print(dict(zip('zyxwv', range(5))))
print(dict(red=1, green=2, blue=3))

# removals leave markers that later keys may take; popitem takes the first slot
d = {str(i): i for i in range(12)}
del d['3']
del d['7']
d['new'] = 0
d['3'] = 3
print(d)
print(d.popitem(), d.popitem())
print(d)

# copy keeps the layout, markers and all; dict(d) inserts afresh
e = d.copy()
f = dict(d)
print(e)
print(f)
print(list(e) == list(d), list(d.values())[:4], list(d.items())[:2])

# keys, values, items and iteration agree
g = {k: len(k) for k in ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta']}
print(list(g), list(g.values()), [k for k, v in g.items()])

# floats place by their integer part, tuples by the sum of their items' hashes
print({2.5: 'a', 0.25: 'b', 1: 'c', 7.75: 'd'})
print({(1, 2): 'a', (0, 0): 'b', (2, 1): 'c', (3, 3): 'd'})
print(hash((1, 2)) - hash(()), hash((1, 2)) == hash((2, 1)), hash(0.5), hash(3.75))

# sets: literals, set(), algebra, pop
s = {'pear', 'apple', 'fig', 10, 3}
print(s)
t = set('mississippi')
print(t, set(range(20, 0, -3)))
print(s | {'kiwi'}, s & {3, 'fig', 'nope'}, s - {'fig'}, s ^ {10, 'lime'})
u = set(range(8))
u.discard(2)
u.add(50)
print(u, u.pop(), u)
print(frozenset('abc'), frozenset({5, 3, 1}))

# json writes in the dict's order too
import json
print(json.dumps({'b': 1, 'a': [1, 2], 'c': {'z': 1, 'y': 2}}))

# **kwargs starts with one slot per keyword passed, in the order they were passed
def kw(**k):
    return k
m = {'i': 1, 'gf': 1, 'ici': 15, '97': 0, '70': 5, 'ai': 5, '87': 2}
print(kw(**m), kw(z=1, y=2, x=3), dict(**m))
print(dict.fromkeys(['k1', 'k2', 'k3', 'k4'], 0), dict.fromkeys(x for x in 'wxyz'))

# a set intersected with itself keeps its layout; union and intersection take one set
s = {67, 42, 'g', 'x', 5}
s.discard(42)
print(s.intersection(s), s & s, s.union(s), s.difference())
for method in ('union', 'intersection', 'intersection_update', 'symmetric_difference_update'):
    try:
        getattr(set(s), method)()
    except TypeError as e:
        print(method, e)
