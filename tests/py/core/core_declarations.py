# which global/nonlocal declarations and walrus targets MicroPython's compiler refuses
for s in ["x = 1\nglobal x", "def f():\n print(x)\n global x", "def f():\n global x\n global x", "class A:\n x = 1\n global x", "def f():\n def g(): x\n global x", "def f(x):\n def g():\n  nonlocal x\n  global x", "def f():\n [x for x in y]\n global x", "def f():\n x = 1\n nonlocal x", "def f():\n y=1\n def g():\n  y = 2\n  nonlocal y", "[i := 0 for i in x]", "[j := 0 for i in x]", "[(i := 0) for i in x for j in y]", "[[i := 0 for j in y] for i in x]", "def f():\n [i := 0 for i in x]", "def f(a):\n global a", "def f():\n global x\n x = 1", "def f():\n y = 1\n def g():\n  print(y)\n  nonlocal y"]:
    try:
        compile(s, "<s>", "exec"); print(repr(s), "ok")
    except SyntaxError as e:
        print(repr(s), e)
