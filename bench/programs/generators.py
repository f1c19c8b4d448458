# Generators: pipelines of generator functions and expressions.
def numbers(n):
    for i in range(n):
        yield i

def evens(src):
    for x in src:
        if x % 2 == 0:
            yield x

def squared(src):
    for x in src:
        yield x * x

total = sum(squared(evens(numbers(400000))))
total2 = sum(x + 1 for x in range(300000) if x % 5)
print(total, total2)
