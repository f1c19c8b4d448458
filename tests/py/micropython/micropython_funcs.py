# micropython: const, opt_level, schedule, kbd_intr, mem_info's layout
import micropython

X = micropython.const(42)
print(X, micropython.opt_level(), micropython.opt_level(1), micropython.opt_level())
micropython.opt_level(0)
micropython.kbd_intr(-1)
micropython.kbd_intr(3)
got = []
micropython.schedule(got.append, 1)
for i in range(2000):
    pass
print(got)
print(type(micropython.stack_use()))
