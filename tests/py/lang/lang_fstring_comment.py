# A "#" inside an f-string field starts a comment that swallows the rest of the
# field, so an unterminated one is a SyntaxError; in a spec or a string it is text.
x = 5
print(f"{x}#", f"#{x}", f"{'#'}", f"{x:#x}", f"{x!r:>#4}")
for src in ("f'{#}'", "f'{x#}'", "f'{x # c}'"):
    try:
        print(eval(src))
    except SyntaxError:
        print("SyntaxError", src)
print(f"""{x # note
}""")
