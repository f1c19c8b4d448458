# super() with no arguments is shorthand only inside a method: elsewhere it is
# a call of super, which takes exactly (type, obj).
for code in ("super()", "super(int)", "super(int, 1, 2)"):
    try:
        eval(code)
    except TypeError as e:
        print(code, "->", e)


class Base:
    def who(self):
        return "base"


class Child(Base):
    def who(self):
        return "child of " + super().who()

    try:
        super()
    except TypeError as e:
        print("class body ->", e)


print(Child().who(), super(Child, Child()).who())
try:
    exec("def lonely():\n    return super()")
except SyntaxError as e:
    print("SyntaxError", e)
