# oracle: skip
# Expected output written by hand from MicroPython's docs (library/machine.*.rst, the rp2
# quickref) and the rp2 port's messages: the reference wasm port has no machine module.
# Runs on the default board: the mock Pico with its demo wiring (hal/mock/demo.ts).
from machine import Timer
import time

start = time.ticks_ms()
ticks = []
periodic = Timer(period=100, callback=lambda t: ticks.append(time.ticks_diff(time.ticks_ms(), start)))
print(periodic)
once = []
Timer(mode=Timer.ONE_SHOT, period=250, callback=lambda t: once.append(t))
time.sleep_ms(1000)
print(ticks)
print(len(once), once[0])
periodic.deinit()
time.sleep_ms(300)
print(len(ticks))

fast = []
t = Timer(-1, freq=50, callback=lambda t: fast.append(1))
time.sleep(1)
t.deinit()
print(len(fast), t)
t.init(period=3, tick_hz=1_000_000 // 1000, callback=lambda t: fast.append(2))
print(t)
t.deinit()
t.init(mode=Timer.ONE_SHOT, period=2, tick_hz=1, callback=None)
print(t)
t.deinit()
print(Timer.ONE_SHOT, Timer.PERIODIC)


exec(compile('def failing(t):\n    raise RuntimeError("timer callback failed")\n', "handlers.py", "exec"))


bad = Timer(mode=Timer.ONE_SHOT, period=10, callback=failing)
time.sleep_ms(20)
print("program continues")
for make in (lambda: Timer(0), lambda: Timer(3)):
    try:
        make()
    except ValueError as e:
        print("ValueError:", e)
try:
    Timer(period=10, mode=5)
except ValueError as e:
    print("ValueError:", e)
try:
    Timer(period=-5, callback=print)
except ValueError as e:
    print("ValueError:", e)
