# str methods on non-ASCII text, bytes/bytearray/memoryview
s = "Grüße, 世界! ñ"
print(len(s), s.upper(), s.lower(), s[2], s[-1], s[3:6], s.find("世"), s.index("!"), s.count("ß"))
print(len(s.split()), [len(w) for w in s.split(",")], s.replace("ü", "ue"), s.startswith("Grü"), s.endswith("ñ"))
print(s.center(20, "*"), s.ljust(16, "."), s.rjust(16), "|" + " ü ".strip() + "|", s.partition("世"))
print(s.encode(), len(s.encode()), s.encode().decode() == s, "é".isalpha(), "²".isdigit(), "ü".isupper())
print(list("añb"), "ñ".join(["a", "b", "c"]), "abc" < "abd", "é" > "e", ord("€"), chr(8364), "\u20ac")
print(repr("tab\there\n\x00\x7f\x80é"), ascii("é") if False else "", "%s|%r|%5s|%-5s|" % ("é", "é", "ñ", "ñ"))
print("{:>6}|{:^7}|{:<5}|".format("ñ", "世界", "é"), "x".zfill(4), "-5".zfill(4), "abc".title() if hasattr("", "title") else "")
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
print(len(mv), mv[0], bytes(mv[1:3]), mv[1:3].tobytes() if hasattr(mv, "tobytes") else "")
mv[0] = 97
print(ba, bytes(memoryview(b"xyz")[1:]))
print(str(b"abc", "utf-8"), b"caf\xc3\xa9".decode(), "café".encode("utf-8"), bytes("é", "utf8"))
print(b"%d-%s" % (5, b"x") if False else "", b"a,b".split(b","), b" x ".strip(), b"abc".startswith(b"ab"))
