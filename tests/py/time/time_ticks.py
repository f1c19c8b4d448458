# time: ticks arithmetic wraps as MicroPython's, gmtime/mktime, sleeps
import time

print(time.ticks_add(0, -1) > 0, time.ticks_diff(0, time.ticks_add(0, -1)), time.ticks_diff(5, 3), time.ticks_diff(3, 5))
big = time.ticks_add(0, -1)
print(time.ticks_diff(time.ticks_add(big, 2), big), time.ticks_add(big, 1))
t0 = time.ticks_ms()
time.sleep_ms(20)
print(time.ticks_diff(time.ticks_ms(), t0) >= 20)
t0 = time.ticks_us()
time.sleep(0.01)
print(time.ticks_diff(time.ticks_us(), t0) >= 10000)
print(time.gmtime(0), time.gmtime(86400 * 366 + 3661))
print(time.mktime((2000, 1, 1, 0, 0, 0, 0, 0)) - time.mktime((1999, 12, 31, 0, 0, 0, 0, 0)))
print(type(time.time()), type(time.time_ns()), time.time_ns() > 10**18)
for fn, args in ((time.sleep, ("x",)), (time.sleep_ms, (1.5,)), (time.ticks_diff, (1,)), (time.gmtime, ("x",))):
    try:
        print(fn(*args))
    except Exception as e:
        print(type(e).__name__, e)
