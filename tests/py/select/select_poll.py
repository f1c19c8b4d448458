# select: poll/ipoll/select over a user stream (ioctl) and stdout; errors
import select, io, sys

print(select.POLLIN, select.POLLOUT, select.POLLERR, select.POLLHUP)


class Pollable(io.IOBase):
    def __init__(self):
        self.ready = 0

    def ioctl(self, req, arg):
        if req == 3:
            return self.ready & arg if self.ready >= 0 else self.ready
        return -1


x = Pollable()
p = select.poll()
p.register(x, select.POLLIN)
print(p.poll(0), list(p.ipoll(0)))
x.ready = select.POLLIN | select.POLLOUT
print([(type(o).__name__, f) for o, f in p.poll(0)])
p.modify(x, select.POLLOUT)
print([(type(o).__name__, f) for o, f in p.poll(10)])
x.ready = -5
try:
    p.poll(0)
except OSError as e:
    print("OSError", e.errno)
p.unregister(x)
print(p.poll(0))
for fn in (lambda: p.unregister(x), lambda: p.modify(x, 1)):
    try:
        fn()
    except OSError as e:
        print("OSError", e.errno == 2 or e.errno)
try:
    p.modify(x)
except TypeError:
    print("TypeError")
x.ready = select.POLLIN
r, w, e = select.select([x], [], [], 0)
print(len(r), w, e)
