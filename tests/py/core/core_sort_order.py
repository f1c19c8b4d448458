# list.sort/sorted follow MicroPython's quicksort: unstable ties, key called per comparison, its comparison order
n = 0
def k(x):
    global n
    n += 1
    return x
print(sorted([3, 1, 2, 5, 4], key=k), n)
print(sorted([(1, "b"), (0, "a"), (1, "a"), (1, "c"), (0, "b")], key=lambda t: t[0]))
print(sorted([(1, "b"), (0, "a"), (1, "a"), (1, "c"), (0, "b")], key=lambda t: t[0], reverse=True))
seed = 12345
def rnd():
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed >> 16
for size in [0, 1, 2, 3, 5, 8, 13, 31, 100]:
    data = [(rnd() % 5, i) for i in range(size)]
    print(size, sorted(data, key=lambda t: t[0]) == sorted(data, key=lambda t: t[0]), [t[1] for t in sorted(data, key=lambda t: t[0])][:20])
    print([t[1] for t in sorted(data, key=lambda t: t[0], reverse=True)][:20])
    l = [rnd() % 7 for _ in range(size)]
    l.sort(reverse=True)
    print(l[:15])
try:
    sorted([1, "a", 2])
except TypeError as e:
    print(e)
try:
    sorted(["a", 1])
except TypeError as e:
    print(e)
print(sorted("hello world"), sorted([2.5, 1, 3]), sorted([[2], [1, 2], [1]]))
