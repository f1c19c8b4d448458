# A subclass's __repr__/__str__ may call its builtin base's (int.__repr__(self),
# list.__repr__(self), ...): that gives the builtin's text, not a recursion.
# The 1.27 reference has no int.__repr__ at all, so this .exp was written by
# hand (it matches CPython).
class Tagged(int):
    def __repr__(self):
        return "Tagged(" + int.__repr__(self) + ")"


print(repr(Tagged(5)), repr(Tagged(-3)), [Tagged(1)], Tagged(5) + 1)


class Bag(list):
    def __repr__(self):
        return "Bag" + list.__repr__(self)


print(repr(Bag([1, "a"])), repr(Bag()))


class Table(dict):
    def __repr__(self):
        return "Table" + dict.__repr__(self)


print(repr(Table(k=1)))


class Oops(Exception):
    def __str__(self):
        return "oops: " + Exception.__str__(self)


print(Oops("disk"), str(Oops(1)))
print(int.__repr__(7), str.__repr__("q"), list.__repr__([2]))
