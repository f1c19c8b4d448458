# oracle: skip (part of rebindpkg)
def tool():
    return "tool() called"
