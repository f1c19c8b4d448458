# Old `u`-prefixed names still reach the extensible built-ins (and sys); other built-ins have no
# such alias, so a `try: import uX` fallback picks the plain name instead.
import utime, ujson, ustruct, usys

print(utime.__name__, ujson.__name__, ustruct.__name__, usys is __import__("sys"))
for name in ("umath", "ucmath", "ugc", "umicropython", "ubuiltins", "udeflate"):
    try:
        __import__(name)
        print(name, "imported")
    except ImportError as e:
        print(name, "->", e)

try:
    import umath as math
except ImportError:
    import math
print(math.__name__, math.floor(2.5))
