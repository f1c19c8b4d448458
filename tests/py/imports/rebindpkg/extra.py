# oracle: skip (part of rebindpkg)
VALUE = "extra module"
