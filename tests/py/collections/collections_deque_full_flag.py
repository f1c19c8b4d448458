# deque(iterable, maxlen, flags): with bit 0 of flags set, pushing onto a full
# deque raises IndexError("full") instead of dropping an item from the far end.
from collections import deque

strict = deque((), 3, 1)
for v in (1, 2, 3):
    strict.append(v)
for push in (strict.append, strict.appendleft):
    try:
        push(99)
    except IndexError as e:
        print("IndexError", e.args)
print(len(strict), strict.popleft(), strict.pop(), len(strict))
strict.appendleft(0)
print(strict.popleft(), strict.popleft())
try:
    strict.pop()
except IndexError as e:
    print("IndexError", e.args)

try:
    deque([1, 2, 3], 2, True)
except IndexError as e:
    print("IndexError from the constructor", e.args)

lossy = deque((), 2, 0)
for v in "abc":
    lossy.append(v)
print(lossy.popleft(), lossy.popleft(), len(lossy))
