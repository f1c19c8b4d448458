# break/continue/return inside a finally body that runs because of a return
def g():
    for i in range(3):
        try:
            return i
        finally:
            if i == 0:
                continue
print(g())
def h():
    while True:
        try:
            return "r"
        finally:
            break
    return "after break"
print(h())
def k():
    try:
        return "first"
    finally:
        return "second"
print(k())
def m():
    for i in range(2):
        try:
            try:
                return i
            finally:
                print("inner fin", i)
        finally:
            print("outer fin", i)
            if i == 0:
                continue
    return "done"
print(m())
def w():
    class CM:
        def __enter__(self): return self
        def __exit__(self, *a): print("exit")
    for i in range(2):
        with CM():
            try:
                return i
            finally:
                if i == 0:
                    continue
print(w())
def n():
    for x in [1, 2]:
        for y in [3, 4]:
            try:
                return x, y
            finally:
                if y == 3:
                    break
    return "none"
print(n())
