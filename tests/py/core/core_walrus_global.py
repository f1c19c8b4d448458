# A walrus inside a comprehension binds in the enclosing function; when that
# function declared the name global, the binding goes to the module.
def fill():
    global counter
    squares = [counter := n * n for n in range(4)]
    return squares


print(fill(), counter)


def outer():
    def inner():
        global last
        return [last := ch for ch in "xyz"]

    return inner()


print(outer(), last)


def nested():
    total = 0

    def add():
        nonlocal total
        return [total := total + k for k in (1, 2, 3)]

    print(add(), total)


nested()
