# Scores messages; a JS error from the host is an ordinary Python exception here.
import app

BANNED = {"spam"}


def describe():
    return "flags banned words"


async def on_message(message):
    words = message["text"].split()
    hits = sum(1 for w in words if w in BANNED)
    try:
        user = await app.getUser(message["from"])
        karma = user["karma"]
    except JSError as e:
        print("unknown sender:", e)
        karma = 0
    return {"hits": hits, "flag": hits * 10 > karma}
