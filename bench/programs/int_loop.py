# Integer loops and arithmetic.
total = 0
i = 0
while i < 2000000:
    total = (total + i * 7) % 1000003
    i += 1
print(total)
