# Scheduled callbacks may do what has to wait for the host: an import whose code loads
# asynchronously (a built-in nothing imported yet), a sleep. One runs at a time, in order,
# and the program goes on where it was.
import micropython
import time

log = []


def load(name):
    log.append("load " + name)
    module = __import__(name)
    log.append(module.__name__ + " " + str(hasattr(module, "DeflateIO")))


def nap(ms):
    log.append("nap")
    time.sleep_ms(ms)
    log.append("nap done")


micropython.schedule(load, "deflate")
micropython.schedule(nap, 5)
micropython.schedule(log.append, "last")
total = 0
for i in range(5000):
    total += i
print(total, log)
