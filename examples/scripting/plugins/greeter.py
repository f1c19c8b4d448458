# Greets known users by name; the user lookup is an async JS function.
import app


def describe():
    return "greets users (app " + app.version + ")"


async def on_message(message):
    user = await app.getUser(message["from"])
    app.log("greeted " + user["name"])
    return "Hello, %s!" % user["name"]
