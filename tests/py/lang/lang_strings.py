# str methods, bytes/bytearray/memoryview (ASCII: the reference build has no unicode str)
s = "Grusse, Welt! n"
print(len(s), s.upper(), s.lower(), s[2], s[-1], s[3:6], s.find("W"), s.index("!"), s.count("s"))
print(len(s.split()), [len(w) for w in s.split(",")], s.replace("u", "ue"), s.startswith("Gru"), s.endswith("n"))
print(s.center(20), "|" + " u ".strip() + "|", s.partition("W"))
print(s.encode(), len(s.encode()), s.encode().decode() == s, "e".isalpha(), "2".isdigit(), "u".isupper())
print(list("anb"), "n".join(["a", "b", "c"]), "abc" < "abd", "f" > "e", ord("A"), chr(65))
print(repr("tab\there\n\x00\x7f"), "%s|%r|%5s|%-5s|" % ("e", "e", "n", "n"))
print("{:>6}|{:^7}|{:<5}|".format("n", "ab", "e"))
b = b"bytes\x00\xff"
print(b, len(b), b[0], b[-1], b[1:3], b.hex(), bytes.fromhex("41 42"), b.find(b"t"), b.upper() if hasattr(b, "upper") else "")
print(b + b"!", b * 2, b"a" in b, 255 in b, b.split(b"\x00"), b.replace(b"s", b"S"), b.decode("latin-1") if False else "")
ba = bytearray(b"abc")
ba[0] = 65
ba.append(100)
ba.extend(b"ef")
ba += b"g"
print(ba, len(ba), ba[1:], ba.pop() if hasattr(ba, "pop") else "", bytes(ba), list(ba[:2]))
ba[1:3] = b"XYZ"
print(ba, bytearray(3), bytearray([1, 2]), bytes(range(3)), bytes(2))
mv = memoryview(ba)
print(len(mv), mv[0], bytes(mv[1:3]))
mv[0] = 97
print(ba, bytes(memoryview(b"xyz")[1:]))
print(str(b"abc", "utf-8"), b"cafe".decode(), "cafe".encode("utf-8"), bytes("e", "utf8"))
print(b"%d-%s" % (5, b"x") if False else "", b"a,b".split(b","), b" x ".strip(), b"abc".startswith(b"ab"))
