# oracle: skip -- the WebAssembly reference has no io.IOBase; expected output written by hand
# from the unix port's import protocol (stat, open, ioctl buffer size, readinto, ioctl close).
import io
import sys
import vfs


class Stream(io.IOBase):
    def __init__(self, data, chunk):
        self.data = data
        self.pos = 0
        self.chunk = chunk
        self.calls = 0

    def readinto(self, buf):
        self.calls += 1
        n = min(len(buf), len(self.data) - self.pos)
        buf[:n] = self.data[self.pos : self.pos + n]
        self.pos += n
        return n

    def ioctl(self, req, arg):
        print("ioctl", req, arg)
        if req == 11:
            return self.chunk
        return 0


class DictFS:
    def __init__(self, files, chunk):
        self.files = files
        self.chunk = chunk
        self.last = None

    def mount(self, readonly, mkfs):
        pass

    def umount(self):
        pass

    def stat(self, path):
        print("stat", path)
        if path in self.files:
            return (0x8000, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        raise OSError(2)

    def open(self, path, mode):
        print("open", path, mode)
        self.last = Stream(self.files[path], self.chunk)
        return self.last


fs = DictFS(
    {
        "/greet.py": b"WORD = 'hello from a mounted file system'\n",
        "/bad.py": b"def (:\n",
        "/compiled.mpy": b"M\x06",
    },
    8,
)
vfs.mount(fs, "/dictfs")
sys.path.append("/dictfs")

import greet

print(greet.WORD, fs.last.calls > 1)
try:
    import bad
except SyntaxError:
    print("SyntaxError, file closed first")
try:
    import compiled
except ValueError as e:
    print("ValueError", e)
try:
    import missing
except ImportError as e:
    print("ImportError", e)

sys.path.pop()
vfs.umount("/dictfs")
