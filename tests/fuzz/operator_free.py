# Operators as functions (upy has no `operator` module to lean on), for no_js_errors.py.

def _sub(a, b):
    return a[b]

def _aug_add(a, b):
    a += b
    return a

def _aug_mul(a, b):
    a *= b
    return a

BINARY = [
    ("+", lambda a, b: a + b), ("-", lambda a, b: a - b), ("*", lambda a, b: a * b),
    ("/", lambda a, b: a / b), ("//", lambda a, b: a // b), ("%", lambda a, b: a % b),
    ("**", lambda a, b: a ** b), ("<<", lambda a, b: a << b), (">>", lambda a, b: a >> b),
    ("&", lambda a, b: a & b), ("|", lambda a, b: a | b), ("^", lambda a, b: a ^ b),
    ("@", lambda a, b: a @ b), ("<", lambda a, b: a < b), ("<=", lambda a, b: a <= b),
    ("==", lambda a, b: a == b), ("!=", lambda a, b: a != b), (">", lambda a, b: a > b),
    ("in", lambda a, b: a in b), ("is", lambda a, b: a is b), ("[]", _sub),
    ("+=", _aug_add), ("*=", _aug_mul), ("%fmt", lambda a, b: "%s %d" % (a, b)),
    ("divmod", divmod), ("format", lambda a, b: format(a, str(b))),
]

UNARY = [
    ("-", lambda a: -a), ("+", lambda a: +a), ("~", lambda a: ~a), ("not", lambda a: not a),
    ("hash", hash), ("len", len), ("iter", lambda a: list(iter(a))), ("str", str), ("repr", repr),
    ("bool", bool), ("abs", abs), ("f-str", lambda a: f"{a!r:>10}"),
]
