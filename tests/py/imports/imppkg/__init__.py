# oracle: skip (a module imports_packages.py imports, not a test itself)
print("init imppkg")
NAME = "imppkg"
__all__ = ["public_one"]
public_one = 1
public_two = 2
from .helpers import helper
