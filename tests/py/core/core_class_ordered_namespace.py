# A class built by type() from an OrderedDict keeps that mapping's order (and
# type) in its __dict__, as MicroPython keeps the dict as the class's own.
from collections import OrderedDict

A = type("A", (), OrderedDict(zeta=1, alpha=2, mid=3, beta=4))
print([k for k in A.__dict__ if not k.startswith("_")], type(A.__dict__).__name__)
print(A.zeta, A().beta)
