/**
 * The `js` module: Python's view of a JS namespace (`globalThis` unless the
 * embedder gives another object). A VM has it only when its capabilities grant
 * it, since it reaches everything the host can (fetch, timers, Deno...).
 *
 *   import js
 *   js.console.log("from Python")
 *   now = js.Date.new()
 */

import type { PyModule } from "../objects/module.ts";
import { native } from "../objects/function.ts";
import { asStr } from "../objects/str.ts";
import { PyAttributeError, raise } from "../objects/exception.ts";
import { PyJsProxy } from "./js_proxy.ts";
import { toPython } from "./convert.ts";
import { jsErrorToPython } from "./errors.ts";

export function jsModuleInit(namespace: object): (module: PyModule) => void {
  return (module) => {
    module.dict.setStr("globalThis", new PyJsProxy(namespace, undefined));
    // Other attributes are read live from the namespace (PEP 562's module __getattr__).
    module.dict.setStr(
      "__getattr__",
      native("__getattr__", 1, 1, (a) => {
        const name = asStr(a[0]) ?? "";
        let value: unknown;
        try {
          if (!(name in namespace)) {
            raise(PyAttributeError, `module 'js' has no attribute '${name}'`);
          }
          value = (namespace as Record<string, unknown>)[name];
        } catch (e) {
          throw jsErrorToPython(e);
        }
        return typeof value === "function" ? new PyJsProxy(value, namespace) : toPython(value);
      }),
    );
  };
}
