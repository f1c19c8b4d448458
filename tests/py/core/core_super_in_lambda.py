# A zero-argument super() in a lambda compiles (MicroPython rejects it at compile
# time only in a def without parameters) and fails when the lambda runs.
f = lambda: super()
try:
    f()
except TypeError as e:
    print("TypeError:", e)
try:
    exec("def g():\n    return super()")
except SyntaxError as e:
    print("SyntaxError:", e)


class Base:
    def who(self):
        return "base"


class Child(Base):
    def who(self):
        return (lambda: "child of " + super(Child, self).who())()


print(Child().who())
