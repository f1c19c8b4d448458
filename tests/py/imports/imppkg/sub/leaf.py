# oracle: skip (a module imports_packages.py imports, not a test itself)
from ..helpers import helper
from . import __name__ as parent_name


def value():
    return helper() + " from " + parent_name
