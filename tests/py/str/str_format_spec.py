# The format-spec mini-language for int, bool, float and str.


def show(spec, *values):
    out = []
    for v in values:
        try:
            out.append(repr(("{:" + spec + "}").format(v)))
        except Exception as e:
            out.append(type(e).__name__ + ": " + str(e))
    print(repr(spec), " ".join(out))


ints = (0, 7, -7, 1234567, -1234567, 2**70, True)
for spec in (
    "d", "5", "<5", "^6", "=8", "x<8", "*^9", "+", " ", "-", "+08", "08", "#x", "#X", "#o", "#b",
    "#010x", "x", "X", "o", "b", "n", ",", "_", ",d", "_x", "_b", ",x", ",o", "010,", "012_x",
    "e", "f", ".2f", "%", "g", ".3", "10.2e", "s", "<<5", "z", ",_", "5,", ",5", "5.2,",
    "1000", "", " 5", "  5", "+#5", "#+5", "0=10", "0<8", "^010",
):
    show(spec, *ints)
for spec in ("c", "#c", "5c", "<5c", "^5c", "05c", "=5c", "+c"):
    show(spec, 0, 65, 126, True)

floats = (0.0, -0.0, 1.5, -2.25, 0.1234567, 1234567.5, 1e16, 1e-5, 1e22, float("inf"), float("nan"))
for spec in (
    "", "10", "<10", "^10", "=10", "+", " ", "010", ".0", ".1", ".3", ".10", "e", "E", ".2e", "f",
    "F", ".0f", ".3f", "g", "G", ".3g", "n", "%", ".1%", "#", "#.0f", ",", "_", ",.2f", "+010.3f",
    "d", "x", "s", "c", "12.4", "-^12.2%",
):
    show(spec, *floats)

strs = ("", "a", "bcd", "a longer string")
for spec in (
    "s", "5", "<5", ">5", "^5", "^6", "x^7", "05", "010s", ".2", ".0", "5.1", "#s", ",s", "-s",
    "+s", " s", "=5", "d", "x", "c", "e",
):
    show(spec, *strs)

show("5", None, [1], (1,))
show("d", None, [1])
show("s", None)
