# Fade the LED in and out with PWM and draw the duty cycle as a bar.
from machine import Pin, PWM
import time

pwm = PWM(Pin("LED"), freq=1000, duty_u16=0)
print(pwm, "at", pwm.freq(), "Hz")
for step in list(range(0, 11)) + list(range(9, -1, -1)):
    duty = step * 65535 // 10
    pwm.duty_u16(duty)
    print("%5d %s" % (pwm.duty_u16(), "#" * step))
    time.sleep_ms(50)
pwm.deinit()
