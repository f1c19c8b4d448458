/**
 * Calls into the board at the cost of one round trip each, or many calls in one round trip:
 * the layer a remote `machine` (a HAL adapter) sits on.
 *
 * The agent is a handle table defined on the board (`_upy_o`, a dict from small ints to
 * objects). `create("machine.Pin", [25, 1])` builds an object there and returns a `RemoteRef`;
 * a ref passed as an argument or a call target becomes `_upy_o[n]` in the code sent, so a Pin
 * lives on the board while the host holds a number. Arguments travel as Python literals
 * (see literal.ts) and results come back through `repr()`.
 *
 * A batch gathers calls and sends them as one program that evaluates them in order and prints
 * one list; the board compiles one small program instead of many, and the link carries one
 * request and one reply. Errors stop the batch at the failing call, as sequential calls would.
 *
 * When the table is missing (first use, or a soft reset wiped it) the NameError is caught, the
 * table defined and the program retried.
 */

import { BoardExceptionError } from "./errors.ts";
import { parsePythonRepr, PyExpression, toPython } from "./literal.ts";
import type { ExecOptions, RawRepl } from "./raw_repl.ts";

/** An object living on the board, named by its slot in the agent's handle table. */
export class RemoteRef extends PyExpression {
  readonly id: number;
  constructor(id: number) {
    super(`_upy_o[${id}]`);
    this.id = id;
  }
  /** `ref.attr("value")` names the bound method or attribute on the board. */
  attr(name: string): PyExpression {
    if (!/^[A-Za-z_]\w*$/.test(name)) throw new TypeError(`not an attribute name: ${name}`);
    return new PyExpression(`${this.source}.${name}`);
  }
}

/** A call target: a dotted name on the board (`"machine.freq"`), an expression or a ref. */
export type CallTarget = string | PyExpression;

export interface CallSpec {
  target: CallTarget;
  args?: readonly unknown[];
  /** Keyword arguments (`{ mode: new PyExpression("machine.Pin.OUT") }`). */
  kwargs?: Readonly<Record<string, unknown>>;
}

const AGENT_SOURCE = `_upy_o={}
_upy_c=[0]
def _upy_k(v):
 _upy_c[0]+=1;_upy_o[_upy_c[0]]=v;return _upy_c[0]
`;

export class BoardAgent {
  readonly #repl: RawRepl;

  constructor(repl: RawRepl) {
    this.#repl = repl;
  }

  /** `target(*args, **kwargs)` on the board; resolves to the parsed repr of the result. */
  async call(
    target: CallTarget,
    args: readonly unknown[] = [],
    kwargs: Readonly<Record<string, unknown>> = {},
    options: ExecOptions = {},
  ): Promise<unknown> {
    const text = await this.#run(`print(repr(${callSource({ target, args, kwargs })}))`, options);
    return parsePythonRepr(text);
  }

  /** Builds an object on the board and keeps it in the handle table. */
  async create(
    target: CallTarget,
    args: readonly unknown[] = [],
    kwargs: Readonly<Record<string, unknown>> = {},
  ): Promise<RemoteRef> {
    const text = await this.#run(`print(_upy_k(${callSource({ target, args, kwargs })}))`);
    return new RemoteRef(Number(text.trim()));
  }

  /** Drops the board's reference so the object can be collected. */
  async release(ref: RemoteRef): Promise<void> {
    await this.#run(`_upy_o.pop(${ref.id},None)`);
  }

  /** Runs all calls in one round trip; returns their results in order. */
  async batch(calls: readonly CallSpec[], options: ExecOptions = {}): Promise<unknown[]> {
    if (calls.length === 0) return [];
    const body = calls.map(callSource).join(",\n");
    const text = await this.#run(`print(repr([\n${body}]))`, options);
    const values = parsePythonRepr(text);
    return Array.isArray(values) ? values : [values];
  }

  async #run(code: string, options: ExecOptions = {}): Promise<string> {
    try {
      return await this.#repl.exec(code, options);
    } catch (error) {
      if (
        error instanceof BoardExceptionError && error.exceptionType === "NameError" &&
        /_upy_[ock]\b/.test(error.exceptionMessage)
      ) {
        await this.#repl.exec(AGENT_SOURCE);
        return await this.#repl.exec(code, options);
      }
      throw error;
    }
  }
}

/** Python source of one call. */
export function callSource(spec: CallSpec): string {
  const target = typeof spec.target === "string" ? dottedName(spec.target) : spec.target.source;
  const parts = (spec.args ?? []).map(toPython);
  for (const [name, value] of Object.entries(spec.kwargs ?? {})) {
    if (!/^[A-Za-z_]\w*$/.test(name)) throw new TypeError(`not a keyword name: ${name}`);
    parts.push(`${name}=${toPython(value)}`);
  }
  return `${target}(${parts.join(",")})`;
}

function dottedName(name: string): string {
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(name)) {
    throw new TypeError(`not a dotted Python name: ${name} (use a PyExpression for other code)`);
  }
  return name;
}
