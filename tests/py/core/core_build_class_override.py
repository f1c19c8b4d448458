# Overriding builtins.__build_class__ changes what a class statement does,
# and restoring it brings classes back.
import builtins

saved = builtins.__build_class__
seen = []


def recording(body, name, *bases):
    seen.append(name)
    return saved(body, name, *bases)


builtins.__build_class__ = recording


class Point:
    x = 1


class Point3(Point):
    z = 3


builtins.__build_class__ = lambda body, name: "not a class: " + name


class Odd:
    pass


builtins.__build_class__ = saved


class Normal:
    pass


print(seen, Point3.x, Point3.z, Odd, Normal.__name__)
