/**
 * A Deno program scripted by user plug-ins in Python. Each plug-in in
 * plugins/ gets its own sandboxed VM with an `app` module of JS functions
 * (sync and async); the host calls each plug-in's hooks, which may themselves
 * await the host's Promises, and awaits their coroutines in turn.
 *
 *   deno run --allow-read examples/scripting/main.ts [plugins-dir]
 */

import { type PyProxy, PythonError, VM } from "../../mod.ts";

const users = new Map([[1, { name: "Ada", karma: 12 }], [2, { name: "Linus", karma: 7 }]]);
const log: string[] = [];

/** The host API plug-ins import as `app`. */
const app = {
  version: "1.0",
  /** Async: a lookup that would hit a database. */
  getUser: async (id: number) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const user = users.get(id);
    if (user === undefined) throw new Error(`no user ${id}`);
    return user;
  },
  log: (text: string) => void log.push(text),
};

interface Plugin {
  name: string;
  vm: VM;
  hooks: Record<string, PyProxy>;
}

async function loadPlugin(path: string, name: string): Promise<Plugin> {
  const vm = new VM({
    sandbox: true,
    modules: { app },
    stdout: (text) => log.push(`[${name}] ${text.trimEnd()}`),
  });
  await vm.exec(await Deno.readTextFile(path), { filename: name + ".py" });
  const hooks: Record<string, PyProxy> = {};
  for (const hook of ["on_message", "describe"]) {
    const fn = vm.getGlobal(hook);
    if (fn !== undefined) hooks[hook] = fn as PyProxy;
  }
  return { name, vm, hooks };
}

const dir = Deno.args[0] ?? new URL("./plugins", import.meta.url).pathname;
const plugins: Plugin[] = [];
for await (const entry of Deno.readDir(dir)) {
  if (entry.isFile && entry.name.endsWith(".py")) {
    plugins.push(await loadPlugin(`${dir}/${entry.name}`, entry.name.slice(0, -3)));
  }
}
plugins.sort((a, b) => a.name.localeCompare(b.name));

for (const plugin of plugins) {
  const describe = plugin.hooks.describe;
  if (describe) console.log(`${plugin.name}: ${await describe()}`);
}

for (
  const message of [{ from: 1, text: "hello" }, { from: 2, text: "spam spam" }, {
    from: 9,
    text: "?",
  }]
) {
  // Every plug-in handles the message concurrently; each hook is an async def (a Promise here).
  const replies = await Promise.all(plugins.map(async (plugin) => {
    const hook = plugin.hooks.on_message;
    if (!hook) return null;
    try {
      return await hook(message);
    } catch (e) {
      return e instanceof PythonError ? `${plugin.name} failed: ${e.message}` : String(e);
    }
  }));
  console.log(JSON.stringify(message), "->", JSON.stringify(replies));
}
console.log(log.join("\n"));
for (const plugin of plugins) await plugin.vm.close();
