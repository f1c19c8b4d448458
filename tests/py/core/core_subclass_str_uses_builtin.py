# str()/print() of a builtin subclass that defines only __repr__ still prints
# the builtin value (its base prints itself); repr() uses the override.
class N(int):
    def __repr__(self): return 'N!'
print(N(5), str(N(5)), repr(N(5)), [N(5)], '%s %r' % (N(1), N(2)), '{} {!r}'.format(N(3), N(4)), f'{N(7)}')
class L(list):
    def __repr__(self): return 'L!'
print(L([1]), str(L()), repr(L()))
class E(Exception):
    def __repr__(self): return 'E!'
print(E('x'), str(E('y')), repr(E()))
class A:
    def __repr__(self): return 'A!'
print(A(), str(A()))
class S(str):
    def __repr__(self): return 'S!'
print(S('abc'), repr(S('q')), [S('z')])
class M(N): pass
print(M(9), repr(M(9)))
class T(tuple):
    def __repr__(self): return 'T!'
print(T((1,)), repr(T()))
