/** examples/scripting runs its Python plug-ins end to end, async calls both ways. */

import { equal } from "node:assert/strict";

Deno.test("the scripting example's plug-ins call back into JS and are awaited", async () => {
  const root = new URL("..", import.meta.url).pathname;
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "examples/scripting/main.ts"],
    cwd: root,
  }).output();
  const text = new TextDecoder().decode(stdout);
  equal(code, 0, new TextDecoder().decode(stderr));
  // The moderator's dict reaches JS in the order it iterates in, MicroPython's: "flag" first.
  equal(
    text,
    `greeter: greets users (app 1.0)
moderator: flags banned words
{"from":1,"text":"hello"} -> ["Hello, Ada!",{"flag":false,"hits":0}]
{"from":2,"text":"spam spam"} -> ["Hello, Linus!",{"flag":true,"hits":2}]
{"from":9,"text":"?"} -> ["greeter failed: JSError: Error: no user 9",{"flag":false,"hits":0}]
greeted Ada
greeted Linus
[moderator] unknown sender: Error: no user 9
`,
  );
});
