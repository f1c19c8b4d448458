# f-strings: nesting, format specs, conversions, `=`, and specs built from fields
x = 3.14159
n = 42
s = "hello"
print(f"{x:.2f}|{x:10.3f}|{x:<10.1f}|{x:+.0f}")
print(f"{n:05d}|{n:x}|{n:#X}|{n:b}|{n:o}|{n:,}")
print(f"{s!r}|{s:>8}|{s:*^9}|{s!s:.2}")
w, p = 10, 3
print(f"{x:{w}.{p}f}|{x:{w}}|{n:{'>'}{w}}")
print(f"{x=}", f"{s=!r}", f"{n=:04d}", f"{x=:.2f}")
inner = f'{n:>4}'
print(f"{'nested ' + inner}")
print(f"{[i * 2 for i in range(3)]}", f"{ {'a': 1}['a'] }")
print(f"{{literal}} {n}")
inc = lambda v: v + 1
print(f"{n if n > 3 else -n}", f"{inc(n)}")
d = {"k": "v"}
print(f"{d['k']}", f'{d["k"]}')
print(f"{3 + 4j}", f"{1e100}", f"{-0.0}", f"{float('inf')}")
print(f"{n!r:>6}", f"{'x'!r:^7}")
print(f"{'a' 'b'}", f"a" f"b{n}" "c")
print(f"""multi
{n}
line""")
