# An echo server on UART0 (GP0 TX, GP1 RX): each line it receives comes back upper-cased.
# On the mock Pico, UART1 (GP8/GP9) is cross-wired to UART0 and plays the terminal.
from machine import UART, Pin
import time

server = UART(0, 9600, tx=Pin(0), rx=Pin(1), timeout=100)
terminal = UART(1, 9600, tx=Pin(8), rx=Pin(9), timeout=100)
print(server)

for text in ["hello pico", "upy speaks uart", "bye"]:
    terminal.write(text + "\n")
    line = server.readline()  # waits up to timeout=100 ms for the whole line
    print("server got:", line)
    server.write(line.upper())
    server.flush()
    print("terminal got:", terminal.readline())
