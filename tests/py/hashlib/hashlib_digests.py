# hashlib: sha256, sha1, md5 digests, incremental updates, errors
import hashlib, binascii

for name in ("sha256", "sha1", "md5"):
    if not hasattr(hashlib, name):
        print(name, "missing")
        continue
    h = getattr(hashlib, name)
    print(name, binascii.hexlify(h(b"").digest()), binascii.hexlify(h(b"abc").digest()))
    x = h()
    x.update(b"a" * 100)
    x.update(bytearray(b"b"))
    print(binascii.hexlify(x.digest()), len(x.digest()))
    x = h(b"once")
    x.digest()
    try:
        x.update(b"more")
    except Exception as e:
        print(type(e).__name__, e)
    try:
        h("text")
    except Exception as e:
        print(type(e).__name__, e)
