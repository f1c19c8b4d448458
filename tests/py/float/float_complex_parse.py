# complex() from text: spaces only around the whole number, inf/nan parts,
# underscores between digits, and a bare j.
texts = [
    "3", " 3.5 ", "-2j", "j", "+j", "-J", "4-j", "1e2+2.5e-1j", "inf+nanj",
    "-infinity-2j", "1_000+2_0j", ".5+.5j", "5.-1j",
    "3 + 4j", "3+ 4j", "(3+4j)", "3+4", "3j+4", "1+2j+3", "", "  ", "jj", "1+-2j",
]
for t in texts:
    try:
        print(repr(t), complex(t))
    except ValueError as e:
        print(repr(t), "ValueError:", e)
