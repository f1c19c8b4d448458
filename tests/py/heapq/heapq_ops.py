# heapq: push/pop/heapify keep the smallest first; errors on empty and bad args
import heapq

h = []
for x in (5, 1, 8, 3, 9, 2, 7):
    heapq.heappush(h, x)
print(h, [heapq.heappop(h) for _ in range(3)], h)
l = [9, 4, 7, 1, 0, 3]
heapq.heapify(l)
print(l, heapq.heappop(l))
print(heapq.heappushpop(l, 5) if hasattr(heapq, "heappushpop") else "-", l)
t = [(2, "b"), (1, "a"), (3, "c")]
heapq.heapify(t)
print(heapq.heappop(t), t)
for fn, args in ((heapq.heappop, ([],)), (heapq.heappush, ((), 1)), (heapq.heapify, ("abc",))):
    try:
        print(fn(*args))
    except Exception as e:
        print(type(e).__name__, e)
