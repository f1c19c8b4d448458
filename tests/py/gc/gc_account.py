# gc: the account of held memory grows with data held and falls when dropped
import gc

gc.collect()
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled(), gc.collect())
before = gc.mem_alloc()
big = [bytearray(1000) for _ in range(50)]
during = gc.mem_alloc()
print(during - before >= 50000, gc.mem_free() > 0, type(gc.mem_free()))
print(gc.threshold(4096), gc.threshold() >= 0)
