# dict/set operations, slices, sorting
d = {"b": 1, "a": 2}
d["c"] = 3
del d["b"]
d["b"] = 4
print(d, list(d), list(d.values()), list(d.items()), len(d), "a" in d, d.get("z"), d.get("z", 0))
print(d.pop("a"), d.setdefault("x", 9), d, d.popitem(), d)
d2 = dict(a=1, b=2)
d2.update({"c": 3}, d=4)
print(sorted(d2.items()), sorted(dict([("x", 1), ("y", 2)]).items()), sorted(dict.fromkeys("ab", 0).items()), sorted({k: v * 2 for k, v in d2.items() if v > 1}.items()))
print(d2.keys() & {"a", "z"} if hasattr(d2.keys(), "__and__") else "", sorted(d2), sorted(d2.items(), key=lambda kv: -kv[1]))
s = {3, 1, 2}
t = {2, 3, 4}
print(sorted(s | t), sorted(s & t), sorted(s - t), sorted(s ^ t), s <= {1, 2, 3, 4}, s.isdisjoint({9}))
s.add(5)
s.discard(1)
s.remove(2)
print(sorted(s), len(s), 3 in s, frozenset([1, 2]) == {1, 2}, sorted(frozenset("aab")))
try:
    s.remove(99)
except KeyError as e:
    print("KeyError", e)
l = list(range(10))
print(l[::2], l[::-1], l[-3:], l[:-7], l[2:8:3], l[8:2:-2], l[100:], l[-100:2])
l[2:5] = ["x"]
print(l, l.index("x"), l.count(9))
del l[0:2]
print(l)
l2 = [3, 1, 2]
l2.sort(reverse=True)
print(l2, sorted("bca"), sorted([(1, "b"), (1, "a"), (0, "z")]), sorted([3, 1, 2], key=lambda x: -x))
print(list(reversed([1, 2, 3])), list(zip("ab", [1, 2, 3])), list(enumerate("xy", 1)), list(map(abs, [-1, 2])))
print(list(filter(None, [0, 1, "", "a"])), any([]), all([]), min("bca"), max([1, 5, 3], key=lambda x: -x))
print([1, 2] * 2, [[0] * 2] * 2, (1, 2) + (3,), [1, 2] == [1, 2], [1, 2] < [1, 3], (1, 2) < (1, 2, 0))
t = (1, [2])
t[1].append(3)
print(t, tuple("ab"), list((1, 2)), t.index([2, 3]), t.count(1))
print(sorted({"b": 1, "a": 2}.items()), {1: "a", True: "b"}, {(1, 2): "t"}[(1, 2)])
