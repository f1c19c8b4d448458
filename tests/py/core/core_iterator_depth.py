# Wrapping an iterator in enumerate/zip/map/filter thousands of levels deep runs
# into the recursion limit as RuntimeError, like deep recursion does; a few
# levels are fine.
def tower(wrap, depth):
    it = iter("ab")
    for _ in range(depth):
        it = wrap(it)
    return it


wrappers = [
    ("enumerate", enumerate),
    ("zip", zip),
    ("map", lambda it: map(lambda x: x, it)),
    ("filter", lambda it: filter(None, it)),
]
for name, wrap in wrappers:
    print(name, len(list(tower(wrap, 20))))
    try:
        list(tower(wrap, 5000))
        print(name, "no error")
    except RuntimeError as e:
        print(name, "RuntimeError:", e)
# the limit is released again after the error
print(list(enumerate(zip("xy", map(str.upper, "pq")))))
