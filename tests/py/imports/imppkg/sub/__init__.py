# oracle: skip (a module imports_packages.py imports, not a test itself)
print("init sub", __name__)
