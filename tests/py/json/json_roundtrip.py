# json: dumps/loads round trips, separators, dump/load to streams, errors
import json, io

values = [None, True, False, 0, -12, 3.5, 1e100, "", "a\"b\\c\n\t\u00e9\u1234", [], {}, [1, [2, [3]]],
          {"a": 1, "b": [True, None]}, (1, 2), 2**70]
for v in values:
    s = json.dumps(v)
    print(s, json.loads(s))
print(json.dumps({"a": 1, "b": 2}, separators=(",", ":")))
print(json.dumps([1, 2], separators=("; ", "= ")))
buf = io.StringIO()
json.dump({"k": [1, 2]}, buf)
print(buf.getvalue())
print(json.load(io.StringIO('{"x": [1, 2.5, "s"]}')))
print(json.loads(b'[1, 2]'), json.loads(bytearray(b'"x"')))
print(json.loads(" [ 1 , { \"a\" : null } ] "), json.loads("-0.5e3"), json.loads('"\\u0041\\n"'))
for bad in ("", "[", "{", "[1,]", "{'a': 1}", "tru", "nul", "1 2", '"abc', "[1 2]", "{\"a\" 1}", "01", "\"\\x\""):
    try:
        print(repr(bad), json.loads(bad))
    except ValueError as e:
        print(repr(bad), type(e).__name__, e)
for bad in ({1: 2}, {(1,): 2}, float("nan"), b"x"):
    try:
        print(json.dumps(bad))
    except Exception as e:
        print(type(e).__name__, e)
try:
    json.loads(12)
except Exception as e:
    print(type(e).__name__, e)
