# Reading a user descriptor through its class gives the descriptor object itself
# (MicroPython runs __get__ only for reads through an instance); builtin
# descriptors (property, classmethod, staticmethod) behave as usual.
class Loud:
    def __get__(self, obj, owner):
        return "got via " + type(obj).__name__

    def __set__(self, obj, value):
        print("set", value)


class Holder:
    field = Loud()

    @property
    def prop(self):
        return 7

    @classmethod
    def make(cls):
        return cls.__name__


print(Holder.field is Holder.__dict__["field"], type(Holder.field).__name__)
print(Holder().field)
h = Holder()
h.field = 3
print(type(Holder.prop).__name__, Holder().prop, Holder.make(), h.make())
