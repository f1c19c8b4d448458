# oracle: skip (a package imports_submodule_binding.py imports, not a test itself)
# The package replaces its submodule's name with the function of the same name.
from .tool import tool
