# String building, slicing and methods.
parts = []
for i in range(200000):
    s = "item" + str(i)
    parts.append(s.upper()[1:])
text = ",".join(parts)
print(len(text), text.count("TEM1"), text[-20:])
