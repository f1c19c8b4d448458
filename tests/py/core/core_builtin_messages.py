# Error wording of a few built-ins, as MicroPython gives it: print's sep/end
# must be str, ord of a non-string, reversed of a non-sequence, eval/exec of
# a non-buffer, compile's mode, and dict() of a wrong-length item.
for kwargs in ({"sep": 1}, {"end": None}, {"sep": "-", "end": "!\n"}):
    try:
        print("a", "b", **kwargs)
    except TypeError as e:
        print("TypeError", e)
for code in ("ord(5)", "reversed(5)", "eval(5)", "exec(5)", "compile('1', 'f', 'run')",
             "dict([(1, 2, 3)])", "{}.update([[1]])"):
    try:
        eval(code)
    except (TypeError, ValueError) as e:
        print(code, type(e).__name__, e)
print((258).to_bytes(2, "little"), (258).to_bytes(2, "big"), (258).to_bytes(2, "other"))
