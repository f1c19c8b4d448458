# oracle: skip (a module imports_packages.py imports, not a test itself)
A = "a-early"
import impcirc_b
b_saw = impcirc_b.saw
A = "a-late"
