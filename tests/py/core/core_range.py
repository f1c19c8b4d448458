# range: its start/stop/step attributes, slicing the way MicroPython maps the
# resolved slice indices back through the range.

r = range(3, 30, 4)
print(r.start, r.stop, r.step, range(7).start, range(7).step)
try:
    r.stop = 1
except AttributeError:
    print("attributes are read-only")

for piece in (r[1:], r[::2], r[1:-1:3], r[::-1], r[5:1:-2], range(9)[2:7], range(10, 0, -3)[:]):
    print(piece, list(piece))

try:
    range(5)[-6]
except IndexError as e:
    print(e)
