# Read temperature, pressure and humidity from a BME280-like sensor on I2C0 (GP4/GP5).
# The mock's sensor keeps the BME280's ids and control registers but holds compensated
# values in its data registers (see hal/mock/bme280.ts).
from machine import I2C, Pin
import time

ADDRESS = 0x76
i2c = I2C(0, scl=Pin(5), sda=Pin(4), freq=100_000)
print(i2c)
print("devices:", [hex(a) for a in i2c.scan()])
chip = i2c.readfrom_mem(ADDRESS, 0xD0, 1)[0]
print("chip id: 0x%02x" % chip)

for i in range(3):
    i2c.writeto_mem(ADDRESS, 0xF4, b"\x25")  # forced mode: one measurement
    time.sleep_ms(10)
    data = i2c.readfrom_mem(ADDRESS, 0xF7, 8)
    pressure = data[0] << 16 | data[1] << 8 | data[2]
    raw = data[3] << 16 | data[4] << 8 | data[5]
    temperature = (raw - (1 << 24) if raw & 0x800000 else raw) / 100
    humidity = (data[6] << 8 | data[7]) / 100
    print("%.2f C  %.2f hPa  %.1f %%RH" % (temperature, pressure / 100, humidity))
    time.sleep(0.5)
