/**
 * Printing an exception the way MicroPython's unix port does:
 *   Traceback (most recent call last):
 *     File "prog.py", line 3, in <module>
 *   ValueError: message
 */

import { PyBaseException } from "../objects/exception.ts";
import { exceptionMessage } from "../objects/exception_slots.ts";

export function formatException(exc: PyBaseException): string {
  // An exception that never passed through a frame (made but not raised, or raised by the REPL
  // itself, like a raw-paste interrupted before anything ran) has no header, as in MicroPython.
  let out = exc.traceback.length > 0 ? "Traceback (most recent call last):\n" : "";
  for (let i = exc.traceback.length - 1; i >= 0; i--) {
    const entry = exc.traceback[i];
    out += `  File "${entry.filename}", line ${entry.line}`;
    out += entry.name === "" ? "\n" : `, in ${entry.name}\n`;
  }
  return out + formatExceptionOnly(exc);
}

export function formatExceptionOnly(exc: PyBaseException): string {
  let message: string;
  try {
    message = exceptionMessage(exc);
  } catch {
    message = "<exception str() failed>";
  }
  return `${exc.type.name}: ${message}\n`;
}
