# Repeating a str/bytes so far that its byte size passes a 64-bit size_t is
# OverflowError; a size that fits but cannot be allocated is MemoryError. The
# reference is a 32-bit WebAssembly build, so this .exp is written by hand for
# MicroPython's 64-bit unix port (sys.maxsize == 2**63 - 1).
import sys


def attempt(seq, times):
    try:
        seq * times
        return "no error"
    except OverflowError:
        return "OverflowError"
    except MemoryError:
        return "MemoryError"


print(sys.maxsize == 2**63 - 1)
print(attempt("abc", sys.maxsize), attempt(b"abc", sys.maxsize))
print(attempt("ab", sys.maxsize), attempt(b"ab", sys.maxsize))
print(attempt(bytearray(b"xyz"), sys.maxsize))
print(attempt("a", 2**64), attempt("", sys.maxsize), attempt("q", -sys.maxsize))
print("ab" * 3, b"-" * 4)
