# Blink the Pico's LED from a Timer, twice a second, for three seconds.
# On upy's mock Pico (the default board) run: deno task start examples/pico/blink.py
# Add --trace blink.vcd to see GP25's waveform in GTKWave or Surfer.
from machine import Pin, Timer
import time

led = Pin("LED", Pin.OUT)
start = time.ticks_ms()


def blink(timer):
    led.toggle()
    state = "on " if led.value() else "off"
    print("LED", state, "at %5d ms" % time.ticks_diff(time.ticks_ms(), start))


timer = Timer(freq=2, mode=Timer.PERIODIC, callback=blink)
time.sleep(3.2)
timer.deinit()
led.off()
print("done")
