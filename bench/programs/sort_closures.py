# Sorting with key functions, closures and lambdas.
def make_key(mod):
    def key(x):
        return (x % mod, -x)
    return key

data = [(i * 7919) % 10007 for i in range(100000)]
a = sorted(data, key=make_key(97))
b = sorted(data, reverse=True)
c = list(map(lambda v: v * 2, filter(lambda v: v & 1, data)))
print(a[:5], b[:3], len(c), sum(c) % 99991)
