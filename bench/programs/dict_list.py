# Dict and list work: counting, sorting, comprehensions.
counts = {}
for i in range(200000):
    key = (i * 2654435761) % 1000
    counts[key] = counts.get(key, 0) + 1
items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
squares = [x * x for x in range(100000) if x % 3 == 0]
print(len(counts), items[:3], sum(squares) % 1000007)
