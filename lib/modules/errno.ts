/**
 * `errno`: the symbolic error numbers MicroPython's errno module offers (Linux
 * values) and `errorcode`, the number-to-name table, which is fixed: Python code
 * reads it but any attempt to change it raises TypeError.
 */

import { registerBuiltinModule } from "./registry.ts";
import type { PyModule } from "../objects/module.ts";
import { PyDict } from "../objects/dict.ts";
import { ERRNO } from "./errno_table.ts";

/** The names MicroPython's errno module carries (errno_table.ts knows a few more for OSError). */
const MODULE_NAMES = [
  "EPERM",
  "ENOENT",
  "EIO",
  "EBADF",
  "EAGAIN",
  "ENOMEM",
  "EACCES",
  "EEXIST",
  "ENODEV",
  "EISDIR",
  "EINVAL",
  "EOPNOTSUPP",
  "EADDRINUSE",
  "ECONNABORTED",
  "ECONNRESET",
  "ENOBUFS",
  "ENOTCONN",
  "ETIMEDOUT",
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "EALREADY",
  "EINPROGRESS",
];

registerBuiltinModule("errno", (m: PyModule) => {
  const errorcode = new PyDict();
  for (const name of MODULE_NAMES) {
    m.dict.setStr(name, ERRNO[name]);
    errorcode.set(ERRNO[name], name);
  }
  errorcode.fixed = true;
  m.dict.setStr("errorcode", errorcode);
});
