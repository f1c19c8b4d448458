# execfile() runs a file's source in the caller's globals (or given ones), reading it through
# the VFS: here from a small file system mounted by the program itself.
import io
import vfs


class DictFS:
    def __init__(self, files):
        self.files = files

    def mount(self, readonly, mkfs):
        pass

    def umount(self):
        pass

    def open(self, path, mode):
        print("open", path, mode)
        if path not in self.files:
            raise OSError(2)
        return io.BytesIO(self.files[path])


vfs.mount(DictFS({"/setup.py": b"LIMIT = 3 * 7\nprint('setup ran', __name__ == NAME)\n"}), "/cfg")
NAME = __name__
execfile("/cfg/setup.py")
print(LIMIT)
scope = {"NAME": "other"}
execfile("/cfg/setup.py", scope)
print(scope["LIMIT"], "LIMIT" in scope)
try:
    execfile("/cfg/absent.py")
except OSError as e:
    print("OSError", e.errno)
try:
    execfile(b"/cfg/setup.py")
except TypeError:
    print("TypeError")
vfs.umount("/cfg")

# a str has the buffer protocol (read-only UTF-8 bytes), as in MicroPython
view = memoryview("añb")
print(len(view), bytes(view[1:3]))
try:
    view[0] = 65
except TypeError:
    print("read-only")
