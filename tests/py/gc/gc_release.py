# oracle: skip -- the reference's conservative GC may keep dropped objects alive;
# upy counts only what the VM can still reach, so dropping data lowers mem_alloc.
import gc

before = gc.mem_alloc()
big = [bytearray(1000) for _ in range(50)]
print(gc.mem_alloc() - before >= 50000)
big = None
gc.collect()
print(gc.mem_alloc() - before < 50000, gc.mem_free() + gc.mem_alloc() >= 1000000)
print(gc.threshold())
