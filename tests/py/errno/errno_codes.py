# errno: names, errorcode, and OSError's message for named and unnamed codes
import errno

print(errno.EPERM, errno.EEXIST, errno.EAGAIN, errno.EINVAL == 22 or errno.EINVAL)
print(errno.errorcode[errno.EEXIST], errno.errorcode.get(99999))
names = sorted(n for n in dir(errno) if n.startswith("E"))
print(len(names), names[:5], all(errno.errorcode[getattr(errno, n)] == n for n in names))
print(OSError(errno.EEXIST), repr(OSError(errno.EEXIST)), OSError(errno.ENOENT, "file"), OSError(12345))
try:
    raise OSError(errno.EIO)
except OSError as e:
    print(e.errno == errno.EIO, e.args)
