# oracle: skip (a module imports_packages.py imports, not a test itself)
import impcirc_a
saw = impcirc_a.A
B = "b"
