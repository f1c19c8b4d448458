# oracle: skip (a module imports_packages.py imports, not a test itself)
def helper():
    return "helped"
