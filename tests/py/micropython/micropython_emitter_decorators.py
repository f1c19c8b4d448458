# oracle: skip -- the WebAssembly reference has no native emitter, so it rejects
# @micropython.native/viper; expected output written by hand for the unix port, where
# they (and @micropython.bytecode) are compile-time decorators that need no import,
# and any other @micropython.<name> is a SyntaxError.


@micropython.native
def add(a, b):
    return a + b


@micropython.viper
def double(x: int) -> int:
    return x * 2


@micropython.bytecode
def greet(name):
    return "hi " + name


print(add(2, 3), double(21), greet("pico"))
print("micropython" in globals())

for source in (
    "@micropython.turbo\ndef f(): pass",
    "@micropython.native.extra\ndef f(): pass",
    "@micropython.asm_thumb\ndef f(): pass",
):
    try:
        exec(source)
        print("compiled")
    except SyntaxError as e:
        print("SyntaxError:", e)

import micropython as mp

try:
    exec("@mp.turbo\ndef f(): pass")
except AttributeError as e:
    print("AttributeError:", e)
