# eval/exec/globals/locals, compile
x = 10
print(eval("x + 1"), eval("y * 2", {"y": 4}), eval("a + b", {"a": 1}, {"b": 2}))
ns = {}
exec("z = 5\ndef f():\n    return z * 2", ns)
print(ns["z"], ns["f"]())
exec("x = 20")
print(x)
def loc():
    a = 1
    b = "two"
    return a, b
print(loc())
print("x" in globals(), globals()["x"], type(globals()).__name__)
code = compile("1 + 2", "<str>", "eval")
print(eval(code))
code = compile("print('exec mode')", "<str>", "exec")
exec(code)
try:
    eval("1 +")
except SyntaxError as e:
    print("SyntaxError")
try:
    exec("undefined_name")
except NameError as e:
    print("NameError", e)
g = {"__builtins__": __builtins__} if False else {}
exec("import sys\nr = sys.byteorder", g)
print(g["r"])
print(eval("[i for i in range(3)]"), eval("(lambda q: q * 3)(2)"))
